'use strict';
const ggen = require('../../lib');
const { streamTo } = require('../cli/stream');

const list = {
  summary: 'list the phases of ggen.toml ([lifecycle.<phase>]) with their dependencies',
  flags: {},
  run: (opts, ctx) => ggen.lifecycle.list({ dir: ctx.cwd, signal: ctx.signal }),
  render(r, out) {
    if (r.phases.length === 0) out.line(`no [lifecycle.<phase>] in ${r.config}`);
    for (const p of r.phases) {
      const deps = p.depends.length ? `  (after ${p.depends.join(', ')})` : '';
      out.data(`${p.name}${p.description ? `  ${p.description}` : ''}${deps}`);
    }
  },
};

const run = {
  summary: 'run a phase after its dependencies; phases whose inputs and commands are unchanged are skipped',
  args: [{ name: 'phase', required: true, description: 'a [lifecycle.<phase>] of ggen.toml' }],
  flags: { force: { type: 'boolean', short: 'f', description: 'run every phase, even unchanged ones' } },
  examples: ['ggen lifecycle run build', 'ggen lifecycle run test --force'],
  run: (opts, ctx) => ggen.lifecycle.run(opts.phase, { dir: ctx.cwd, force: opts.force, signal: ctx.signal, onOutput: streamTo(ctx, 'phase') }),
  render(r, out) {
    for (const p of r.phases) {
      out.line(p.status === 'skipped' ? `${out.paint('dim', 'skipped')} ${p.name} (unchanged since its last success)` : `${out.paint('green', 'ran    ')} ${p.name}`);
    }
  },
};

module.exports = { description: 'lifecycle phases of ggen.toml: ordered, cached by content, streamed', verbs: { list, run } };
