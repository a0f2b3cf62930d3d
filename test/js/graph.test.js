'use strict';
// The graph surface end to end: ggen.graph (load, query, update, export, stats) and `ggen graph`.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ggen = require('../../lib');
const { runCli } = require('./helpers/run');

const ONTOLOGY = `@prefix ex: <http://example.org/#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:Person a owl:Class ; rdfs:label "Person"@en .
ex:Student a owl:Class ; rdfs:subClassOf ex:Person ; rdfs:label "Student" .
ex:Org a owl:Class .
ex:name a owl:DatatypeProperty ; rdfs:domain ex:Person ; rdfs:range xsd:string .
ex:worksFor a owl:ObjectProperty ; rdfs:domain ex:Person ; rdfs:range ex:Org .
ex:alice a ex:Student ; ex:name "Alice" ; ex:age 30 ; ex:height 1.5 ; ex:ok true ;
  ex:big 123456789012345678901234 ; ex:friend _:b .
`;
const BAD = '@prefix ex: <http://example.org/#> .\nex:a ex:b ex:c ;\n  ex:d "x" ex:e .\n';
const EX = 'http://example.org/#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

let dir;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-graph-'));
  fs.writeFileSync(path.join(dir, 'onto.ttl'), ONTOLOGY);
  fs.writeFileSync(path.join(dir, 'bad.ttl'), BAD);
  fs.writeFileSync(path.join(dir, 'extra.nt'), `<${EX}bob> <${EX}name> "Bob" .\n`);
  fs.writeFileSync(path.join(dir, 'bad.rq'), 'SELECT ?x WHERE {\n  ?x ?y\n}\n');
  fs.writeFileSync(path.join(dir, 'labels.rq'), 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?c ?l WHERE { ?c rdfs:label ?l } ORDER BY ?c\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = (name) => path.join(dir, name);

async function rejection(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('ggen.graph API', () => {
  test('load from paths and text; size, prefixes, sources', async () => {
    const g = await ggen.graph.load([file('onto.ttl'), file('extra.nt'), { text: `<${EX}c> <${EX}d> "e" .`, format: 'ntriples' }]);
    expect(g.size).toBe(21);
    expect(g.prefixes.ex).toBe(EX);
    expect(g.sources.map((s) => s.parsed)).toEqual([19, 1, 1]);
    const one = await ggen.graph.load({ text: '<a> <b> <c> .', base: 'http://base.org/' });
    const r = await one.query('SELECT ?s WHERE { ?s ?p ?o }');
    expect(r.rows).toEqual([{ s: 'http://base.org/a' }]);
  });

  test('SELECT rows hold plain values, terms hold the full terms', async () => {
    const g = await ggen.graph.load(file('onto.ttl'));
    const r = await g.query(`SELECT ?p ?o WHERE { <${EX}alice> ?p ?o } ORDER BY ?p`);
    expect(r.variables).toEqual(['p', 'o']);
    const byP = Object.fromEntries(r.rows.map((row, i) => [row.p.slice(EX.length), [row.o, r.terms[i].o]]));
    expect(byP.age).toEqual([30, { type: 'literal', value: '30', datatype: `${XSD}integer` }]);
    expect(byP.height[0]).toBe(1.5);
    expect(byP.ok[0]).toBe(true);
    expect(byP.big[0]).toBe('123456789012345678901234'); // beyond 2^53: kept exact as text
    expect(byP.name).toEqual(['Alice', { type: 'literal', value: 'Alice', datatype: `${XSD}string` }]);
    expect(byP.friend[1].type).toBe('bnode');
    const lang = await g.query(`SELECT ?l WHERE { <${EX}Person> <http://www.w3.org/2000/01/rdf-schema#label> ?l }`);
    expect(lang.terms[0].l).toEqual({ type: 'literal', value: 'Person', datatype: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString', lang: 'en' });
    const opt = await g.query(`SELECT ?c ?l WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> OPTIONAL { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?l } } ORDER BY ?c`);
    expect(opt.rows[0]).toEqual({ c: `${EX}Org` }); // unbound: absent
  });

  test('ASK, CONSTRUCT and serialized results', async () => {
    const g = await ggen.graph.load(file('onto.ttl'));
    expect(await g.query('ASK { ?s ?p ?o }')).toBe(true);
    expect(await g.query('ASK { <urn:x> ?p ?o }')).toBe(false);
    const t = await g.query(`CONSTRUCT { ?s <urn:is> ?o } WHERE { ?s a ?o FILTER(?s = <${EX}alice>) }`);
    expect(t).toEqual([{ subject: { type: 'iri', value: `${EX}alice` }, predicate: { type: 'iri', value: 'urn:is' }, object: { type: 'iri', value: `${EX}Student` } }]);
    const json = await g.query(`SELECT ?n WHERE { <${EX}alice> <${EX}name> ?n }`, { format: 'json' });
    expect(JSON.parse(json)).toEqual({ head: { vars: ['n'] }, results: { bindings: [{ n: { type: 'literal', value: 'Alice' } }] } });
    expect(await g.query(`SELECT ?n WHERE { <${EX}alice> <${EX}name> ?n }`, { format: 'csv' })).toBe('n\r\nAlice\r\n');
    expect((await rejection(g.query('ASK {}', { format: 'yaml' }))).code).toBe('E_INVALID_ARGUMENT');
  });

  test('update, export (sorted N-Triples, Turtle, N-Quads, TriG) and stats', async () => {
    const g = await ggen.graph.load(file('onto.ttl'));
    const u = await g.update(`PREFIX ex: <${EX}> DELETE { ?s ex:age ?a } INSERT { ?s ex:age 31 } WHERE { ?s ex:age ?a }`);
    expect(u).toEqual({ inserted: 1, deleted: 1, size: 19 });
    expect(g.size).toBe(19);
    const nt = await g.export('ntriples');
    const lines = nt.trim().split('\n');
    expect(lines).toHaveLength(19);
    expect([...lines].sort()).toEqual(lines);
    expect(nt).toContain(`<${EX}alice> <${EX}age> "31"^^<${XSD}integer> .`);
    const ttl = await g.export('turtle');
    expect(ttl).toContain('@prefix ex: <http://example.org/#> .');
    const back = await ggen.graph.load({ text: ttl });
    expect(back.size).toBe(19);
    expect(await g.export('nquads')).toContain(' .\n');
    expect(await g.export('trig')).toContain('@prefix');
    const s = await g.stats();
    expect(s.triples).toBe(19);
    expect(s.predicateCounts['http://www.w3.org/1999/02/22-rdf-syntax-ns#type']).toBe(6);
    expect(s.classCounts['http://www.w3.org/2002/07/owl#Class']).toBe(3);
    expect(s.classCounts[`${EX}Student`]).toBe(1);
    const err = await rejection(g.export('rdfxml'));
    expect(err.code).toBe('E_INVALID_ARGUMENT');
  });

  test('bad Turtle: E_RDF_SYNTAX with file:line:col; every bad source is in .errors', async () => {
    const err = await rejection(ggen.graph.load([file('bad.ttl'), file('onto.ttl'), file('missing.ttl')]));
    expect(err.code).toBe('E_RDF_SYNTAX');
    expect(err).toMatchObject({ file: file('bad.ttl'), line: 3, column: 12 });
    expect(err.message).toMatch(/expected '\.'/);
    expect(err.errors.map((e) => e.code)).toEqual(['E_RDF_SYNTAX', 'E_IO']);
    expect(err.errors[1].message).toMatch(/missing\.ttl/);
    const text = await rejection(ggen.graph.load({ text: 'ex:a ex:b ex:c .', name: 'inline.ttl' }));
    expect(text).toMatchObject({ code: 'E_RDF_SYNTAX', file: 'inline.ttl', line: 1 });
  });

  test('bad arguments: unknown format, unknown extension, bad source, bad SPARQL', async () => {
    expect((await rejection(ggen.graph.load({ text: '', format: 'rdfxml' }))).code).toBe('E_INVALID_ARGUMENT');
    fs.writeFileSync(file('data.json'), '{}');
    expect((await rejection(ggen.graph.load(file('data.json')))).code).toBe('E_INVALID_ARGUMENT');
    expect((await rejection(ggen.graph.load([42]))).code).toBe('E_INVALID_ARGUMENT');
    const g = await ggen.graph.load(file('onto.ttl'));
    const q = await rejection(g.query('SELECT ?x WHERE {\n  ?x ?y\n}', { file: 'q.rq' }));
    expect(q).toMatchObject({ code: 'E_SPARQL_SYNTAX', file: 'q.rq', line: 3, column: 1 });
    expect((await rejection(g.update('INSERT DATA { <a> }'))).code).toBe('E_SPARQL_SYNTAX');
    expect((await rejection(g.query(42))).code).toBe('E_INVALID_ARGUMENT');
    expect(g.size).toBe(19); // a failed update changes nothing
  });

  test('cancellation via AbortSignal: before the call and during a long query', async () => {
    const g = await ggen.graph.load(file('onto.ttl'));
    const pre = await rejection(g.query('ASK {}', { signal: AbortSignal.abort() }));
    expect(pre.code).toBe('E_CANCELLED');
    expect((await rejection(ggen.graph.load(file('onto.ttl'), { signal: AbortSignal.abort() }))).code).toBe('E_CANCELLED');
    let text = '';
    for (let i = 0; i < 3000; i++) text += `<urn:s${i}> <urn:p> <urn:o${i}> .\n`;
    const big = await ggen.graph.load({ text, format: 'ntriples' });
    const ac = new AbortController();
    const started = Date.now();
    const slow = big.query('SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }', { signal: ac.signal, cache: false });
    setTimeout(() => ac.abort(), 50);
    const err = await rejection(slow);
    expect(err.code).toBe('E_CANCELLED');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await big.query('ASK { ?s ?p ?o }')).toBe(true); // the graph is still usable
  });

  test('parallel queries on one graph, and an update racing them', async () => {
    let text = '';
    for (let i = 0; i < 2000; i++) text += `<urn:s${i}> <urn:v> ${i} .\n`;
    const g = await ggen.graph.load({ text } /* Turtle: bare integers */);
    const q = 'SELECT (SUM(?v) AS ?sum) (COUNT(*) AS ?n) WHERE { ?s <urn:v> ?v }';
    const results = await Promise.all(Array.from({ length: 8 }, () => g.query(q, { cache: false })));
    for (const r of results) expect(r.rows[0]).toEqual({ sum: 1999000, n: 2000 });
    // Each query sees the graph before or after the update, never half of it.
    const [a, u, b] = await Promise.all([
      g.query(q, { cache: false }),
      g.update('DELETE { ?s <urn:v> ?v } WHERE { ?s <urn:v> ?v FILTER(?v >= 1000) }'),
      g.query(q, { cache: false }),
    ]);
    expect(u.deleted).toBe(1000);
    for (const r of [a, b]) expect([2000, 1000]).toContain(r.rows[0].n);
    expect((await g.query(q)).rows[0]).toEqual({ sum: 499500, n: 1000 });
  });
});

describe('ggen graph CLI', () => {
  const cli = (args) => runCli(args, { cwd: dir });

  test('load prints counts; bad input exits 1 with every error and its location', () => {
    const ok = cli(['graph', 'load', 'onto.ttl', 'extra.nt']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('loaded 20 triples');
    const json = JSON.parse(cli(['graph', 'load', 'onto.ttl', '--json']).stdout);
    expect(json).toMatchObject({ triples: 19, files: [{ file: 'onto.ttl', parsed: 19 }] });
    const bad = cli(['graph', 'load', 'bad.ttl', 'missing.ttl']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error[E_RDF_SYNTAX]');
    expect(bad.stderr).toContain('--> bad.ttl:3:12');
    expect(bad.stderr).toContain('error[E_IO]');
    const badJson = cli(['graph', 'load', 'bad.ttl', '--json']);
    expect(badJson.code).toBe(1);
    expect(JSON.parse(badJson.stdout).error).toMatchObject({ code: 'E_RDF_SYNTAX', file: 'bad.ttl', line: 3, column: 12 });
  });

  test('query: table by default, exact W3C JSON, csv, tsv, @file', () => {
    const q = 'SELECT ?n WHERE { <http://example.org/#alice> <http://example.org/#name> ?n }';
    const table = cli(['graph', 'query', q, '--data', 'onto.ttl']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('| ?n ');
    const json = cli(['graph', 'query', q, '--data', 'onto.ttl', '--format', 'json']);
    expect(json.stdout).toBe('{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"Alice"}}]}}\n');
    expect(cli(['graph', 'query', q, '-d', 'onto.ttl', '--format', 'csv']).stdout).toBe('n\r\nAlice\r\n');
    expect(cli(['graph', 'query', q, '-d', 'onto.ttl', '--format', 'tsv']).stdout).toBe('?n\n"Alice"\n');
    const gj = JSON.parse(cli(['graph', 'query', q, '--data', 'onto.ttl', 'extra.nt', '--json']).stdout);
    expect(gj.results.bindings).toHaveLength(1);
    const file = cli(['graph', 'query', '@labels.rq', '--data', 'onto.ttl', '--format', 'csv']);
    expect(file.stdout).toBe('c,l\r\nhttp://example.org/#Person,Person\r\nhttp://example.org/#Student,Student\r\n');
  });

  test('query errors: SPARQL syntax with file:line:col, missing data, unknown format', () => {
    const bad = cli(['graph', 'query', '@bad.rq', '--data', 'onto.ttl']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error[E_SPARQL_SYNTAX]');
    expect(bad.stderr).toMatch(/--> .*bad\.rq:3:1/);
    const missing = cli(['graph', 'query', 'ASK {}', '--data', 'nope.ttl']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error[E_IO]');
    expect(cli(['graph', 'query', '@nope.rq', '--data', 'onto.ttl']).stderr).toContain('error[E_NOT_FOUND]');
    const fmt = cli(['graph', 'query', 'ASK {}', '--data', 'onto.ttl', '--format', 'yaml']);
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toContain('error[E_USAGE]');
    expect(cli(['graph', 'query', 'ASK {}']).code).toBe(2); // no data
  });

  test('update writes atomically to -o, or Turtle to stdout', () => {
    const r = cli(['graph', 'update', 'INSERT DATA { <urn:a> <urn:b> 1 }', '--data', 'onto.ttl', '-o', 'out.nt']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 inserted');
    expect(fs.readFileSync(file('out.nt'), 'utf8').trim().split('\n')).toHaveLength(20);
    const j = JSON.parse(cli(['graph', 'update', 'DELETE WHERE { ?s <http://example.org/#age> ?o }', '--data', 'onto.ttl', '--json']).stdout);
    expect(j).toMatchObject({ inserted: 0, deleted: 1, size: 18, format: 'turtle' });
    expect(cli(['graph', 'update', 'CLEAR ALL', '--data', 'onto.ttl']).stdout).not.toContain('alice');
    const bad = cli(['graph', 'update', 'INSERT DATA {', '--data', 'onto.ttl', '-o', 'never.ttl']);
    expect(bad.code).toBe(1);
    expect(fs.existsSync(file('never.ttl'))).toBe(false);
  });

  test('export in every format; unknown format is a usage error', () => {
    const nt = cli(['graph', 'export', '--data', 'onto.ttl', 'extra.nt', '--format', 'ntriples']);
    expect(nt.code).toBe(0);
    expect(nt.stdout.trim().split('\n')).toHaveLength(20);
    for (const f of ['turtle', 'nquads', 'trig']) expect(cli(['graph', 'export', '-d', 'onto.ttl', '--format', f]).code).toBe(0);
    const o = cli(['graph', 'export', '-d', 'onto.ttl', '--format', 'ntriples', '-o', 'all.nt', '--json']);
    expect(JSON.parse(o.stdout)).toEqual({ format: 'ntriples', triples: 19, output: 'all.nt' });
    expect(fs.readFileSync(file('all.nt'), 'utf8')).toBe(cli(['graph', 'export', '-d', 'onto.ttl', '-f', 'ntriples']).stdout);
    const bad = cli(['graph', 'export', '-d', 'onto.ttl', '--format', 'rdfxml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown --format');
  });

  test('stats, human and --json', () => {
    const h = cli(['graph', 'stats', '--data', 'onto.ttl']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/triples +19/);
    const j = JSON.parse(cli(['graph', 'stats', '--data', 'onto.ttl', '--json']).stdout);
    expect(j.classCounts['http://www.w3.org/2002/07/owl#Class']).toBe(3);
  });

  test('visualize: dot and mermaid, deterministic', () => {
    const dot = cli(['graph', 'visualize', '--data', 'onto.ttl']);
    expect(dot.code).toBe(0);
    expect(dot.stdout).toMatch(/^digraph schema \{/);
    expect(dot.stdout).toContain('"http://example.org/#Student" -> "http://example.org/#Person" [arrowhead=empty];');
    expect(dot.stdout).toContain('"http://example.org/#Person" -> "http://example.org/#Org" [label="ex:worksFor"];');
    expect(dot.stdout).toContain('ex:name: xsd:string');
    expect(cli(['graph', 'visualize', '--data', 'onto.ttl']).stdout).toBe(dot.stdout);
    const mm = cli(['graph', 'visualize', '--data', 'onto.ttl', '--format', 'mermaid']);
    expect(mm.stdout).toBe(
      'classDiagram\n  class ex_Org\n  class ex_Person {\n    +xsd:string ex:name\n  }\n  class ex_Student\n' +
        '  ex_Person <|-- ex_Student\n  ex_Person --> ex_Org : ex:worksFor\n',
    );
    const j = JSON.parse(cli(['graph', 'visualize', '--data', 'onto.ttl', '--json']).stdout);
    expect(j.classes.map((c) => c.name)).toEqual(['ex:Org', 'ex:Person', 'ex:Student']);
    expect(j.subclasses).toEqual([{ sub: 'http://example.org/#Student', sup: 'http://example.org/#Person' }]);
    expect(cli(['graph', 'visualize', '--data', 'onto.ttl', '--format', 'svg']).code).toBe(2);
  });
});
