'use strict';
// The marketplace: registries (a folder or an http(s) URL holding index.json and .tgz archives)
// and the packs installed into a workspace's .ggen/packs, recorded in ggen.lock.
// Common options: { cwd, registry, timeout (ms, whole call), httpTimeout (ms per HTTP attempt),
// retries, backoff (ms), signal }. Without `registry`, ggen.toml's [marketplace] registry is used.
const path = require('node:path');
const { invoke } = require('./call');
const { GgenError, invalidArgument } = require('./errors');
const { version } = require('./version');
const { httpsFetch } = require('./https_fetch');

// https registries go through Node's fetch on this environment's JS thread (lib/https_fetch.js):
// registered once per binding object, i.e. once per environment (main thread or worker).
let fetcherOn = null;
function withHttps(binding) {
  if (fetcherOn !== binding) {
    binding.marketplace.setHttpsFetcher(httpsFetch);
    fetcherOn = binding;
  }
  return binding.marketplace;
}

function payload(options, extra) {
  if (options === null || typeof options !== 'object') throw invalidArgument('options must be an object');
  const p = { cwd: path.resolve(options.cwd || process.cwd()), ggenVersion: version, ...extra };
  if (options.registry !== undefined) p.registry = String(options.registry);
  if (options.timeout) p.timeoutMs = Number(options.timeout);
  if (options.httpTimeout) p.httpTimeoutMs = Number(options.httpTimeout);
  if (options.retries !== undefined) p.retries = Number(options.retries);
  if (options.backoff !== undefined) p.backoffMs = Number(options.backoff);
  return JSON.stringify(p);
}

function call(callee, verb, options, extra) {
  let json;
  try {
    json = payload(options, extra);
  } catch (err) {
    return Promise.reject(err);
  }
  return invoke(callee, { signal: options.signal }, (b, id) => withHttps(b)[verb](json, id)).then(JSON.parse);
}

function requireId(id, who) {
  if (typeof id !== 'string' || id === '') throw invalidArgument(`marketplace.${who}(id): id must be a non-empty string`);
}

const search = (query = '', options = {}) => call(search, 'search', options, { query: String(query) });

function info(id, options = {}) {
  try {
    requireId(id, 'info');
  } catch (err) {
    return Promise.reject(err);
  }
  return call(info, 'info', options, { id });
}

// install('<id>' | '<id>@<range>')
function install(spec, options = {}) {
  try {
    requireId(spec, 'install');
  } catch (err) {
    return Promise.reject(err);
  }
  return call(install, 'install', options, { spec });
}

const update = (id = '', options = {}) => call(update, 'update', options, { id: String(id || '') });

function remove(id, options = {}) {
  try {
    requireId(id, 'remove');
  } catch (err) {
    return Promise.reject(err);
  }
  return call(remove, 'remove', options, { id });
}

const list = (options = {}) => call(list, 'list', options, {});

// publish(dir = '.', { registry: <folder> }): packs dir reproducibly into the registry folder.
function publish(dir = '.', options = {}) {
  if (!options.registry) {
    return Promise.reject(new GgenError('E_NO_REGISTRY', 'marketplace.publish: options.registry (a folder) is required', { hint: 'pass { registry: "path/to/registry" }' }));
  }
  return call(publish, 'publish', options, { dir: String(dir) });
}

module.exports = { search, info, install, update, remove, list, publish };
