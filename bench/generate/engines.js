'use strict';
// The four generators of bench/generate, each as the code of a child process
// (`node -e CODE <dir> <files>`), plus the files each one needs in the bench folder. All four
// write the same N files (out/c<rank>.ts) under <dir>/<engine>/.
//   ggen      require('ggen').generate() over graph.ttl and a matrix template
//   oxi+njk   the script a user would write: oxigraph loads the graph and runs the query,
//             nunjucks renders each row, fs writes each file
//   hygen     hygen's runner (the function its CLI calls) once per file, in one process, with an
//             _templates/ generator (EJS body, `to:` frontmatter), rows passed as --label/--rank
//   plop      node-plop (the API under plop's CLI) with a plopfile whose generator has one `add`
//             action (Handlebars template), its runActions() once per file, in one process
// hygen and plop do not read RDF: they get the query's rows from rows-<N>.json, so their times
// hold no graph work at all.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const modulePath = (name) => path.join(ROOT, 'node_modules', name);

const BODY = 'export class {{ row.label | replace(from=" ", to="") }} {\n  rank = {{ row.rank }};\n}\n';
const NJK_BODY = 'export class {{ row.label | replace(" ", "") }} {\n  rank = {{ row.rank }};\n}\n';
const EJS_BODY = 'export class <%= label.replace(/ /g, "") %> {\n  rank = <%= rank %>;\n}\n';
const HBS_BODY = 'export class {{nospace label}} {\n  rank = {{rank}};\n}\n';

const query = (files) =>
  `SELECT ?label ?rank WHERE { ?c a rdfs:Class ; rdfs:label ?label ; ex:rank ?rank FILTER(?rank < ${files}) } ORDER BY ?rank`;

// The graph: ontology-shaped classes with labels and ranks; padding triples make up the size.
function writeGraph(dir, triples) {
  const lines = ['@prefix ex: <http://example.org/> .', '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .'];
  const classes = 1000;
  for (let c = 0; c < classes; c++) lines.push(`ex:C${c} a rdfs:Class ; rdfs:label "Class ${c}" ; ex:rank ${c} .`);
  for (let i = lines.length; i < triples; i++) lines.push(`ex:i${i} ex:of ex:C${i % classes} ; ex:value ${i} .`);
  fs.writeFileSync(path.join(dir, 'graph.ttl'), `${lines.join('\n')}\n`);
}

// Per N: ggen's template templates/class-<N>.tmpl (its query has the N in it) and the rows hygen
// and plop are given.
function writeInputs(dir, files) {
  fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'templates', `class-${files}.tmpl`), `---
to: "out/c{{ row.rank }}.ts"
prefixes: { ex: "http://example.org/", rdfs: "http://www.w3.org/2000/01/rdf-schema#" }
sparql:
  classes: "${query(files)}"
matrix: classes
---
${BODY}`);
  const rows = [];
  for (let c = 0; c < files; c++) rows.push({ label: `Class ${c}`, rank: c });
  fs.writeFileSync(path.join(dir, `rows-${files}.json`), JSON.stringify(rows));
}

// Once: hygen's generator folder and plop's plopfile.
function writeToolFiles(dir) {
  const gen = path.join(dir, '_templates', 'class', 'new');
  fs.mkdirSync(gen, { recursive: true });
  fs.writeFileSync(path.join(gen, 'class.ejs.t'), `---\nto: out/c<%= rank %>.ts\n---\n${EJS_BODY}`);
  const plop = path.join(dir, 'plop');
  fs.mkdirSync(plop, { recursive: true });
  fs.writeFileSync(path.join(plop, 'class.hbs'), HBS_BODY);
  fs.writeFileSync(path.join(plop, 'plopfile.mjs'), `export default function (plop) {
  plop.setHelper('nospace', (s) => String(s).replace(/ /g, ''));
  plop.setGenerator('class', {
    description: 'one class file',
    prompts: [{ type: 'input', name: 'label' }, { type: 'input', name: 'rank' }],
    actions: [{ type: 'add', path: '{{out}}/out/c{{rank}}.ts', templateFile: 'class.hbs' }],
  });
}
`);
}

