'use strict';
// One engine, one case, in its own process (so peak RSS is that engine's alone). Prints one JSON
// line: { engine, case, iterations, seconds, opsPerSec, msPerOp, cpuMsPerOp, peakRssMb, bytes }.
// Usage: node worker.js <ggen|ggen-parallel|ggen-prepared|nunjucks> <case> [seconds]
const cases = require('./cases');

const [engine, caseName, secondsArg] = process.argv.slice(2);
const c = cases[caseName];
const seconds = Number(secondsArg) || 2;

function nunjucksRenderer() {
  const nunjucks = require('nunjucks');
  const sources = c.nunjucks;
  const loader = {
    getSource: (name) => (sources[name] === undefined ? null : { src: sources[name], path: name, noCache: false }),
  };
  const env = new nunjucks.Environment(loader, { autoescape: false });
  // Synchronous, compiled once and cached by the environment: nunjucks' fastest path.
  return (ctx) => env.render(c.name, ctx);
}

function ggenRenderer() {
  const ggen = require('../../lib');
  const templates = c.ggen;
  return (ctx) => ggen.template.render({ templates, name: c.name, context: ctx });
}

// The context converted once (ggen.template.context), as generation renders many templates over
// the same data; the conversion is outside the timed loop, so this is not the like-for-like figure.
async function ggenPreparedRenderer() {
  const ggen = require('../../lib');
  const templates = c.ggen;
  const prepared = await ggen.template.context(c.context());
  return () => ggen.template.render({ templates, name: c.name, context: prepared });
}

async function measure(render, inFlight) {
  const ctx = c.context();
  let bytes = 0;
  const once = async () => {
    const out = await render(ctx);
    bytes = out.length;
  };
  const deadline = (s) => process.hrtime.bigint() + BigInt(Math.round(s * 1e9));
  // Warm-up: compile, fill caches, let the JIT settle.
  for (const end = deadline(Math.min(0.5, seconds / 4)); process.hrtime.bigint() < end;) await once();
  let n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const end = t0 + BigInt(Math.round(seconds * 1e9));
  if (inFlight <= 1) {
    while (process.hrtime.bigint() < end) {
      await once();
      n++;
    }
  } else {
    // Several renders in flight: the native engine renders them on the runtime's pool.
    const lane = async () => {
      while (process.hrtime.bigint() < end) {
        await once();
        n++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  // CPU time of the whole process (JS thread and runtime workers) per render: less sensitive than
  // wall time to other processes on a loaded machine.
  const cpu = process.cpuUsage(cpu0);
  const cpuMsPerOp = (cpu.user + cpu.system) / 1000 / n;
  return { iterations: n, seconds: secs, opsPerSec: n / secs, msPerOp: (secs * 1000) / n, cpuMsPerOp, bytes };
}

(async () => {
  let result;
  if (engine === 'nunjucks') result = await measure(nunjucksRenderer(), 1);
  else if (engine === 'ggen') result = await measure(ggenRenderer(), 1);
  else if (engine === 'ggen-parallel') result = await measure(ggenRenderer(), 4);
  else if (engine === 'ggen-prepared') result = await measure(await ggenPreparedRenderer(), 1);
  else throw new Error(`unknown engine ${engine}`);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ engine, case: caseName, ...result, peakRssMb })}\n`);
})().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
