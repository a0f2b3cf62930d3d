'use strict';
// Hooks: ggen commands stored in ggen.toml ([[hooks]]) and run on an event: pre-commit and
// post-merge through a script installed in the repository's hooks folder, watch after each
// regeneration of `ggen project watch`. See docs/hooks.md.
const path = require('node:path');
const { invoke } = require('./call');
const { invalidArgument } = require('./errors');
const { withOutput, checkOnOutput } = require('./output');

const EVENTS = ['pre-commit', 'post-merge', 'watch'];

// How a hook starts ggen: this node and this package's CLI (the installed git hook falls back
// to `ggen` on PATH if they have moved).
function ggenCommand() {
  return [process.execPath, path.join(__dirname, '..', 'bin', 'ggen.js')];
}

function dirOf(options) {
  return path.resolve(options.dir || process.cwd());
}

function checkEvent(on, who) {
  if (typeof on !== 'string' || on === '') throw invalidArgument(`${who}: \`on\` names the event`, `one of ${EVENTS.join(', ')}`);
}

function commandOf(command, who) {
  const list = typeof command === 'string' ? command.split(/\s+/).filter(Boolean) : command;
  if (!Array.isArray(list) || list.length === 0 || !list.every((a) => typeof a === 'string')) {
    throw invalidArgument(`${who}: \`command\` is ggen's arguments, e.g. ['project', 'gen', '--check']`);
  }
  return list;
}

function create(options = {}) {
  try {
    checkEvent(options.on, 'hooks.create');
    const json = JSON.stringify({
      dir: dirOf(options),
      on: options.on,
      command: commandOf(options.command, 'hooks.create'),
      ggen: options.ggen || ggenCommand(),
      ...(options.timeout ? { timeout: Number(options.timeout) } : {}),
    });
    return invoke(create, options, (b, id) => b.hooks.create(json, id)).then(JSON.parse);
  } catch (err) {
    return Promise.reject(err);
  }
}

function list(options = {}) {
  const json = JSON.stringify({ dir: dirOf(options || {}) });
  return invoke(list, options, (b, id) => b.hooks.list(json, id)).then(JSON.parse);
}

function remove(options = {}) {
  try {
    checkEvent(options.on, 'hooks.remove');
    const command = options.command === undefined ? [] : commandOf(options.command, 'hooks.remove');
    const json = JSON.stringify({ dir: dirOf(options), on: options.on, command });
    return invoke(remove, options, (b, id) => b.hooks.remove(json, id)).then(JSON.parse);
  } catch (err) {
    return Promise.reject(err);
  }
}

function run(event, options = {}) {
  try {
    checkEvent(event, 'hooks.run');
    checkOnOutput(options.onOutput);
    const env = Object.entries(options.env || {}).map(([k, v]) => `${k}=${v}`);
    const json = JSON.stringify({ dir: dirOf(options), event, ggen: options.ggen || ggenCommand(), env });
    return withOutput(options.onOutput, (callback, started) =>
      invoke(run, options, (b, id) => {
        const p = b.hooks.run(json, id, callback);
        started();
        return p;
      }),
    ).then(JSON.parse);
  } catch (err) {
    return Promise.reject(err);
  }
}

module.exports = { create, list, remove, run, events: EVENTS, ggenCommand };
