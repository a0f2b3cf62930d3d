'use strict';
// Projects: ggen.toml plus templates/ and graphs/. info() reads one (found upward from `dir`);
// init() writes a small working project.
const fs = require('node:fs');
const path = require('node:path');
const { invoke } = require('./call');
const { GgenError } = require('./errors');

function info(dir = process.cwd(), options = {}) {
  const json = JSON.stringify({ dir: path.resolve(dir) });
  return invoke(info, options, (b, id) => b.gen.projectInfo(json, id)).then(JSON.parse);
}

const STARTER = {
  'ggen.toml': `# ggen project: see docs/projects.md
[project]
name = "{{name}}"

[generate]
templates = "templates"
graphs = ["graphs"]
output = "generated"

[prefixes]
ex = "http://example.org/"
rdfs = "http://www.w3.org/2000/01/rdf-schema#"
`,
  'graphs/domain.ttl': `@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

ex:Customer a rdfs:Class ; rdfs:label "Customer" ; rdfs:comment "Someone who buys." .
ex:Order a rdfs:Class ; rdfs:label "Order" ; rdfs:comment "A purchase." .
ex:name rdfs:domain ex:Customer ; rdfs:label "name" ; rdfs:range ex:Text .
ex:total rdfs:domain ex:Order ; rdfs:label "total" ; rdfs:range ex:Number .
`,
  'templates/model.tmpl': `---
description: one TypeScript interface per class of the domain
to: "models/{{ row.label | kebab }}.ts"
sparql:
  classes: |
    SELECT ?class ?label ?comment WHERE {
      ?class a rdfs:Class ; rdfs:label ?label .
      OPTIONAL { ?class rdfs:comment ?comment }
    } ORDER BY ?label
matrix: classes
---
/** {{ row.comment | default(value=row.label) }} */
export interface {{ row.label | pascal }} {
{%- for p in sparql(query="SELECT ?label ?range WHERE { ?p rdfs:domain <" ~ row.class ~ "> ; rdfs:label ?label ; rdfs:range ?range } ORDER BY ?label") %}
  {{ p.label | camel }}: {{ p.range | local | replace(from="Text", to="string") | replace(from="Number", to="number") }};
{%- endfor %}
}
`,
};

// Writes the starter project into `dir`; refuses to touch an existing ggen.toml.
async function init(dir = process.cwd(), { name } = {}) {
  const root = path.resolve(dir);
  if (fs.existsSync(path.join(root, 'ggen.toml'))) {
    throw new GgenError('E_EXISTS', `${path.join(root, 'ggen.toml')} already exists`, { hint: 'this folder is already a ggen project' });
  }
  const projectName = name || path.basename(root);
  const written = [];
  for (const [rel, text] of Object.entries(STARTER)) {
    const target = path.join(root, rel);
    if (fs.existsSync(target)) {
      throw new GgenError('E_EXISTS', `${target} already exists`, { hint: 'run `ggen project init` in an empty folder' });
    }
  }
  for (const [rel, text] of Object.entries(STARTER)) {
    const target = path.join(root, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text.replace('{{name}}', projectName), { flag: 'wx' });
    written.push(rel);
  }
  return { root, name: projectName, written };
}

// A new project folder `name` from a project template folder: names and .tera/.tmpl files are
// rendered with { name, ...vars }.
function create(name, options = {}) {
  const { invalidArgument } = require('./errors');
  if (typeof name !== 'string' || !/^[A-Za-z0-9._-]+$/.test(name)) {
    return Promise.reject(invalidArgument('project name must be a folder name (letters, digits, . _ -)'));
  }
  if (!options.from) return Promise.reject(invalidArgument('project.create(name, { from }): `from` names the template folder'));
  const root = path.resolve(options.root || process.cwd());
  const json = JSON.stringify({
    root,
    from: path.resolve(root, options.from),
    output: path.resolve(root, options.dir || '.', name),
    vars: { ...(options.vars || {}), name },
    varAssignments: options.varAssignments || [],
    force: Boolean(options.force),
    dryRun: Boolean(options.dryRun),
  });
  return invoke(create, options, (b, id) => b.gen.scaffold(json, id)).then(JSON.parse);
}

module.exports = { info, init, create, validate: require('./validate').validate };
