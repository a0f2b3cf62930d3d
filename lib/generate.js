'use strict';
// Generation: plan, then apply. generate() does both (or a dry run / a --check), plan() returns
// the plan with every output's bytes, apply() writes a saved plan if nothing changed since.
const path = require('node:path');
const { invoke } = require('./call');
const { invalidArgument } = require('./errors');
const { templatePath } = require('./pack'); // `<pack-id>:<path>` references

const arrayOf = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

function common(options, abs) {
  const vars = options.vars === undefined ? {} : options.vars;
  if (vars === null || typeof vars !== 'object' || Array.isArray(vars)) throw invalidArgument('options.vars must be an object');
  return {
    graphs: arrayOf(options.data).map(abs),
    varsFiles: arrayOf(options.varsFiles).map(abs),
    vars,
    varAssignments: arrayOf(options.varAssignments).map(String),
    force: Boolean(options.force),
    allowShell: Boolean(options.allowShell),
    dryRun: Boolean(options.dryRun),
    check: Boolean(options.check),
    jobs: options.jobs ? Number(options.jobs) : 0,
    keepGoing: Boolean(options.keepGoing),
    cache: Boolean(options.cache),
    timeoutMs: options.timeout ? Number(options.timeout) : 0,
    shellTimeoutMs: options.shellTimeout ? Number(options.shellTimeout) : 60000,
  };
}

function normalize(options, who) {
  if (!options || typeof options !== 'object') throw invalidArgument(`${who}(options): options must be an object`);
  const root = path.resolve(options.root || process.cwd());
  const abs = (p) => path.resolve(root, String(p));
  if (options.project !== undefined) {
    // A ggen.toml project (found at or above options.project): it names templates and graphs.
    return {
      project: abs(options.project),
      ...(options.output ? { output: abs(options.output) } : {}),
      templates: arrayOf(options.templates).map((t) => templatePath(root, t)),
      ...common(options, abs),
    };
  }
  const templates = arrayOf(options.templates !== undefined ? options.templates : options.template).map((t) => templatePath(root, t));
  if (templates.length === 0) {
    throw invalidArgument(`${who}(options): no templates`, 'pass { templates: ["templates/x.tmpl"] }');
  }
  const vars = options.vars === undefined ? {} : options.vars;
  if (vars === null || typeof vars !== 'object' || Array.isArray(vars)) throw invalidArgument('options.vars must be an object');
  return {
    root,
    templates,
    templatesDir: options.templatesDir ? abs(options.templatesDir) : path.dirname(templates[0]),
    output: abs(options.output || '.'),
    graphs: arrayOf(options.data).map(abs),
    prefixes: options.prefixes || {},
    base: options.base || '',
    projectVars: options.projectVars || {},
    varsFiles: arrayOf(options.varsFiles).map(abs),
    vars,
    varAssignments: arrayOf(options.varAssignments).map(String),
    force: Boolean(options.force),
    allowShell: Boolean(options.allowShell),
    dryRun: Boolean(options.dryRun),
    check: Boolean(options.check),
    jobs: options.jobs ? Number(options.jobs) : 0,
    keepGoing: Boolean(options.keepGoing),
    cache: Boolean(options.cache),
    preview: Boolean(options.preview),
    trimBlocks: Boolean(options.trimBlocks),
    lstripBlocks: Boolean(options.lstripBlocks),
    timeoutMs: options.timeout ? Number(options.timeout) : 0,
    shellTimeoutMs: options.shellTimeout ? Number(options.shellTimeout) : 60000,
  };
}

// onProgress({ phase, done, total }): phases "loaded", "rendered" (per template), "planned".
function progressCallback(options) {
  if (options.onProgress === undefined) return undefined;
  if (typeof options.onProgress !== 'function') throw invalidArgument('options.onProgress must be a function');
  return options.onProgress;
}

function generate(options) {
  let json;
  try {
    json = JSON.stringify(normalize(options, 'generate'));
  } catch (err) {
    return Promise.reject(err);
  }
  return invoke(generate, { signal: options.signal }, (b, id) => b.gen.generate(json, id, progressCallback(options))).then(JSON.parse);
}

function plan(options) {
  let json;
  try {
    json = JSON.stringify(normalize(options, 'plan'));
  } catch (err) {
    return Promise.reject(err);
  }
  return invoke(plan, { signal: options.signal }, (b, id) => b.gen.plan(json, id, progressCallback(options))).then(JSON.parse);
}

function apply(savedPlan, options = {}) {
  if (!savedPlan || typeof savedPlan !== 'object') return Promise.reject(invalidArgument('apply(plan): plan must be the object plan() returned'));
  const json = JSON.stringify(savedPlan);
  const opts = JSON.stringify({ checkStale: options.checkStale !== false, timeoutMs: options.timeout || 0 });
  return invoke(apply, { signal: options.signal }, (b, id) => b.gen.apply(json, opts, id)).then(JSON.parse);
}

// A file-tree spec (YAML) rendered into options.output with options.vars.
function generateTree(spec, options = {}) {
  let json;
  try {
    if (typeof spec !== 'string' || spec === '') throw invalidArgument('generateTree(spec): spec must be the path of a YAML tree spec');
    const root = path.resolve(options.root || process.cwd());
    const abs = (p) => path.resolve(root, String(p));
    json = JSON.stringify({ spec: abs(spec), root, output: abs(options.output || '.'), ...common(options, abs) });
  } catch (err) {
    return Promise.reject(err);
  }
  return invoke(generateTree, { signal: options.signal }, (b, id) => b.gen.tree(json, id)).then(JSON.parse);
}

// The frontmatter (between the leading `---` lines) names queries or graphs of its own.
function frontmatterUsesGraph(text) {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return Boolean(m && /^(sparql|rdf|rdf_inline):/m.test(m[1]));
}

// renderTemplate(file, { data, context, dir, cwd, trimBlocks, lstripBlocks, autoescape, signal }):
// a template's output as text, nothing written. With `data` graphs, or a frontmatter with
// `sparql:` / `rdf:` / `rdf_inline:`, it renders as generation does (queries run, a matrix gives
// every row's output, concatenated in row order; `to:` optional); otherwise it is
// template.renderFile.
function renderTemplate(file, options = {}) {
  const cwd = path.resolve(options.cwd || process.cwd());
  const data = arrayOf(options.data);
  let graphed = data.length > 0;
  if (!graphed && typeof file === 'string') {
    try {
      graphed = frontmatterUsesGraph(require('node:fs').readFileSync(path.resolve(cwd, file), 'utf8').slice(0, 65536));
    } catch {
      graphed = false; // renderFile reports the missing file
    }
  }
  if (!graphed) return require('./template').renderFile(file, options);
  return plan({
    root: cwd, templates: [file], templatesDir: options.dir, data, vars: options.context || {}, output: cwd, preview: true,
    trimBlocks: options.trimBlocks, lstripBlocks: options.lstripBlocks, signal: options.signal,
  }).then((p) => p.outputs.map((o) => o.content).join(''));
}

module.exports = { generate, plan, apply, generateTree, renderTemplate, normalize };
