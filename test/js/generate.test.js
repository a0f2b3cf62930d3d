'use strict';
// Generation through the JS API and the CLI, with the bad inputs users actually produce.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ggen = require('../../lib');
const { runCli } = require('./helpers/run');

let dir;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-gen-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (rel, text) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};
const read = (rel) => fs.readFileSync(path.join(dir, rel), 'utf8');
const exists = (rel) => fs.existsSync(path.join(dir, rel));
const cli = (args, opts = {}) => runCli(args, { cwd: dir, ...opts });

describe('ggen.generate', () => {
  test('renders, reports and is a no-op the second time', async () => {
    write('t/hello.tmpl', '---\nto: "{{ name | kebab }}.md"\n---\n# {{ name | title }}\n');
    const first = await ggen.generate({ root: dir, templates: ['t/hello.tmpl'], output: 'out', vars: { name: 'release notes' } });
    expect(first.mode).toBe('apply');
    expect(first.written).toBe(1);
    expect(first.plan.outputs[0]).toMatchObject({ path: 'release-notes.md', action: 'create', template: 't/hello.tmpl' });
    expect(read('out/release-notes.md')).toBe('# Release Notes\n');
    const second = await ggen.generate({ root: dir, templates: ['t/hello.tmpl'], output: 'out', vars: { name: 'release notes' } });
    expect(second.plan.outputs[0].action).toBe('unchanged');
    expect(second.written).toBe(0);
  });

  test('plan() carries exact bytes and apply() writes them', async () => {
    write('t/a.tmpl', '---\nto: a.txt\n---\nA{{ n }}\n');
    const p = await ggen.plan({ root: dir, templates: ['t/a.tmpl'], output: 'out', vars: { n: 1 } });
    expect(p.outputs[0].content).toBe('A1\n');
    expect(exists('out/a.txt')).toBe(false);
    const r = await ggen.apply(p);
    expect(r.written).toBe(1);
    expect(read('out/a.txt')).toBe('A1\n');
  });

  test('an AbortSignal cancels generation and leaves no file behind', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `<http://x/${i}> a <http://x/C> .`).join('\n');
    write('g.ttl', rows);
    write('t/m.tmpl', '---\nto: "out/{{ row.s | local }}.txt"\nsparql:\n  all: SELECT ?s WHERE { ?s a <http://x/C> }\nmatrix: all\n---\n{% for i in range(end=200) %}{{ i }}{% endfor %}\n');
    const controller = new AbortController();
    const p = ggen.generate({ root: dir, templates: ['t/m.tmpl'], output: 'gen', data: ['g.ttl'], signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(p).rejects.toMatchObject({ code: 'E_CANCELLED' });
    expect(exists('gen')).toBe(false);
  });

  test('onProgress receives coalesced progress: planned for a plan, written when applying', async () => {
    for (let i = 0; i < 5; i++) write(`t/t${i}.tmpl`, `---\nto: f${i}.txt\n---\n${i}\n`);
    const templates = [0, 1, 2, 3, 4].map((i) => `t/t${i}.tmpl`);
    // Progress travels on its own queue and is coalesced (a later phase may replace an earlier
    // one not yet delivered); the last report may land just after the promise.
    const settle = async (seen, phase) => {
      for (let i = 0; i < 200 && !seen.some((p) => p.phase === phase); i++) await new Promise((r) => setTimeout(r, 10));
    };
    const planned = [];
    await ggen.plan({ root: dir, templates, output: 'out', onProgress: (p) => planned.push(p) });
    await settle(planned, 'planned');
    for (const p of planned) expect(p.done).toBeLessThanOrEqual(p.total);
    expect(planned.map((p) => p.phase)).toContain('planned');
    const applied = [];
    await ggen.generate({ root: dir, templates, output: 'out', onProgress: (p) => applied.push(p) });
    await settle(applied, 'written');
    for (const p of applied) expect(p.done).toBeLessThanOrEqual(p.total);
    // Applying reports the files of the batch (the 5 outputs and the manifest), ending with all.
    const last = applied.filter((p) => p.phase === 'written').pop();
    expect(last.done).toBe(last.total);
    expect(last.total).toBe(6);
    await expect(ggen.generate({ root: dir, templates: ['t/t0.tmpl'], onProgress: 5 })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });

  test('bad options are usage errors', async () => {
    await expect(ggen.generate({ root: dir })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(ggen.generate({ root: dir, templates: ['x'], vars: [] })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(ggen.apply(null)).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(ggen.apply({ version: 7 })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });
});

describe('ggen template generate', () => {
  test('--var values keep commas and =; precedence is --var > --vars > defaults', () => {
    write('t.tmpl', '---\nto: out.txt\nvars:\n  a: default-a\n  b: default-b\n  c: default-c\n---\n{{ a }}|{{ b }}|{{ c }}\n');
    write('vars.yaml', 'b: from-file\nc: from-file\n');
    const r = cli(['template', 'generate', '-t', 't.tmpl', '--vars', 'vars.yaml', '--var', 'c=x,y=z']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(read('out.txt')).toBe('default-a|from-file|x,y=z\n');
  });

  test('environment variables do not leak into the context', () => {
    write('t.tmpl', '---\nto: out.txt\n---\n{{ GGEN_SECRET | default(value="absent") }} {{ get_env(name="GGEN_SECRET") }}\n');
    const r = cli(['template', 'generate', 't.tmpl'], { env: { GGEN_SECRET: 's3' } });
    expect(r.code).toBe(0);
    expect(read('out.txt')).toBe('absent s3\n');
  });

  test('--dry-run prints the plan and a diff and writes nothing', () => {
    write('t.tmpl', '---\nto: src/x.txt\n---\nhello\n');
    const r = cli(['template', 'generate', 't.tmpl', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('create    src/x.txt');
    expect(r.stdout).toContain('--- /dev/null\n+++ b/src/x.txt\n@@ -0,0 +1 @@\n+hello\n');
    expect(exists('src')).toBe(false);
  });

  test('--check exits 1 listing stale files, 0 when current', () => {
    write('t.tmpl', '---\nto: x.txt\n---\nv1\n');
    expect(cli(['template', 'generate', 't.tmpl', '--check']).code).toBe(1);
    expect(cli(['template', 'generate', 't.tmpl']).code).toBe(0);
    const ok = cli(['template', 'generate', 't.tmpl', '--check']);
    expect(ok.code).toBe(0);
    write('t.tmpl', '---\nto: x.txt\n---\nv2\n');
    const stale = cli(['template', 'generate', 't.tmpl', '--check', '--json']);
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stdout).changed).toEqual(['x.txt']);
  });

  const bad = [
    ['a missing template', null, ['template', 'generate', 'nope.tmpl'], 'E_NOT_FOUND', null],
    ['bad YAML', '---\nto: [unclosed\n---\nx\n', null, 'E_YAML_SYNTAX', 2],
    ['an unknown frontmatter key', '---\nto: x\ntoo: y\n---\nx\n', null, 'E_FRONTMATTER', 3],
    ['bad SPARQL', '---\nto: x\nsparql:\n  q: SELECT WHERE {\n---\nx\n', null, 'E_SPARQL_SYNTAX', 4],
    ['an undefined variable', '---\nto: x\n---\n\n{{ missing }}\n', null, 'E_UNDEFINED_VARIABLE', 5],
    ['a template syntax error', '---\nto: x\n---\n{% if %}\n', null, 'E_TEMPLATE_SYNTAX', 4],
    ['a path escape', '---\nto: ../escape.txt\n---\nx\n', null, 'E_PATH_ESCAPE', 2],
    ['an absolute path', '---\nto: /tmp/ggen-abs.txt\n---\nx\n', null, 'E_PATH_ESCAPE', 2],
    ['shell without --allow-shell', '---\nto: x\nsh_before: touch pwned\n---\nx\n', null, 'E_SHELL_REFUSED', 3],
    ['an injection anchor that is not there', '---\nto: target.txt\ninject: true\nafter: "^// here$"\n---\nx\n', null, 'E_INJECT_ANCHOR', 4],
    ['a bad --var', '---\nto: x\n---\nx\n', ['template', 'generate', 't.tmpl', '--var', '1abc=2'], 'E_BAD_VAR', null],
  ];
  test.each(bad)('%s: clear error, exit 1, nothing written', (_, template, args, code, line) => {
    write('target.txt', 'existing\n');
    if (template) write('t.tmpl', template);
    write('other.tmpl', '---\nto: other.txt\n---\nother\n');
    const r = cli(args || ['template', 'generate', '-t', 'other.tmpl', '-t', 't.tmpl', '--json']);
    expect(r.code).toBe(1);
    const err = args ? { code: (r.stderr.match(/error\[(\w+)\]/) || [])[1] } : JSON.parse(r.stdout).error;
    expect(err.code).toBe(code);
    if (line) {
      expect(err.file).toBe('t.tmpl');
      expect(err.line).toBe(line);
      expect(err.hint).toBeTruthy();
    }
    expect(exists('other.txt')).toBe(false);
    expect(exists('pwned')).toBe(false);
    expect(read('target.txt')).toBe('existing\n');
  });

  test('human errors show the source line and a caret', () => {
    write('t.tmpl', '---\nto: x.txt\n---\nHello {{ nmae }}\n');
    const r = cli(['template', 'generate', 't.tmpl', '--var', 'name=a']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E_UNDEFINED_VARIABLE]');
    expect(r.stderr).toContain('--> t.tmpl:4:10');
    expect(r.stderr).toContain('4 | Hello {{ nmae }}');
    expect(r.stderr).toContain('did you mean `name`?');
  });

  test('sh_after runs with --allow-shell and its output is in the report', () => {
    write('t.tmpl', '---\nto: x.txt\nsh_after: "wc -c < x.txt"\n---\nabc\n');
    const r = cli(['template', 'generate', 't.tmpl', '--allow-shell', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.shell).toEqual([expect.objectContaining({ phase: 'sh_after', exitCode: 0, stdout: '4\n' })]);
  });
});

describe('ggen project', () => {
  test('init, gen, a hand edit caught by diff and refused by gen, then --force', () => {
    expect(cli(['project', 'init']).code).toBe(0);
    expect(cli(['project', 'init']).code).toBe(1);
    const gen = cli(['project', 'gen', '--json']);
    expect(gen.code).toBe(0);
    expect(JSON.parse(gen.stdout).plan.summary.create).toBe(2);
    fs.appendFileSync(path.join(dir, 'generated/models/order.ts'), '// mine\n');
    const diff = cli(['project', 'diff']);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('-// mine');
    const refused = cli(['project', 'gen']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error[E_CONFLICT]');
    expect(cli(['project', 'gen', '--force']).code).toBe(0);
    expect(read('generated/models/order.ts')).not.toContain('// mine');
  });

  test('ggen.toml is found from a subfolder; a missing one is a clear error', () => {
    expect(cli(['project', 'init']).code).toBe(0);
    fs.mkdirSync(path.join(dir, 'deep/er'), { recursive: true });
    expect(runCli(['project', 'gen', '--quiet'], { cwd: path.join(dir, 'deep/er') }).code).toBe(0);
    const none = runCli(['project', 'gen'], { cwd: os.tmpdir() });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('error[E_PROJECT]');
  });

  test('a bad ggen.toml key is located with a suggestion', () => {
    write('ggen.toml', '[generate]\ntemplate = "t"\n');
    const r = cli(['project', 'gen', '--json']);
    expect(r.code).toBe(1);
    const e = JSON.parse(r.stdout).error;
    expect(e).toMatchObject({ code: 'E_PROJECT', line: 2, column: 1, hint: 'did you mean `templates`?' });
  });

  test('plan -o then apply; apply refuses when an input changed', () => {
    expect(cli(['project', 'init']).code).toBe(0);
    expect(cli(['project', 'plan', '-o', 'plan.json']).code).toBe(0);
    expect(exists('generated')).toBe(false);
    expect(cli(['project', 'apply', 'plan.json']).code).toBe(0);
    expect(exists('generated/models/customer.ts')).toBe(true);
    expect(cli(['project', 'plan', '-o', 'plan2.json']).code).toBe(0);
    fs.appendFileSync(path.join(dir, 'templates/model.tmpl'), '\n');
    const stale = cli(['project', 'apply', 'plan2.json']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('error[E_STALE]');
  });
});

describe('stale outputs', () => {
  const dropOrder = () => {
    const g = read('graphs/domain.ttl').split('\n').filter((l) => !l.startsWith('ex:Order ') && !l.startsWith('ex:total ')).join('\n');
    write('graphs/domain.ttl', g);
  };

  test('a class removed from the graph: delete in --dry-run, plan, --check and --json, then deleted', () => {
    expect(cli(['project', 'init']).code).toBe(0);
    expect(cli(['project', 'gen']).code).toBe(0);
    expect(exists('generated/models/order.ts')).toBe(true);
    dropOrder();
    const dry = cli(['project', 'gen', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/delete\s+models\/order\.ts/);
    expect(dry.stdout).toContain('+++ /dev/null');
    expect(exists('generated/models/order.ts')).toBe(true);
    const check = cli(['project', 'gen', '--check', '--json']);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).changed).toEqual(['models/order.ts']);
    expect(cli(['project', 'plan', '-o', 'plan.json']).code).toBe(0);
    const saved = JSON.parse(read('plan.json'));
    expect(saved.outputs.find((o) => o.path === 'models/order.ts')).toMatchObject({ action: 'delete', sha256: null });
    const gen = cli(['project', 'gen', '--json']);
    expect(gen.code).toBe(0);
    const report = JSON.parse(gen.stdout);
    expect(report.plan.summary.delete).toBe(1);
    expect(report.deleted).toBe(1);
    expect(exists('generated/models/order.ts')).toBe(false);
    expect(exists('generated/models/customer.ts')).toBe(true);
    expect(read('generated/.ggen/generated.json')).not.toContain('order.ts');
  });

  test('a hand-edited stale file is E_CONFLICT (nothing changed) unless --force', () => {
    expect(cli(['project', 'init']).code).toBe(0);
    expect(cli(['project', 'gen']).code).toBe(0);
    fs.appendFileSync(path.join(dir, 'generated/models/order.ts'), '// mine\n');
    dropOrder();
    const refused = cli(['project', 'gen', '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatchObject({ code: 'E_CONFLICT' });
    expect(JSON.parse(refused.stdout).error.message).toContain('models/order.ts');
    expect(read('generated/models/order.ts')).toContain('// mine');
    expect(cli(['project', 'gen', '--force']).code).toBe(0);
    expect(exists('generated/models/order.ts')).toBe(false);
  });
});

describe('ggen template render --data', () => {
  const tmpl = '---\nprefixes: { ex: "http://example.org/" }\nsparql:\n  people: "SELECT ?name WHERE { ?p ex:name ?name } ORDER BY ?name"\n---\n{% for p in sparql_results.people %}{{ p.name }}\n{% endfor %}';

  test('the frontmatter\'s queries run over --data; nothing is written', () => {
    write('people.ttl', '@prefix ex: <http://example.org/> .\nex:a ex:name "Ada" .\nex:b ex:name "Bob" .\n');
    write('t.tmpl', tmpl);
    const r = cli(['template', 'render', 't.tmpl', '--data', 'people.ttl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Ada\nBob\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['people.ttl', 't.tmpl']);
  });

  test('the frontmatter\'s rdf: is used without --data; a matrix prints every row in order', async () => {
    write('t/people.ttl', '@prefix ex: <http://example.org/> .\nex:a ex:name "Ada" .\nex:b ex:name "Bob" .\n');
    write('t/m.tmpl', '---\nto: "{{ row.name }}.txt"\nrdf: people.ttl\nprefixes: { ex: "http://example.org/" }\nsparql:\n  people: "SELECT ?name WHERE { ?p ex:name ?name } ORDER BY ?name"\nmatrix: people\n---\nhi {{ row.name }}\n');
    const r = cli(['template', 'render', 't/m.tmpl', '--context', '-'], { input: '{}' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('hi Ada\nhi Bob\n');
    expect(exists('Ada.txt')).toBe(false);
    await expect(ggen.renderTemplate('t/m.tmpl', { cwd: dir })).resolves.toBe('hi Ada\nhi Bob\n');
  });

  test('bad input: a missing graph, bad Turtle, bad SPARQL', () => {
    write('t.tmpl', tmpl);
    const missing = cli(['template', 'render', 't.tmpl', '--data', 'nope.ttl']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error\[E_(NOT_FOUND|IO)\]/);
    expect(missing.stderr).toContain('nope.ttl');
    write('bad.ttl', '@prefix ex: <http://example.org/> .\nex:a ex:name "unterminated .\n');
    const badTtl = cli(['template', 'render', 't.tmpl', '--data', 'bad.ttl', '--json']);
    expect(badTtl.code).toBe(1);
    expect(JSON.parse(badTtl.stdout).error).toMatchObject({ code: 'E_RDF_SYNTAX', file: 'bad.ttl', line: 2 });
    write('q.tmpl', '---\nsparql:\n  q: SELECT WHERE {\n---\nx\n');
    const badQ = cli(['template', 'render', 'q.tmpl', '--data', 'bad.ttl', '--json']);
    expect(badQ.code).toBe(1);
  });
});

describe('bad input elsewhere: clear errors, nothing written', () => {
  test('template generate with a missing or broken --data graph', () => {
    write('t.tmpl', '---\nto: x.txt\n---\nx\n');
    const missing = cli(['template', 'generate', 't.tmpl', '--data', 'nope.ttl', '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error.message).toContain('nope.ttl');
    write('bad.ttl', '<http://x/a> <http://x/b> .\n');
    const bad = cli(['template', 'generate', 't.tmpl', '--data', 'bad.ttl', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ code: 'E_RDF_SYNTAX', file: 'bad.ttl', line: 1 });
    expect(exists('x.txt')).toBe(false);
  });

  test('project gen with one broken template writes none of the others', () => {
    expect(cli(['project', 'init']).code).toBe(0);
    write('templates/broken.tmpl', '---\nto: [oops\n---\nx\n');
    const r = cli(['project', 'gen', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'E_YAML_SYNTAX', file: 'templates/broken.tmpl', line: 2 });
    expect(exists('generated')).toBe(false);
  });

  test('lint and show on a missing file', () => {
    const lint = cli(['template', 'lint', 'nope.tmpl', '--json']);
    expect(lint.code).toBe(1);
    const show = cli(['template', 'show', 'nope.tmpl']);
    expect(show.code).toBe(1);
    expect(show.stderr).toContain('nope.tmpl');
  });
});

describe('ggen template generate-tree', () => {
  const spec = `name: service
variables: [name, port]
defaults: { port: 8080 }
tree:
  - directory: "{{ name | kebab }}"
    children:
      - file: README.md
        content: "# {{ name | title }} on {{ port }}\\n"
      - file: src/main.rs
        template: parts/main.rs.tera
`;

  test('names and contents are templates; template paths are relative to the spec; defaults satisfy required variables', () => {
    write('specs/service.yaml', spec);
    write('specs/parts/main.rs.tera', 'fn main() { println!("{{ name | snake }}"); }\n');
    const r = cli(['template', 'generate-tree', 'specs/service.yaml', '--var', 'name=Billing Service', '-o', 'out']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(read('out/billing-service/README.md')).toBe('# Billing Service on 8080\n');
    expect(read('out/billing-service/src/main.rs')).toBe('fn main() { println!("billing_service"); }\n');
  });

  test('a missing required variable, an unknown key and an escaping path are located errors', () => {
    write('specs/service.yaml', spec);
    write('specs/parts/main.rs.tera', 'x\n');
    const missing = cli(['template', 'generate-tree', 'specs/service.yaml', '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error).toMatchObject({ code: 'E_TREE_SPEC', line: 2 });
    write('bad.yaml', 'name: x\ntree:\n  - fil: a.txt\n    content: a\n');
    const unknown = JSON.parse(cli(['template', 'generate-tree', 'bad.yaml', '--json']).stdout).error;
    expect(unknown).toMatchObject({ code: 'E_TREE_SPEC', line: 3, hint: 'did you mean `file`?' });
    write('escape.yaml', 'name: x\ntree:\n  - file: ../../x.txt\n    content: a\n');
    const escape = JSON.parse(cli(['template', 'generate-tree', 'escape.yaml', '--json']).stdout).error;
    expect(escape.code).toBe('E_PATH_ESCAPE');
    expect(exists('out')).toBe(false);
  });
});

describe('ggen project new', () => {
  test('copies a template folder, rendering names and .tera files; refuses a non-empty target', () => {
    write('tpl/README.md.tera', '# {{ name | title }} by {{ owner }}\n');
    write('tpl/src/{{ name }}.txt', 'static {{ not rendered }}\n');
    const r = cli(['project', 'new', 'billing', '--from', 'tpl', '--var', 'owner=team-a']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(read('billing/README.md')).toBe('# Billing by team-a\n');
    expect(read('billing/src/billing.txt')).toBe('static {{ not rendered }}\n');
    const again = cli(['project', 'new', 'billing', '--from', 'tpl', '--var', 'owner=x']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('error[E_EXISTS]');
    expect(cli(['project', 'new', 'x', '--from', 'missing']).stderr).toContain('error[E_NOT_FOUND]');
    expect(cli(['project', 'new', 'x']).code).toBe(2);
  });
});
