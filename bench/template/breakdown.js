'use strict';
// Where a per-call render's CPU goes, one process, all cases (or one: `node breakdown.js loop`):
// nunjucks' render, JSON.stringify of the payload alone, ggen.template.render per call (plain
// object), and with a prepared context (template.context(), no transfer). Figures are CPU ms
// (user+sys, all threads) / wall ms per call.
//
// On a shared machine the CPU time of one call moves with whatever else runs (caches, other
// processes' load). So the engines are measured interleaved, in rounds of a few calls each, and
// the figure is each engine's median over the rounds: a burst of load hits every engine alike,
// and `ratio` (nunjucks' CPU per call over ggen's, per call, plain object) is comparable between
// runs made at different loads. Usage: node breakdown.js [case] [--rounds 15] [--calls 20] [--fresh]
//
// --fresh runs each case in a process of its own (as run.js does), so a case is not measured
// while the heap and the native buffers still hold what earlier cases left behind: in one
// process, inheritance measured after the loop case ran up to 2x slower for both of ggen's
// columns (prepared included) than alone, an effect of the running order, not of the case.
const cases = require('./cases');
const ggen = require('../../lib');
const nunjucks = require('nunjucks');

const argv = process.argv.slice(2);
const flag = (name, d) => {
  const i = argv.indexOf(name);
  return i === -1 ? d : Number(argv[i + 1]);
};
const rounds = flag('--rounds', 15);
const calls = flag('--calls', 20);
const only = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--rounds' && argv[i - 1] !== '--calls');

async function perCall(fn, n) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  const c = process.cpuUsage(c0);
  return [(c.user + c.system) / 1000 / n, Number(process.hrtime.bigint() - t0) / 1e6 / n];
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (!only && argv.includes('--fresh')) {
  const { execFileSync } = require('node:child_process');
  const rest = argv.filter((a) => a !== '--fresh');
  for (const name of Object.keys(cases)) {
    process.stdout.write(execFileSync(process.execPath, [__filename, name, ...rest], { encoding: 'utf8' }));
  }
  return;
}

(async () => {
  for (const name of only ? [only] : Object.keys(cases)) {
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
    for (const f of Object.values(runs)) await perCall(f, calls);
    const samples = Object.fromEntries(Object.keys(runs).map((k) => [k, { cpu: [], wall: [] }]));
    for (let r = 0; r < rounds; r++) {
      for (const [k, f] of Object.entries(runs)) {
        const [cpu, wall] = await perCall(f, calls);
        samples[k].cpu.push(cpu);
        samples[k].wall.push(wall);
      }
    }
    const out = {};
    for (const [k, s] of Object.entries(samples)) out[k] = `${median(s.cpu).toFixed(3)} / ${median(s.wall).toFixed(3)}`;
    const ratio = median(samples.nunjucks.cpu) / median(samples.ggen.cpu);
    const kb = (runs.stringify().length / 1024).toFixed(0);
    process.stdout.write(`${name.padEnd(12)} payload ${kb} KB  CPU / wall ms per call (median of ${rounds} rounds): ${JSON.stringify(out)}  CPU ratio nunjucks/ggen ${ratio.toFixed(2)}x\n`);
  }
})().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
