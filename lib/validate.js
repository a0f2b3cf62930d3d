'use strict';
// Validation without writing: ggen.toml, graphs, frontmatter, templates, SPARQL (parsed and run)
// and the variables each template reads, all reported at once as diagnostics.
const path = require('node:path');
const { invoke } = require('./call');
const { invalidArgument } = require('./errors');

const arrayOf = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

function request(options) {
  if (!options || typeof options !== 'object') throw invalidArgument('validate(options): options must be an object');
  const root = path.resolve(options.root || process.cwd());
  const abs = (p) => path.resolve(root, String(p));
  const vars = options.vars === undefined ? {} : options.vars;
  if (vars === null || typeof vars !== 'object' || Array.isArray(vars)) throw invalidArgument('options.vars must be an object');
  const jobs = options.jobs === undefined ? 0 : Number(options.jobs);
  if (!Number.isInteger(jobs) || jobs < 0) throw invalidArgument('options.jobs must be a whole number >= 0');
  const timeout = options.timeout === undefined ? 0 : Number(options.timeout);
  if (!Number.isFinite(timeout) || timeout < 0) throw invalidArgument('options.timeout must be a number of milliseconds >= 0');
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw invalidArgument('options.onProgress must be a function');
  return {
    project: abs(options.project || '.'),
    graphs: arrayOf(options.data).map(abs),
    varsFiles: arrayOf(options.varsFiles).map(abs),
    vars,
    varAssignments: arrayOf(options.varAssignments).map(String),
    allowShell: Boolean(options.allowShell),
    jobs,
    timeoutMs: timeout,
  };
}

// validate({ project, data, vars, varsFiles, varAssignments, allowShell, jobs, timeout, signal,
// onProgress }) -> { ok, root, templates, graphs, triples, queries, errors, warnings, diagnostics }
function validate(options = {}) {
  let json;
  try {
    json = JSON.stringify(request(options));
  } catch (err) {
    return Promise.reject(err);
  }
  return invoke(validate, { signal: options.signal }, (b, id) => b.gen.validate(json, id, options.onProgress)).then(JSON.parse);
}

module.exports = { validate };
