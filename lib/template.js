'use strict';
// Templates without generation: render in-memory templates (the hot path: one JSON string to
// the addon, compiled engines reused natively), render one file's body, lint for editors, show,
// list a folder, and scaffold a starter template.
const fs = require('node:fs');
const path = require('node:path');
const { invoke } = require('./call');
const addon = require('./addon');
const { GgenError, invalidArgument, withCallSite, captureSite } = require('./errors');
const { templatePath } = require('./pack'); // `<pack-id>:<path>` references

const TEMPLATE_EXT = /\.(tmpl|tera|tpl|j2)$/;
const HANDLE = Symbol('ggen.template.context');

// A context converted once into native values (template.context()): rendering with it skips
// serialising and converting the data on every call. It is a snapshot: later changes to the
// object it was made from are not seen.
class TemplateContext {
  constructor(handle) {
    Object.defineProperty(this, HANDLE, { value: handle });
    Object.freeze(this);
  }
}

function context(data, callOptions) {
  let json;
  try {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) throw invalidArgument('template.context(data): data must be an object');
    json = JSON.stringify(data);
  } catch (err) {
    return Promise.reject(withCallSite(err, captureSite(context)));
  }
  return invoke(context, callOptions, (b, id) => b.template.context(json, id)).then((h) => new TemplateContext(h));
}

// The payload's context, or the prepared handle passed beside it.
function splitContext(ctx) {
  return ctx instanceof TemplateContext ? { handle: ctx[HANDLE] } : { value: ctx || {} };
}

// The payload as JSON, in pieces when its context holds large arrays. V8 copies ("flattens") a
// string before native code can read it; a flat string over 128 KB is a large object on fresh
// pages, and for an 880 KB payload that copy and its page faults were ~20% of a render. Pieces
// of ~48K characters are flattened in the young generation instead. The native side reads an
// array of strings as their concatenation, so the JSON is exactly what JSON.stringify(payload)
// would give: arrays of 1,024 or more elements directly in the context are serialised a slice
// at a time; anything else (and any context with a toJSON, or not a plain object) in one go.
// Each slice goes as JSON.stringify gives it (`[a,b]`), preceded by SLICE_JOIN when it continues
// the previous one: the native side turns the seam `][` into `, ` (JSON whitespace) as it copies,
// so no slice is cut or concatenated here (that copied and flattened each piece once more).
const SLICE_CHARS = 48 * 1024;
const SLICE_MIN_LENGTH = 1024;
const SLICE_JOIN = 0;

function isPlainObject(v) {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof v.toJSON !== 'function';
}

function jsonPieces(payload) {
  const ctx = payload.context;
  if (!isPlainObject(ctx)) return JSON.stringify(payload);
  const keys = Object.keys(ctx);
  if (!keys.some((k) => Array.isArray(ctx[k]) && ctx[k].length >= SLICE_MIN_LENGTH)) return JSON.stringify(payload);
  const rest = { ...payload };
  delete rest.context;
  const head = JSON.stringify(rest);
  const pieces = [head.length > 2 ? `${head.slice(0, -1)},"context":{` : '{"context":{'];
  let first = true;
  for (const k of keys) {
    const v = ctx[k];
    if (Array.isArray(v) && v.length >= SLICE_MIN_LENGTH && typeof v.toJSON !== 'function') {
      pieces.push(`${first ? '' : ','}${JSON.stringify(k)}:`);
      let per = 256;
      for (let i = 0; i < v.length; ) {
        const json = JSON.stringify(v.slice(i, i + per));
        if (i > 0) pieces.push(SLICE_JOIN);
        pieces.push(json);
        const done = Math.min(per, v.length - i);
        i += done;
        // Rows per slice from the size of those seen, so each piece stays near SLICE_CHARS.
        per = Math.max(1, Math.floor((SLICE_CHARS * done) / Math.max(json.length, 1)));
      }
    } else {
      const json = JSON.stringify(v);
      if (json === undefined) continue; // as JSON.stringify: undefined, functions and symbols are left out
      pieces.push(`${first ? '' : ','}${JSON.stringify(k)}:${json}`);
    }
    first = false;
  }
  pieces.push('}}');
  return pieces;
}

function engineFlags(options, out) {
  if (options.autoescape !== undefined) out.autoescape = Boolean(options.autoescape);
  if (options.trimBlocks) out.trimBlocks = true;
  if (options.lstripBlocks) out.lstripBlocks = true;
  return out;
}

function checkContext(context, who) {
  if (context instanceof TemplateContext) return;
  if (context !== undefined && context !== null && (typeof context !== 'object' || Array.isArray(context))) {
    throw invalidArgument(`${who}: context must be an object`);
  }
}

function checkTemplates(templates, who) {
  if (templates === null || typeof templates !== 'object' || Array.isArray(templates)) {
    throw invalidArgument(`${who}: templates must be an object of name -> source`, 'pass { templates: { "page.html": "..." }, name: "page.html" }');
  }
}

// render({ templates, name, context, autoescape, trimBlocks, lstripBlocks }, { signal }); context
// is a plain object or a TemplateContext from context().
function render(options, callOptions) {
  let payload;
  let ctx;
  try {
    if (!options || typeof options !== 'object') throw invalidArgument('template.render(options): options must be an object');
    checkTemplates(options.templates, 'template.render');
    if (typeof options.name !== 'string') throw invalidArgument('template.render: name must be a string', 'the name of one of `templates`');
    checkContext(options.context, 'template.render');
    ctx = splitContext(options.context);
    payload = ctx.value ? jsonPieces(engineFlags(options, { templates: options.templates, name: options.name, context: ctx.value })) : JSON.stringify(engineFlags(options, { templates: options.templates, name: options.name }));
  } catch (err) {
    return Promise.reject(withCallSite(err, captureSite(render)));
  }
  return invoke(render, callOptions, (b, id) => b.template.render(payload, id, ctx.handle));
}

