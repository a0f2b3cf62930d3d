'use strict';
// RDF graphs: load documents into a native in-memory store, then query, update and serialize it.
// Every call that parses, evaluates or serializes runs on the native runtime, never on the JS
// thread; queries on one graph may run in parallel (each reads a snapshot).
const { invoke, checkOptions } = require('./call');
const { invalidArgument, fromNative } = require('./errors');
const addon = require('./addon');

const RDF_FORMATS = ['turtle', 'ntriples', 'nquads', 'trig'];
const RESULT_FORMATS = ['json', 'csv', 'tsv', 'table', 'xml'];

// The JSON options every native graph call takes: the query file name for error locations
// and a serialization format. AbortSignal stays on the JS side (invoke wires it).
function nativeOptions(options, who) {
  const o = checkOptions(options);
  const out = {};
  if (o.file !== undefined) out.file = String(o.file);
  if (o.timeout) out.timeoutMs = Number(o.timeout);
  if (o.cache === false) out.cache = false;
  if (o.format !== undefined) {
    if (!RESULT_FORMATS.includes(o.format)) {
      throw invalidArgument(`${who}: unknown results format '${o.format}'`, `use one of ${RESULT_FORMATS.join(', ')}`);
    }
    out.format = o.format;
  }
  return JSON.stringify(out);
}

class Graph {
  #handle;

  /** @private use ggen.graph.load() */
  constructor(handle, sources) {
    this.#handle = handle;
    /** What each source contributed: { name, parsed, added }. */
    this.sources = sources;
  }

  /** Number of quads (triples of every graph). */
  get size() {
    return addon.binding().graph.size(this.#handle);
  }

  /** Prefixes declared by the loaded documents (a later document's binding wins). */
  get prefixes() {
    return addon.binding().graph.prefixes(this.#handle);
  }

  query(sparql, options) {
    if (typeof sparql !== 'string') return Promise.reject(invalidArgument('query(sparql): sparql must be a string'));
    let json;
    try {
      json = nativeOptions(options, 'query');
    } catch (err) {
      return Promise.reject(err);
    }
    const h = this.#handle;
    return invoke(this.query, options && { signal: options.signal }, (b, id) => b.graph.query(h, sparql, json, id));
  }

  update(sparql, options) {
    if (typeof sparql !== 'string') return Promise.reject(invalidArgument('update(sparql): sparql must be a string'));
    let json;
    try {
      json = nativeOptions(options, 'update');
    } catch (err) {
      return Promise.reject(err);
    }
    const h = this.#handle;
    return invoke(this.update, options && { signal: options.signal }, (b, id) => b.graph.update(h, sparql, json, id)).then(JSON.parse);
  }

  export(format = 'turtle', options = {}) {
    if (!RDF_FORMATS.includes(format)) {
      return Promise.reject(invalidArgument(`export(format): unknown RDF format '${format}'`, `use one of ${RDF_FORMATS.join(', ')}`));
    }
    const json = JSON.stringify({ format, sort: options.sort !== false });
    const h = this.#handle;
    return invoke(this.export, { signal: options.signal }, (b, id) => b.graph.export(h, json, id));
  }

  stats(options) {
    const h = this.#handle;
    return invoke(this.stats, options && { signal: options.signal }, (b, id) => b.graph.stats(h, id)).then(JSON.parse);
  }
}

function normalizeSource(s, i) {
  // Paths go as given (the addon shares the process cwd), so messages name them as written.
  if (typeof s === 'string') return { path: s };
  if (s && typeof s === 'object' && typeof s.text === 'string') {
    const out = { text: s.text };
    if (s.format !== undefined) out.format = String(s.format);
    if (s.base !== undefined) out.base = String(s.base);
    if (s.name !== undefined) out.name = String(s.name);
    return out;
  }
  if (s && typeof s === 'object' && typeof s.path === 'string') {
    const out = { path: s.path };
    if (s.name !== undefined) out.name = String(s.name);
    if (s.format !== undefined) out.format = String(s.format);
    if (s.base !== undefined) out.base = String(s.base);
    return out;
  }
  throw invalidArgument(`load(sources): source ${i} must be a path or { text, format, base }`);
}

/**
 * Loads documents into a new graph. sources: a path, { text, format, base, name }, or an
 * array of them. Rejects with the first bad source's error; err.errors lists every bad one.
 */
function load(sources, options) {
  let json;
  try {
    const list = Array.isArray(sources) ? sources : [sources];
    if (sources === undefined || sources === null) throw invalidArgument('load(sources): no sources');
    checkOptions(options);
    json = JSON.stringify(list.map(normalizeSource));
  } catch (err) {
    return Promise.reject(err);
  }
  // Keep every bad source on the rejection: invoke() converts the error itself, not .errors.
  const start = (b, id) =>
    b.graph.load(json, id).catch((err) => {
      if (err && Array.isArray(err.errors)) {
        const e = fromNative(err);
        e.errors = err.errors.map(fromNative);
        throw e;
      }
      throw err;
    });
  return invoke(load, options && { signal: options.signal }, start).then(
    (r) => new Graph(r.handle, r.sources),
  );
}

module.exports = { load, Graph, RDF_FORMATS, RESULT_FORMATS };
