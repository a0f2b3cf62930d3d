'use strict';
// Loads the native addon on first use (never at require time): a local build in build/Release
// during development, else the shipped prebuild for this platform. PREBUILDS_ONLY=1 skips local
// builds (node-gyp-build honours it). GGEN_ADDON=<file> loads that exact binary (development:
// several checkouts or build folders side by side).
const path = require('node:path');
const { GgenError } = require('./errors');

const root = path.join(__dirname, '..');
let cached = null;

function load() {
  if (cached) return cached;
  let file;
  try {
    file = process.env.GGEN_ADDON || require('node-gyp-build').path(root);
    const binding = require(file);
    cached = { binding, path: file };
    return cached;
  } catch (err) {
    throw new GgenError('E_ADDON_LOAD', `cannot load the ggen native addon: ${err.message}`, {
      hint:
        `no usable binary for ${process.platform}-${process.arch} (Node-API 8+). ` +
        'Run `npm run build` in a source checkout, or reinstall ggen.',
      cause: err,
    });
  }
}

module.exports = {
  binding: () => (cached ? cached.binding : load().binding),
  path: () => load().path,
};
