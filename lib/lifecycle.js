'use strict';
// Lifecycle phases declared in ggen.toml ([lifecycle.<phase>]): list them, run one with its
// dependencies. See docs/lifecycle.md.
const path = require('node:path');
const { invoke } = require('./call');
const { invalidArgument } = require('./errors');
const { withOutput, checkOnOutput } = require('./output');

function list(options = {}) {
  const json = JSON.stringify({ dir: path.resolve((options && options.dir) || process.cwd()) });
  return invoke(list, options, (b, id) => b.lifecycle.list(json, id)).then(JSON.parse);
}

function run(phase, options = {}) {
  try {
    if (typeof phase !== 'string' || phase === '') throw invalidArgument('lifecycle.run(phase): phase names a [lifecycle.<phase>] table');
    checkOnOutput(options.onOutput);
    const json = JSON.stringify({ dir: path.resolve(options.dir || process.cwd()), phase, force: Boolean(options.force) });
    return withOutput(options.onOutput, (callback, started) =>
      invoke(run, options, (b, id) => {
        const p = b.lifecycle.run(json, id, callback);
        started();
        return p;
      }),
    ).then(JSON.parse);
  } catch (err) {
    return Promise.reject(err);
  }
}

module.exports = { list, run };
