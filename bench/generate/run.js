'use strict';
// bench/generate: end-to-end generation, side by side in one run:
//   ggen           require('ggen').generate() over a project (graph + matrix template)
//   oxigraph+njk   the script a user would write: oxigraph loads the graph and runs the query,
//                  nunjucks renders each row, fs writes each file
// for N = 1, 100, 1000 output files over a graph of --triples triples (default 100k). Each
// engine runs in its own child process (wall time and peak RSS); prints the ratios.
// Usage: node bench/generate/run.js [--triples 100000] [--runs 3]
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const argv = process.argv.slice(2);
const arg = (name, d) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : d);
const triples = arg('--triples', 100000);
const runs = arg('--runs', 3);

function dataset(dir, n) {
  // Ontology-shaped: classes with labels and properties; padding triples make up the size.
  const lines = ['@prefix ex: <http://example.org/> .', '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .'];
  const classes = 1000;
  for (let c = 0; c < classes; c++) {
    lines.push(`ex:C${c} a rdfs:Class ; rdfs:label "Class ${c}" ; ex:rank ${c} .`);
  }
  for (let i = lines.length; i < n; i++) lines.push(`ex:i${i} ex:of ex:C${i % classes} ; ex:value ${i} .`);
  fs.writeFileSync(path.join(dir, 'graph.ttl'), `${lines.join('\n')}\n`);
}

const BODY = 'export class {{ row.label | replace(from=" ", to="") }} {\n  rank = {{ row.rank }};\n}\n';
const NJK_BODY = 'export class {{ row.label | replace(" ", "") }} {\n  rank = {{ row.rank }};\n}\n';

function project(dir, files) {
  fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'templates', 'class.tmpl'), `---
to: "out/c{{ row.rank }}.ts"
prefixes: { ex: "http://example.org/", rdfs: "http://www.w3.org/2000/01/rdf-schema#" }
sparql:
  classes: "SELECT ?label ?rank WHERE { ?c a rdfs:Class ; rdfs:label ?label ; ex:rank ?rank FILTER(?rank < ${files}) } ORDER BY ?rank"
matrix: classes
---
${BODY}`);
}

const GGEN = `
const ggen = require(${JSON.stringify(path.join(__dirname, '..', '..', 'lib'))});
const dir = process.argv[1];
ggen.generate({ root: dir, templates: ['templates/class.tmpl'], data: ['graph.ttl'], output: 'gen', force: true })
  .then((r) => { if (r.plan.outputs.length !== Number(process.argv[2])) throw new Error('wrong count'); });
`;

const USER_SCRIPT = `
const fs = require('fs'); const path = require('path');
const oxigraph = require('oxigraph'); const nunjucks = require('nunjucks');
const dir = process.argv[1]; const files = Number(process.argv[2]);
const store = new oxigraph.Store();
store.load(fs.readFileSync(path.join(dir, 'graph.ttl'), 'utf8'), { format: 'text/turtle' });
const rows = store.query('PREFIX ex: <http://example.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?label ?rank WHERE { ?c a rdfs:Class ; rdfs:label ?label ; ex:rank ?rank FILTER(?rank < ' + files + ') } ORDER BY ?rank');
const env = new nunjucks.Environment(null, { autoescape: false });
const tmpl = nunjucks.compile(${JSON.stringify(NJK_BODY)}, env);
fs.mkdirSync(path.join(dir, 'njk', 'out'), { recursive: true });
let n = 0;
for (const b of rows) {
  const row = { label: b.get('label').value, rank: Number(b.get('rank').value) };
  fs.writeFileSync(path.join(dir, 'njk', 'out', 'c' + row.rank + '.ts'), tmpl.render({ row }));
  n++;
}
if (n !== files) throw new Error('wrong count ' + n);
`;

function measure(code, dir, files) {
  const times = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const out = execFileSync('/usr/bin/time', ['-f', '%M', process.execPath, '-e', code, dir, String(files)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    void out;
  }
  // Peak RSS from a separate run (GNU time writes it to stderr).
  try {
    execFileSync('/usr/bin/time', ['-f', 'RSS %M', process.execPath, '-e', code, dir, String(files)], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    void e;
  }
  const r = require('node:child_process').spawnSync('/usr/bin/time', ['-f', 'RSS %M', process.execPath, '-e', code, dir, String(files)], { encoding: 'utf8' });
  const m = /RSS (\d+)/.exec(r.stderr || '');
  if (m) rss = Number(m[1]) / 1024;
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], rssMB: rss };
}

function main() {
  if (!fs.existsSync('/usr/bin/time')) {
    console.error('bench/generate needs GNU time (apt-get install time) to read peak RSS');
    process.exitCode = 1;
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-bench-gen-'));
  try {
    dataset(dir, triples);
    console.log(`bench/generate: ${triples.toLocaleString('en-US')} triples, median of ${runs} runs, node ${process.version}`);
    console.log('files   ggen ms  oxigraph+nunjucks ms  speed-up   ggen MB  oxi+njk MB');
    for (const files of [1, 100, 1000]) {
      project(dir, files);
      const g = measure(GGEN, dir, files);
      const u = measure(USER_SCRIPT, dir, files);
      console.log(`${String(files).padStart(5)} ${g.ms.toFixed(0).padStart(9)} ${u.ms.toFixed(0).padStart(21)} ${(u.ms / g.ms).toFixed(2).padStart(9)}x ${g.rssMB.toFixed(0).padStart(9)} ${u.rssMB.toFixed(0).padStart(11)}`);
    }
    console.log('not measured here: hygen and plop (not yet wired into this benchmark)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
