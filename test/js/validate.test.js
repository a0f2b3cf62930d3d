'use strict';
// `ggen project validate` / ggen.validate(): every problem at once, nothing written.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ggen = require('../../lib');
const { runCli } = require('./helpers/run');

let dir;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-validate-'));
  write('ggen.toml', '[generate]\ntemplates = "templates"\ngraphs = ["graphs"]\noutput = "out"\n\n[prefixes]\nrdfs = "http://www.w3.org/2000/01/rdf-schema#"\n\n[vars]\nowner = "team"\n');
  write('graphs/domain.ttl', '@prefix ex: <http://example.org/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\nex:A a rdfs:Class ; rdfs:label "A" .\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (rel, text) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};
const cli = (args) => runCli(args, { cwd: dir });
const rejection = (p) => p.then(() => { throw new Error('expected a rejection'); }, (e) => e);

const GOOD = '---\nto: "{{ row.label }}.txt"\nsparql:\n  classes: SELECT ?label WHERE { ?c a rdfs:Class ; rdfs:label ?label }\nmatrix: classes\n---\n{{ row.label }} by {{ owner }}\n';

function breakAll() {
  write('graphs/bad.ttl', '@prefix ex: <http://example.org/> .\nex:a ex:b .\n');
  write('templates/a.tmpl', '---\nto: a.txt\ndescripton: x\n---\n{{ nmae }}\n');
  write('templates/b.tmpl', '---\nto: b.txt\nsparql:\n  q: SELECT ?x WHERE { ?x ?y }\n---\nok\n');
  write('templates/c.tmpl', GOOD.replace('{{ row.label }} by', '{{ row.lable }} by'));
}

describe('ggen.validate', () => {
  test('a valid project: no diagnostics, counts, nothing written', async () => {
    write('templates/a.tmpl', GOOD);
    const r = await ggen.validate({ project: dir });
    expect(r).toMatchObject({ ok: true, templates: 1, graphs: 1, triples: 2, queries: 1, errors: 0, warnings: 0, diagnostics: [] });
    expect(r.root).toBe(dir);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
    expect(ggen.project.validate).toBe(ggen.validate);
  });

  test('every problem comes back in one call, located and sorted', async () => {
    breakAll();
    const r = await ggen.validate({ project: dir });
    expect(r.ok).toBe(false);
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['E_RDF_SYNTAX', 'E_FRONTMATTER', 'E_UNDEFINED_VARIABLE', 'E_SPARQL_SYNTAX', 'E_UNKNOWN_COLUMN']));
    const v = r.diagnostics.find((d) => d.code === 'E_UNDEFINED_VARIABLE');
    expect(v).toMatchObject({ file: 'templates/a.tmpl', line: 5, column: 4, severity: 'error' });
    const col = r.diagnostics.find((d) => d.code === 'E_UNKNOWN_COLUMN');
    expect(col.hint).toContain('row.label');
    const keys = r.diagnostics.map((d) => [d.file, d.line, d.column]);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
    expect(keys).toEqual(sorted);
    expect(r.errors).toBe(r.diagnostics.filter((d) => d.severity === 'error').length);
    // The same report every time, whatever the scheduling.
    expect(await ggen.validate({ project: dir, jobs: 1 })).toEqual(r);
  });

  test('variables from the call provide what templates read', async () => {
    write('templates/a.tmpl', '---\nto: a.txt\n---\n{{ name }}\n');
    expect((await ggen.validate({ project: dir })).ok).toBe(false);
    expect((await ggen.validate({ project: dir, vars: { name: 'x' } })).ok).toBe(true);
    expect((await ggen.validate({ project: dir, varAssignments: ['name=x'] })).ok).toBe(true);
  });

  test('bad arguments and a missing project reject', async () => {
    expect((await rejection(ggen.validate({ project: dir, jobs: -1 }))).code).toBe('E_INVALID_ARGUMENT');
    expect((await rejection(ggen.validate({ project: dir, vars: [] }))).code).toBe('E_INVALID_ARGUMENT');
    expect((await rejection(ggen.validate({ project: dir, timeout: 'soon' }))).code).toBe('E_INVALID_ARGUMENT');
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-noproject-'));
    try {
      const err = await rejection(ggen.validate({ project: empty }));
      expect(err.code).toBe('E_PROJECT');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  test('an aborted signal rejects with E_CANCELLED', async () => {
    write('templates/a.tmpl', GOOD);
    const err = await rejection(ggen.validate({ project: dir, signal: AbortSignal.abort() }));
    expect(err.code).toBe('E_CANCELLED');
  });
});

describe('ggen project validate', () => {
  test('valid: exit 0 and one summary line', () => {
    write('templates/a.tmpl', GOOD);
    const r = cli(['project', 'validate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid: 1 template, 1 graph \(2 triples\), 1 query checked, no problems/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('invalid: every diagnostic with its location, exit 1', () => {
    breakAll();
    const r = cli(['project', 'validate', '--no-color']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E_UNDEFINED_VARIABLE]');
    expect(r.stderr).toContain('--> templates/a.tmpl:5:4');
    expect(r.stderr).toContain('{{ nmae }}');
    expect(r.stderr).toContain('error[E_RDF_SYNTAX]');
    expect(r.stderr).toContain('error[E_SPARQL_SYNTAX]');
    expect(r.stderr).toMatch(/\d+ errors, 0 warnings in 3 templates/);
  });

  test('--json prints one document; runs from a subfolder of the project', () => {
    breakAll();
    fs.mkdirSync(path.join(dir, 'templates', 'sub'));
    const r = runCli(['project', 'validate', '--json'], { cwd: path.join(dir, 'templates', 'sub') });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.diagnostics.length).toBeGreaterThanOrEqual(5);
    expect(doc.diagnostics[0]).toEqual(expect.objectContaining({ file: expect.any(String), line: expect.any(Number), severity: 'error' }));
  });

  test('--var provides a variable; usage errors exit 2', () => {
    write('templates/a.tmpl', '---\nto: a.txt\n---\n{{ name }}\n');
    expect(cli(['project', 'validate']).code).toBe(1);
    expect(cli(['project', 'validate', '--var', 'name=x']).code).toBe(0);
    const bad = cli(['project', 'validate', '--jobs', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--jobs must be a whole number >= 1');
  });

  test('no ggen.toml: E_PROJECT, exit 1', () => {
    fs.rmSync(path.join(dir, 'ggen.toml'));
    const r = cli(['project', 'validate', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('E_PROJECT');
  });
});
