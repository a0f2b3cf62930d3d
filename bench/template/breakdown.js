'use strict';
// Where a per-call render's CPU goes, one process, all cases (or one: `node breakdown.js loop`):
// nunjucks' render, JSON.stringify of the payload alone, ggen.template.render per call (plain
// object), and with a prepared context (template.context(), no transfer). Figures are CPU ms
// (user+sys, all threads) / wall ms per call, 200 calls after 20 of warm-up.
const cases = require('./cases');
const ggen = require('../../lib');
const nunjucks = require('nunjucks');

async function perCall(fn, n) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  const c = process.cpuUsage(c0);
  return [(c.user + c.system) / 1000 / n, Number(process.hrtime.bigint() - t0) / 1e6 / n];
}

(async () => {
  for (const name of process.argv[2] ? [process.argv[2]] : Object.keys(cases)) {
    const c = cases[name];
    const ctx = c.context();
    const env = new nunjucks.Environment({ getSource: (n) => ({ src: c.nunjucks[n], path: n }) }, { autoescape: false });
    const prepared = await ggen.template.context(ctx);
    const runs = {
      nunjucks: () => env.render(c.name, ctx),
      stringify: () => JSON.stringify({ templates: c.ggen, name: c.name, context: ctx }),
      ggen: () => ggen.template.render({ templates: c.ggen, name: c.name, context: ctx }),
      prepared: () => ggen.template.render({ templates: c.ggen, name: c.name, context: prepared }),
    };
    const out = {};
    for (const f of Object.values(runs)) await perCall(f, 20);
    for (const [k, f] of Object.entries(runs)) out[k] = (await perCall(f, 200)).map((x) => x.toFixed(3)).join(' / ');
    const kb = (runs.stringify().length / 1024).toFixed(0);
    process.stdout.write(`${name.padEnd(12)} payload ${kb} KB  CPU / wall ms per call: ${JSON.stringify(out)}\n`);
  }
})().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
