'use strict';
// Templates without generation: the render API, lint for editors, and the template CLI verbs.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ggen = require('../../lib');
const { runCli } = require('./helpers/run');

let dir;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-tmpl-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (rel, text) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};
const cli = (args, opts = {}) => runCli(args, { cwd: dir, ...opts });

describe('ggen.template.render', () => {
  test('renders with includes, inheritance, macros and filters', async () => {
    const templates = {
      'base.html': '<h1>{% block title %}base{% endblock %}</h1>{% block body %}{% endblock %}',
      'macros.html': '{% macro item(x) %}<li>{{ x | upper }}</li>{% endmacro item %}',
      'row.html': '[{{ r.n }}]',
      'page.html':
        '{% extends "base.html" %}{% import "macros.html" as m %}{% block title %}{{ title }}{% endblock %}' +
        '{% block body %}{% for r in rows %}{% include "row.html" %}{{ m::item(x=r.s) }}{% endfor %}{% endblock %}',
    };
    const out = await ggen.template.render({ templates, name: 'page.html', context: { title: 'T&C', rows: [{ n: 1, s: 'a' }, { n: 2.5, s: 'b' }] } });
    expect(out).toBe('<h1>T&amp;C</h1>[1]<li>A</li>[2.5]<li>B</li>');
  });

  test('autoescape, trimBlocks and lstripBlocks are honoured', async () => {
    const templates = { 't.txt': '{{ x }}' };
    expect(await ggen.template.render({ templates, name: 't.txt', context: { x: '<b>' } })).toBe('<b>');
    expect(await ggen.template.render({ templates, name: 't.txt', context: { x: '<b>' }, autoescape: true })).toBe('&lt;b&gt;');
    const loop = { l: 'a\n  {% for i in xs %}\n{{ i }}\n  {% endfor %}\nb' };
    expect(await ggen.template.render({ templates: loop, name: 'l', context: { xs: [1, 2] }, trimBlocks: true, lstripBlocks: true })).toBe('a\n1\n2\nb');
  });

  test('the same templates render again from the compiled engine, with new data', async () => {
    const templates = { t: '{{ n }}' };
    const outs = await Promise.all([1, 2, 3].map((n) => ggen.template.render({ templates, name: 't', context: { n } })));
    expect(outs).toEqual(['1', '2', '3']);
  });

  test('unicode and escapes in the context survive the trip', async () => {
    const s = 'é 😀 "q" \\ \n\t \u0001';
    expect(await ggen.template.renderString('{{ s }}', { s })).toBe(s);
    expect(await ggen.template.renderString('{{ n }} {{ f }} {{ b }} {{ z is none }}', { n: -3, f: 0.5, b: true, z: null })).toBe('-3 0.5 true true');
  });

  test('large contexts and outputs cross intact (UTF-16 in, external strings out)', async () => {
    // Big enough for the paths that skip copies: a multi-piece JSON string, outputs >4 KB.
    const rows = Array.from({ length: 3000 }, (_, i) => ({ i, s: i % 2 ? `ascii ${i}` : `é中😀 ${i} "q"\\` }));
    const templates = { t: '{% for r in rows %}{{ r.i }}={{ r.s }};{% endfor %}' };
    const expected = rows.map((r) => `${r.i}=${r.s};`).join('');
    expect(await ggen.template.render({ templates, name: 't', context: { rows } })).toBe(expected);
    const ascii = rows.filter((r) => r.i % 2);
    const asciiOut = await ggen.template.render({ templates, name: 't', context: { rows: ascii } });
    expect(asciiOut).toBe(ascii.map((r) => `${r.i}=${r.s};`).join(''));
    // A lone surrogate in the data is escaped by JSON.stringify and comes back unchanged.
    expect(await ggen.template.renderString('{{ s }}', { s: 'a\ud800b' })).toBe('a\ud800b');
    // Many renders in flight share the recycled buffers without mixing them up.
    const outs = await Promise.all([0, 1, 2, 3, 4, 5].map((k) => ggen.template.render({ templates, name: 't', context: { rows: rows.slice(k * 100, k * 100 + 900) } })));
    outs.forEach((o, k) => expect(o).toBe(rows.slice(k * 100, k * 100 + 900).map((r) => `${r.i}=${r.s};`).join('')));
  });

  test('repeated renders of a cached engine see every change, and errors keep code and position', async () => {
    // The first render of an engine compiles it on a worker; the next ones reuse it (small
    // payloads are parsed on the calling thread, rendered on a worker). Either way the promise
    // settles with the same text, and errors reject with their code and position.
    const templates = { t: '{% for x in xs %}{{ x.v }},{% endfor %}{{ tail }}', bad: 'a{{ nope }}' };
    const data = { xs: [{ v: 1 }, { v: 2 }], tail: 'end' };
    const first = ggen.template.render({ templates, name: 't', context: data });
    data.tail = 'changed'; // the payload was serialised at the call: the first render does not see this
    expect(await first).toBe('1,2,end');
    for (let i = 3; i < 8; i++) {
      data.xs.push({ v: i });
      expect(await ggen.template.render({ templates, name: 't', context: data })).toBe(`${data.xs.map((x) => x.v).join(',')},changed`);
    }
    for (let i = 0; i < 3; i++) {
      const err = await ggen.template.render({ templates, name: 'bad', context: data }).catch((e) => e);
      expect(err.code).toBe('E_UNDEFINED_VARIABLE');
      expect(err.message).toContain("'bad'");
      expect(String(err.cause && err.cause.message)).toContain('nope');
      expect(err.line).toBe(1);
      expect(err.stack).toContain('template.test.js');
    }
    await expect(ggen.template.render({ templates, name: 'missing', context: data })).rejects.toMatchObject({ code: 'E_TEMPLATE_NOT_FOUND' });
  });

  test('outputs of 128 KB and more (handed to V8 in their own mapping) arrive intact', async () => {
    const rows = Array.from({ length: 12000 }, (_, i) => ({ i, s: `row number ${i}` }));
    const templates = { t: '{% for r in rows %}{{ r.i }}:{{ r.s }}|{% endfor %}', w: '{% for r in rows %}{{ r.s }}…{% endfor %}' };
    const ascii = rows.map((r) => `${r.i}:${r.s}|`).join('');
    const wide = rows.map((r) => `${r.s}…`).join('');
    expect(ascii.length).toBeGreaterThan(128 * 1024);
    for (let k = 0; k < 3; k++) {
      expect(await ggen.template.render({ templates, name: 't', context: { rows } })).toBe(ascii);
      expect(await ggen.template.render({ templates, name: 'w', context: { rows } })).toBe(wide);
    }
  });

  test('large outputs of changing sizes stay exact while their mappings are recycled', async () => {
    // Mappings come back to a pool when V8 frees their string and are reused by later renders:
    // a shorter page after a longer one must not show the longer one's tail, in either encoding.
    const templates = { t: '{% for r in rows %}{{ r }};{% endfor %}', w: '{% for r in rows %}{{ r }}€{% endfor %}' };
    const keep = [];
    for (const n of [30000, 18000, 40000, 17000, 30000, 18000]) {
      const rows = Array.from({ length: n }, (_, i) => `v${(i * 7) % 1000}`);
      const [t, w] = await Promise.all([
        ggen.template.render({ templates, name: 't', context: { rows } }),
        ggen.template.render({ templates, name: 'w', context: { rows } }),
      ]);
      expect(t).toBe(rows.map((r) => `${r};`).join(''));
      expect(w).toBe(rows.map((r) => `${r}€`).join(''));
      keep.push(t.slice(-8), w.slice(-8)); // the last characters, where stale text would show
      if (global.gc) global.gc();
    }
    expect(keep.every((s) => s.length === 8)).toBe(true);
  });

  test('non-ASCII characters at every offset of a widened block arrive intact', async () => {
    // UTF-16 pages are widened 16 bytes at a time while ASCII: 2-, 3- and 4-byte UTF-8 sequences
    // at each position of a block, and across block ends, in a small page and in a large one.
    const rows = [];
    for (let k = 0; k < 40; k++) for (const c of ['é', '中', '😀', '\u0080', '\uffff']) rows.push(`${'x'.repeat(k)}${c}${'y'.repeat(k % 17)}`);
    const templates = { t: '{% for r in rows %}{{ r }}|{% endfor %}' };
    const small = await ggen.template.render({ templates, name: 't', context: { rows } });
    expect(small).toBe(rows.map((r) => `${r}|`).join(''));
    const many = Array.from({ length: 40 }, () => rows).flat();
    const large = await ggen.template.render({ templates, name: 't', context: { rows: many } });
    expect(large).toBe(many.map((r) => `${r}|`).join(''));
  });

  test('a context with large arrays (sent in slices) renders exactly as JSON.stringify would give it', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ i, s: i % 7 ? `row ${i}` : `é😀 "${i}"\\`, u: undefined, d: new Date(i * 1000), f() {} }));
    const holes = Array.from({ length: 1500 }, (_, i) => (i % 3 ? null : undefined));
    const ctx = { first: 1, rows, gone: undefined, fn() {}, holes, small: [1, 2], last: 'z' };
    const src = '{{ first }}|{{ rows | length }}|{{ rows.4999.s }}|{{ rows.7.s }}|{{ rows.3.d }}|{{ holes | length }}|{{ holes.0 is none }}|{{ small | length }}|{{ last }}|{{ rows.1.u is defined }}|{{ gone is defined }}';
    const expected = `1|5000|row 4999|${rows[7].s}|1970-01-01T00:00:03.000Z|1500|true|2|z|false|false`;
    expect(await ggen.template.renderString(src, ctx)).toBe(expected);
    // Every row arrives, in order, with the same JSON as one JSON.stringify of the whole context.
    const all = await ggen.template.renderString('{{ rows | json_encode() }}', ctx);
    expect(JSON.parse(all)).toEqual(JSON.parse(JSON.stringify(rows)));
    // A context with its own toJSON, or a class instance, is serialised in one go, as before.
    const custom = { toJSON: () => ({ rows: [1, 2, 3] }), rows };
    expect(await ggen.template.renderString('{{ rows | length }}', custom)).toBe('3');
  });

  test('the native side joins array slices only where they are marked and well formed', () => {
    // lib/template.js sends `[a,b]`, SLICE_JOIN (a number), `[c]`; the native reader joins the seam.
    const render = require('../../lib/addon').binding().template.render;
    const p = (pieces) => render(pieces, 0);
    return Promise.all([
      expect(p(['{"source":"{{ a | join(sep=\'-\') }}","context":{"a":', '[1,2]', 0, '[3]', '}}'])).resolves.toBe('1-2-3'),
      // A join with nothing before it, two marks in a row, a mark at the end, or a seam that is
      // not `][` are refused, not glued into some other JSON.
      expect(() => p([0, '{}'])).toThrow('expected a JSON string argument'),
      expect(() => p(['{"context":{"a":', '[1]', 0, 0, '[2]', '}}'])).toThrow('expected a JSON string argument'),
      expect(() => p(['{"context":{"a":', '[1]', 0])).toThrow('expected a JSON string argument'),
      expect(() => p(['{"context":{"a":', '[1]', 0, '2]', '}}'])).toThrow('expected a JSON string argument'),
      expect(() => p(['{"context":{"a":', '[1', 0, '[2]', '}}'])).toThrow('expected a JSON string argument'),
      expect(() => p(['{"context":{}}', {}])).toThrow('expected a JSON string argument'),
    ]);
  });

  test('renderString may include the templates it is given', async () => {
    expect(await ggen.template.renderString('<{% include "p" %}>', { x: 1 }, { templates: { p: 'P{{ x }}' } })).toBe('<P1>');
  });

  test('a syntax error rejects with E_TEMPLATE_SYNTAX at name:line:col', async () => {
    const err = await ggen.template.render({ templates: { 'a.tmpl': 'ok\n{{ x | }}' }, name: 'a.tmpl' }).catch((e) => e);
    expect(err).toBeInstanceOf(ggen.GgenError);
    expect(err.code).toBe('E_TEMPLATE_SYNTAX');
    expect(err.file).toBe('a.tmpl');
    expect(err.line).toBe(2);
    expect(err.column).toBeGreaterThan(0);
    expect(err.stack).toContain('template.test.js');
  });

  test('missing variables, unknown names and bad arguments', async () => {
    const undef = await ggen.template.renderString('{{ nope }}', {}).catch((e) => e);
    expect(undef.code).toBe('E_UNDEFINED_VARIABLE');
    const missing = await ggen.template.render({ templates: { page: 'x' }, name: 'pgae' }).catch((e) => e);
    expect(missing.code).toBe('E_TEMPLATE_NOT_FOUND');
    expect(missing.hint).toContain('page');
    await expect(ggen.template.render({ templates: 'x', name: 'a' })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(ggen.template.render({ templates: {}, name: 1 })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(ggen.template.renderString('x', [])).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(ggen.template.render({ templates: { a: 1 }, name: 'a' })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });

  test('a prepared context renders like the object it was made from, as a snapshot', async () => {
    const data = { xs: [1, 2, 3], name: 'n' };
    const prepared = await ggen.template.context(data);
    data.name = 'changed';
    const templates = { t: '{{ name }}:{% for x in xs %}{{ x }}{% endfor %}' };
    expect(await ggen.template.render({ templates, name: 't', context: prepared })).toBe('n:123');
    expect(await ggen.template.renderString('{{ xs | length }}', prepared)).toBe('3');
    await expect(ggen.template.context([1])).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });

  test('an aborted signal rejects with E_CANCELLED', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(ggen.template.render({ templates: { a: 'x' }, name: 'a' }, { signal: ac.signal })).rejects.toMatchObject({ code: 'E_CANCELLED' });
  });
});

