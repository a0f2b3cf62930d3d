'use strict';
// One `ggen.generate({ project, cache })` in this fresh process, timed in-process: node start-up
// and the addon load are excluded (the addon is loaded before the clock starts). Prints JSON.
// Usage: node bench/watch/gen-once.js <project dir> [--cache]
const ggen = require('../../lib');
const addon = require('../../lib/addon');

const [dir, flag] = process.argv.slice(2);
(async () => {
  addon.binding(); // load the addon before the clock starts
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = await ggen.generate({ project: dir, cache: flag === '--cache' });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ wallMs, cpuMs: (c.user + c.system) / 1000, written: r.written, cache: r.cache }));
})().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
