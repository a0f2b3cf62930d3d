'use strict';
// Packs: create(id) scaffolds a pack folder, lint(dir) checks its ggen-pack.toml and files.
// templatePath() turns `<pack-id>:<path>` into the installed file (through ggen.lock); every API
// that takes a template path calls it.
const fs = require('node:fs');
const path = require('node:path');
const { invoke } = require('./call');
const { fromNative, invalidArgument } = require('./errors');
const addon = require('./addon');
const { version } = require('./version');

const REF = /^[a-z0-9][a-z0-9._-]{1,63}:(?!\/\/)./;

function isTemplateRef(p) {
  return typeof p === 'string' && REF.test(p);
}

// An absolute path for a template argument: a pack reference is resolved through the workspace's
// ggen.lock (unless a file of that literal name exists), anything else relative to cwd.
function templatePath(cwd, p) {
  const s = String(p);
  if (isTemplateRef(s) && !fs.existsSync(path.resolve(cwd, s))) {
    try {
      const resolved = addon.binding().pack.resolveTemplate(path.resolve(cwd), s);
      if (resolved !== null) return resolved;
    } catch (err) {
      throw fromNative(err);
    }
  }
  return path.resolve(cwd, s);
}

// create(id, { dir = id, cwd, signal }) -> { dir, id, files }
function create(id, options = {}) {
  if (typeof id !== 'string' || id === '') return Promise.reject(invalidArgument('pack.create(id): id must be a non-empty string'));
  const json = JSON.stringify({ id, dir: options.dir || id, cwd: path.resolve(options.cwd || process.cwd()) });
  return invoke(create, { signal: options.signal }, (b, cid) => b.pack.create(json, cid)).then(JSON.parse);
}

// lint(dir = '.', { cwd, signal }) -> { dir, ok, id, version, files, issues: [{ severity, code, message, file, line, column, hint }] }
function lint(dir = '.', options = {}) {
  const json = JSON.stringify({ dir: String(dir), cwd: path.resolve(options.cwd || process.cwd()), ggenVersion: version });
  return invoke(lint, { signal: options.signal }, (b, cid) => b.pack.lint(json, cid)).then(JSON.parse);
}

module.exports = { create, lint, templatePath, isTemplateRef };