describe('ggen.lint', () => {
  test('a clean template has no diagnostics', async () => {
    write('templates/ok.tmpl', '---\nto: out.txt\nvars:\n  name: x\n---\nHello {{ name }}\n');
    const r = await ggen.lint('templates/ok.tmpl', { cwd: dir });
    expect(r.diagnostics).toEqual([]);
    expect(r.files).toEqual([{ file: 'templates/ok.tmpl', errors: 0, warnings: 0 }]);
  });

  test('reports every problem with editor positions', async () => {
    write(
      'templates/bad.tmpl',
      '---\ntp: x.txt\ndescripton: d\nprefixes:\n  ex: http://example.org/\nsparql:\n  q: |\n    SELECT ?s WHERE { ?s a ex:C . FILTER(?s = ) }\nvars:\n  name: n\n---\n{{ name }}\n{% if %}\n',
    );
    const r = await ggen.lint(['templates/bad.tmpl'], { cwd: dir });
    const codes = r.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`);
    expect(codes).toEqual(['E_FRONTMATTER@2:1', 'E_FRONTMATTER@3:1', 'E_SPARQL_SYNTAX@8:47', 'E_TEMPLATE_SYNTAX@13:7']);
    for (const d of r.diagnostics) {
      expect(d).toMatchObject({ file: 'templates/bad.tmpl', severity: 'error' });
      expect(d.endLine).toBeGreaterThanOrEqual(d.line);
      expect(typeof d.message).toBe('string');
    }
    expect(r.diagnostics[0].hint).toContain('`to`');
    expect(r.diagnostics[1].hint).toContain('`description`');
  });

  test('undeclared variables are warnings; folders lint every template', async () => {
    write('templates/a.tmpl', '---\nto: a.txt\nvars:\n  name: n\n---\n{{ nmae }}\n');
    write('templates/b.tmpl', '---\nto: b.txt\nsparql:\n  q: SELECT ?s WHERE { ?s ?p ?o }\nmatrix: q\n---\n{{ row.s }}{{ sparql_results.q | length }}\n');
    const r = await ggen.lint('templates', { cwd: dir });
    expect(r.files.map((f) => f.file)).toEqual(['templates/a.tmpl', 'templates/b.tmpl']);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'W_UNDECLARED_VARIABLE', severity: 'warning', line: 6, column: 4, endColumn: 8 });
    expect(r.diagnostics[0].hint).toContain('name');
  });

  test('a missing file is a diagnostic; bad arguments reject', async () => {
    const r = await ggen.lint('nope.tmpl', { cwd: dir });
    expect(r.diagnostics[0]).toMatchObject({ code: 'E_NOT_FOUND', severity: 'error', file: 'nope.tmpl' });
    await expect(ggen.lint([])).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(ggen.lint([1])).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });
});

describe('ggen template CLI', () => {
  test('render prints the body, frontmatter stripped, with --context file or stdin', () => {
    write('templates/part.tmpl', '({{ name }})');
    write('templates/t.tmpl', '---\nto: x.txt\nvars:\n  name: default\n---\nHi {% include "part.tmpl" %}\n');
    expect(cli(['template', 'render', 'templates/t.tmpl'])).toMatchObject({ code: 0, stdout: 'Hi (default)\n' });
    write('ctx.json', '{"name":"file"}');
    expect(cli(['template', 'render', 'templates/t.tmpl', '--context', 'ctx.json']).stdout).toBe('Hi (file)\n');
    expect(cli(['template', 'render', 'templates/t.tmpl', '--context', '-'], { input: '{"name":"stdin"}' }).stdout).toBe('Hi (stdin)\n');
    const json = JSON.parse(cli(['template', 'render', 'templates/t.tmpl', '--json']).stdout);
    expect(json.output).toBe('Hi (default)\n');
  });

  test('render: syntax error with file:line:col, missing file, bad context', () => {
    write('t.tmpl', '---\nto: x\n---\nline\n{{ a + }}\n');
    const r = cli(['template', 'render', 't.tmpl']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E_TEMPLATE_SYNTAX]');
    expect(r.stderr).toContain('--> t.tmpl:5:');
    const missing = cli(['template', 'render', 'none.tmpl', '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error.code).toBe('E_NOT_FOUND');
    write('ok.tmpl', 'x');
    const bad = cli(['template', 'render', 'ok.tmpl', '--context', '-'], { input: '{nope' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('E_INVALID_ARGUMENT');
    expect(cli(['template', 'render']).code).toBe(2);
  });

  test('lint: exit 1 on errors, --json diagnostics, 0 on warnings only', () => {
    write('templates/bad.tmpl', '---\nto: x\nsparql:\n  q: SELECT ?s WHERE { ?s a nope:C }\n---\n{{ x }}\n');
    const human = cli(['template', 'lint', 'templates/bad.tmpl']);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('error[E_SPARQL_SYNTAX]');
    expect(human.stderr).toContain('--> templates/bad.tmpl:4:');
    expect(human.stderr).toContain('warning[W_UNDECLARED_VARIABLE]');
    const json = cli(['template', 'lint', 'templates/bad.tmpl', '--json']);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.diagnostics.map((d) => d.code)).toEqual(['E_SPARQL_SYNTAX', 'W_UNDECLARED_VARIABLE']);
    write('templates/warn.tmpl', '---\nto: x\n---\n{{ y }}\n');
    expect(cli(['template', 'lint', 'templates/warn.tmpl']).code).toBe(0);
    write('templates/fm.tmpl', '---\nto: x\nforce: yes please\n---\nx\n');
    const fm = JSON.parse(cli(['template', 'lint', 'templates/fm.tmpl', '--json']).stdout);
    expect(fm.diagnostics[0]).toMatchObject({ code: 'E_FRONTMATTER', line: 3 });
  });

  test('new writes a starter that lints clean and generates; refuses to overwrite', () => {
    const r = cli(['template', 'new', 'model']);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'templates/model.tmpl'))).toBe(true);
    const again = cli(['template', 'new', 'model']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('error[E_EXISTS]');
    const lint = cli(['template', 'lint', 'templates/model.tmpl', '--json']);
    expect(lint.code).toBe(0);
    expect(JSON.parse(lint.stdout).diagnostics).toEqual([]);
    const gen = cli(['template', 'generate', '-t', 'templates/model.tmpl', '-o', 'out']);
    expect(gen.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'out/generated/model.txt'), 'utf8')).toContain('Hello from model.');
    expect(cli(['template', 'new', '../escape', '--dir', 'templates']).code).toBe(1);
  });

  test('list shows descriptions recursively; show prints frontmatter, variables and queries', () => {
    write('templates/a.tmpl', '---\ndescription: the A\nto: a.txt\nvars:\n  who: you\nsparql:\n  q: SELECT ?s WHERE { ?s ?p ?o }\n---\n{{ who }}{{ sparql_results.q }}\n');
    write('templates/sub/b.tera', 'no frontmatter {{ z }}');
    const list = JSON.parse(cli(['template', 'list', '--json']).stdout);
    expect(list.templates).toEqual([{ path: 'a.tmpl', description: 'the A' }, { path: 'sub/b.tera', description: '' }]);
    const human = cli(['template', 'list']);
    expect(human.stdout).toMatch(/a\.tmpl +the A/);
    expect(cli(['template', 'list', '--dir', 'nope']).code).toBe(1);

    const show = JSON.parse(cli(['template', 'show', 'templates/a.tmpl', '--json']).stdout);
    expect(show.frontmatter).toMatchObject({ description: 'the A', to: 'a.txt', vars: { who: 'you' } });
    expect(show.parsed.to.value).toBe('a.txt');
    expect(show.variables).toEqual(['sparql_results', 'who']);
    expect(show.queries).toEqual([{ name: 'q', text: 'SELECT ?s WHERE { ?s ?p ?o }', line: 7 }]);
    expect(show.valid).toBe(true);
    expect(cli(['template', 'show', 'templates/a.tmpl']).stdout).toContain('variables:   sparql_results, who');
    const missing = cli(['template', 'show', 'templates/none.tmpl', '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error.code).toBe('E_NOT_FOUND');
  });
});