const ENGINES = {
  ggen: `
const ggen = require(${JSON.stringify(path.join(ROOT, 'lib'))});
const [dir, files, output] = process.argv.slice(1);
ggen.generate({ root: dir, templates: ['templates/class-' + files + '.tmpl'], data: ['graph.ttl'], output: output || 'ggen' })
  .then((r) => { if (r.plan.outputs.length !== Number(files)) throw new Error('wrong count'); });
`,
  'oxi+njk': `
const fs = require('fs'); const path = require('path');
const oxigraph = require(${JSON.stringify(modulePath('oxigraph'))});
const nunjucks = require(${JSON.stringify(modulePath('nunjucks'))});
const [dir, files] = process.argv.slice(1);
const store = new oxigraph.Store();
store.load(fs.readFileSync(path.join(dir, 'graph.ttl'), 'utf8'), { format: 'text/turtle' });
const rows = store.query('PREFIX ex: <http://example.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ' + ${JSON.stringify(query('@N@'))}.replace('@N@', files));
const env = new nunjucks.Environment(null, { autoescape: false });
const tmpl = nunjucks.compile(${JSON.stringify(NJK_BODY)}, env);
const out = path.join(dir, 'oxi+njk', 'out');
fs.mkdirSync(out, { recursive: true });
let n = 0;
for (const b of rows) {
  const row = { label: b.get('label').value, rank: Number(b.get('rank').value) };
  fs.writeFileSync(path.join(out, 'c' + row.rank + '.ts'), tmpl.render({ row }));
  n++;
}
if (n !== Number(files)) throw new Error('wrong count ' + n);
`,
  hygen: `
const fs = require('fs'); const path = require('path');
const { runner, Logger } = require(${JSON.stringify(modulePath('hygen'))});
const [dir, files] = process.argv.slice(1);
const rows = JSON.parse(fs.readFileSync(path.join(dir, 'rows-' + files + '.json'), 'utf8'));
const cwd = path.join(dir, 'hygen');
fs.mkdirSync(cwd, { recursive: true });
const config = {
  templates: path.join(dir, '_templates'), cwd, logger: new Logger(() => {}), debug: false,
  exec: () => { throw new Error('no shell actions here'); },
  createPrompter: () => require(${JSON.stringify(modulePath('enquirer'))}),
};
(async () => {
  for (const r of rows) {
    const res = await runner(['class', 'new', '--label', r.label, '--rank', String(r.rank)], config);
    if (!res.success) throw new Error('hygen failed: ' + JSON.stringify(res.failure));
  }
})().catch((e) => { console.error(e); process.exitCode = 1; });
`,
  plop: `
const fs = require('fs'); const path = require('path'); const { pathToFileURL } = require('url');
const [dir, files] = process.argv.slice(1);
const rows = JSON.parse(fs.readFileSync(path.join(dir, 'rows-' + files + '.json'), 'utf8'));
const out = path.join(dir, 'plop');
(async () => {
  const nodePlop = (await import(pathToFileURL(${JSON.stringify(path.join(modulePath('node-plop'), 'src', 'index.js'))}).href)).default;
  const plop = await nodePlop(path.join(out, 'plopfile.mjs'));
  const gen = plop.getGenerator('class');
  for (const r of rows) {
    const res = await gen.runActions({ label: r.label, rank: String(r.rank), out });
    if (res.failures.length) throw new Error('plop failed: ' + JSON.stringify(res.failures[0]));
  }
})().catch((e) => { console.error(e); process.exitCode = 1; });
`,
};

module.exports = { ENGINES, writeGraph, writeInputs, writeToolFiles };