// renderString(source, context, { templates, autoescape, trimBlocks, lstripBlocks, signal })
function renderString(source, context, options = {}) {
  let payload;
  let ctx;
  try {
    if (typeof source !== 'string') throw invalidArgument('template.renderString: source must be a string');
    checkContext(context, 'template.renderString');
    if (options.templates !== undefined) checkTemplates(options.templates, 'template.renderString');
    ctx = splitContext(context);
    const p = { source, context: ctx.value };
    if (options.templates) p.templates = options.templates;
    payload = jsonPieces(engineFlags(options, p));
  } catch (err) {
    return Promise.reject(withCallSite(err, captureSite(renderString)));
  }
  return invoke(renderString, options.signal ? { signal: options.signal } : undefined, (b, id) => b.template.render(payload, id, ctx.handle));
}

function fileOptions(options) {
  const cwd = path.resolve(options.cwd || process.cwd());
  return { cwd, root: cwd, dir: options.dir ? path.resolve(cwd, String(options.dir)) : undefined };
}

function callOpts(options) {
  return options.signal ? { signal: options.signal } : undefined;
}

// renderFile(file, { dir, context, trimBlocks, lstripBlocks, autoescape, cwd, signal }): the body
// of a template file (frontmatter stripped), over its `vars` defaults.
function renderFile(file, options = {}) {
  let json;
  try {
    if (typeof file !== 'string') throw invalidArgument('template.renderFile: file must be a path');
    checkContext(options.context, 'template.renderFile');
    const { cwd, root, dir } = fileOptions(options);
    json = JSON.stringify(engineFlags(options, { file: templatePath(cwd, file), root, dir, context: options.context || {} }));
  } catch (err) {
    return Promise.reject(withCallSite(err, captureSite(renderFile)));
  }
  return invoke(renderFile, callOpts(options), (b, id) => b.template.renderFile(json, id));
}

// lint(paths, { dir, cwd, signal }) -> { diagnostics: [{file, line, column, endLine, endColumn,
// severity, code, message, hint}], files: [{file, errors, warnings}] }. Problems are data, not
// rejections: only bad arguments reject.
function lint(paths, options = {}) {
  let json;
  try {
    const list = Array.isArray(paths) ? paths : [paths];
    if (list.length === 0 || list.some((p) => typeof p !== 'string')) {
      throw invalidArgument('lint(paths): paths must be a path or an array of paths');
    }
    const { cwd, root, dir } = fileOptions(options);
    json = JSON.stringify({ paths: list.map((p) => templatePath(cwd, p)), root, dir });
  } catch (err) {
    return Promise.reject(withCallSite(err, captureSite(lint)));
  }
  return invoke(lint, callOpts(options), (b, id) => b.template.lint(json, id)).then(JSON.parse);
}

// show(file, { dir, cwd, signal }): frontmatter (as written and as validated), queries, variables.
function show(file, options = {}) {
  let json;
  try {
    if (typeof file !== 'string') throw invalidArgument('template.show: file must be a path');
    const { cwd, root, dir } = fileOptions(options);
    json = JSON.stringify({ file: templatePath(cwd, file), root, dir });
  } catch (err) {
    return Promise.reject(withCallSite(err, captureSite(show)));
  }
  return invoke(show, callOpts(options), (b, id) => b.template.show(json, id)).then(JSON.parse);
}

// list({ dir = 'templates', cwd, signal }) -> { dir, templates: [{ path, description }] }
function list(options = {}) {
  const cwd = path.resolve(options.cwd || process.cwd());
  const json = JSON.stringify({ dir: path.resolve(cwd, options.dir || 'templates') });
  return invoke(list, callOpts(options), (b, id) => b.template.list(json, id)).then(JSON.parse);
}

// create(name, { dir = 'templates', cwd }) -> { file }: writes a starter template that lints
// clean and generates; never overwrites.
async function create(name, options = {}) {
  const site = captureSite(create);
  try {
    if (typeof name !== 'string' || name.trim() === '') throw invalidArgument('template.create(name): name must be a non-empty string');
    const cwd = path.resolve(options.cwd || process.cwd());
    const dir = path.resolve(cwd, options.dir || 'templates');
    const file = path.resolve(dir, TEMPLATE_EXT.test(name) ? name : `${name}.tmpl`);
    const rel = path.relative(dir, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new GgenError('E_PATH_ESCAPE', `the template name '${name}' leaves the templates folder`, { hint: 'use a name relative to --dir' });
    }
    const text = addon.binding().template.starter(path.basename(file));
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    try {
      await fs.promises.writeFile(file, text, { flag: 'wx' });
    } catch (err) {
      if (err.code === 'EEXIST') {
        throw new GgenError('E_EXISTS', `${path.relative(cwd, file) || file} already exists`, { hint: 'pick another name, or delete the file first', file: path.relative(cwd, file) });
      }
      throw new GgenError('E_IO', `cannot write ${file}: ${err.message}`, { cause: err });
    }
    return { file: path.relative(cwd, file) || file };
  } catch (err) {
    throw withCallSite(err, site);
  }
}

module.exports = { render, renderString, renderFile, lint, show, list, create, context, TemplateContext };
