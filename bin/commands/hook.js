'use strict';
const ggen = require('../../lib');
const { UsageError } = require('../cli/usage-error');
const { suggest } = require('../cli/suggest');
const { streamTo } = require('../cli/stream');

const on = { type: 'string', value: 'event', choices: ggen.hooks.events, description: 'pre-commit, post-merge (git hooks) or watch (after each `project watch` regeneration)' };

// The command after `--` must be a ggen command (checked against the same table that dispatches).
function hookCommand(rest, required) {
  const args = rest[0] === 'ggen' ? rest.slice(1) : rest;
  if (args.length === 0) {
    if (required) throw new UsageError('no command after `--`', 'ggen hook create --on pre-commit -- project gen --check');
    return undefined;
  }
  const { commands } = require('.');
  const [noun, verb] = args;
  if (!commands[noun]) {
    const guess = suggest(noun, Object.keys(commands));
    throw new UsageError(`'${noun}' is not a ggen command`, guess ? `did you mean \`${guess}\`?` : 'the command after `--` is a ggen command, e.g. project gen --check');
  }
  if (noun === 'hook') throw new UsageError('a hook cannot run `ggen hook ...`', 'that would run hooks from a hook');
  if (!commands[noun].verbs[verb]) {
    const guess = verb && suggest(verb, Object.keys(commands[noun].verbs));
    throw new UsageError(`'${verb || ''}' is not a verb of \`ggen ${noun}\``, guess ? `did you mean \`${noun} ${guess}\`?` : `run \`ggen ${noun} --help\``);
  }
  return args;
}

function needEvent(opts) {
  if (!opts.on) throw new UsageError('--on <event> is required', 'ggen hook create --on pre-commit -- project gen --check');
}

const create = {
  summary: 'store a hook in ggen.toml (and install the git hook for git events): -- <ggen command>',
  flags: { on, timeout: { type: 'number', value: 'ms', description: 'kill the command after this long (default: 600000)' } },
  examples: ['ggen hook create --on pre-commit -- project gen --check', 'ggen hook create --on watch -- template lint'],
  run(opts, ctx) {
    needEvent(opts);
    return ggen.hooks.create({ dir: ctx.cwd, on: opts.on, command: hookCommand(opts.rest, true), timeout: opts.timeout, signal: ctx.signal });
  },
  render(r, out) {
    out.line(`${r.added ? out.paint('green', 'added  ') : 'exists '} ${r.hook.on}: ggen ${r.hook.command}  (${r.config})`);
    if (r.installed) out.line(`git hook ${r.installed}${r.chained ? ' (the hook that was there runs first)' : ''}`);
  },
};

const list = {
  summary: 'list the hooks of ggen.toml and whether their git hooks are installed',
  flags: {},
  run: (opts, ctx) => ggen.hooks.list({ dir: ctx.cwd, signal: ctx.signal }),
  render(r, out) {
    if (r.hooks.length === 0) out.line(`no hooks in ${r.config}: add one with \`ggen hook create\``);
    for (const h of r.hooks) {
      const state = h.on === 'watch' ? '' : h.installed ? out.paint('green', 'installed') : out.paint('yellow', 'not installed');
      out.data(`${h.on.padEnd(10)}  ggen ${h.command}${state ? `  ${state}` : ''}`);
    }
  },
};

const remove = {
  summary: 'remove an event\'s hooks (or only -- <ggen command>); the git hook goes with the last one',
  flags: { on },
  examples: ['ggen hook remove --on pre-commit', 'ggen hook remove --on watch -- template lint'],
  run(opts, ctx) {
    needEvent(opts);
    return ggen.hooks.remove({ dir: ctx.cwd, on: opts.on, command: hookCommand(opts.rest, false), signal: ctx.signal });
  },
  render(r, out) {
    for (const h of r.removed) out.line(`${out.paint('red', 'removed')} ${h.on}: ggen ${h.command}`);
    if (r.uninstalled) out.line(`git hook removed${r.restored ? '; the previous hook is back' : ''}`);
  },
};

const run = {
  summary: 'run the hooks of an event now (what the installed git hooks call)',
  args: [{ name: 'event', required: true, choices: ggen.hooks.events, description: 'pre-commit, post-merge or watch' }],
  flags: {},
  run: (opts, ctx) => ggen.hooks.run(opts.event, { dir: ctx.cwd, signal: ctx.signal, onOutput: streamTo(ctx, 'ggen') }),
  render(r, out) {
    out.line(`${r.event}: ${r.runs.length} hook${r.runs.length === 1 ? '' : 's'} ran`);
  },
};

module.exports = { description: 'hooks: ggen commands run on git commits and merges, or after watch regenerations', verbs: { create, list, remove, run } };
