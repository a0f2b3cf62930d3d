'use strict';
const ggen = require('../../lib');

const doctor = {
  summary: 'check this machine: node, Node-API, the native addon, runtime, write access, git, disk',
  flags: {},
  examples: ['ggen utils doctor', 'ggen utils doctor --json'],
  run: (opts, ctx) => ggen.doctor({ signal: ctx.signal, cwd: ctx.cwd }),
  render(report, out) {
    for (const c of report.checks) {
      const mark = c.ok ? out.paint('green', 'ok  ') : out.paint(c.name === 'git' ? 'yellow' : 'red', c.name === 'git' ? 'warn' : 'FAIL');
      out.line(`${mark} ${c.name.padEnd(13)} ${c.detail}`);
      if (c.hint) out.line(`     ${' '.repeat(13)} hint: ${c.hint}`);
    }
    out.line(report.ok ? 'ggen is ready.' : 'ggen found problems (see above).');
  },
  exitCode: (report) => (report.ok ? 0 : 1),
};

module.exports = { description: 'diagnostics and helpers', verbs: { doctor } };
