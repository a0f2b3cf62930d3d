'use strict';
// bench/runtime: the cost of the Promise bridge. In one run, side by side:
//   ggen        require('ggen').runtime.ping(): JS -> core runtime pool -> TSFN batch -> Promise
//   asyncworker a Napi::AsyncWorker no-op built into the same addon (libuv threadpool + uv_async)
// Measures the round trip of one call at a time (p50/p99 over many calls) and the throughput of
// 100,000 concurrent calls, then RSS once they have settled. Prints a table and the ratios.
// Usage: node bench/runtime/run.js [--calls 100000] [--json]
const ggen = require('../../lib');
const addon = require('../../lib/addon');

const argv = process.argv.slice(2);
const calls = Number(argv[argv.indexOf('--calls') + 1]) || 100000;
const asJson = argv.includes('--json');
const binding = addon.binding();

// ggen: through lib/ (caller-stack capture, AbortSignal plumbing); binding: the bare native call.
const impls = {
  ggen: () => ggen.runtime.ping(),
  binding: () => binding.runtime.ping(0),
  asyncworker: () => binding.runtime.asyncWorkerNoop(),
};

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function roundTrip(fn, n) {
  for (let i = 0; i < 500; i++) await fn(); // warm-up
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const sorted = Array.from(times).sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

async function throughput(fn, n) {
  const rssBefore = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const ps = new Array(n);
  for (let i = 0; i < n; i++) ps[i] = fn();
  await Promise.all(ps);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  ps.length = 0;
  await new Promise((r) => setTimeout(r, 50));
  if (global.gc) global.gc();
  await new Promise((r) => setTimeout(r, 50));
  const rssAfter = process.memoryUsage().rss;
  return { callsPerSec: n / seconds, rssDeltaMB: (rssAfter - rssBefore) / 1024 / 1024 };
}

async function main() {
  const results = {};
  for (const [name, fn] of Object.entries(impls)) {
    const rt = await roundTrip(fn, 5000);
    const tp = await throughput(fn, calls);
    results[name] = { ...rt, ...tp };
  }
  const a = results.asyncworker;
  const ratio = (g) => ({
    roundTripP50: a.p50 / g.p50, // > 1: ggen faster
    roundTripP99: a.p99 / g.p99,
    throughput: g.callsPerSec / a.callsPerSec,
  });
  const ratios = { lib: ratio(results.ggen), binding: ratio(results.binding) };
  const report = { calls, threads: ggen.runtime.stats().threads, results, ratios };
  if (asJson) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(`bench/runtime: ${calls.toLocaleString('en-US')} concurrent calls, ${report.threads} runtime threads, node ${process.version}`);
  console.log('impl          p50 µs   p99 µs   calls/s      RSS Δ after settle');
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name.padEnd(12)} ${r.p50.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(8)} ${Math.round(r.callsPerSec).toLocaleString('en-US').padStart(10)}   ${r.rssDeltaMB.toFixed(1)} MB`);
  }
  for (const [k, r] of Object.entries(ratios)) {
    console.log(`ratios (${k} vs AsyncWorker): round trip p50 ${r.roundTripP50.toFixed(2)}x as fast, p99 ${r.roundTripP99.toFixed(2)}x, throughput ${r.throughput.toFixed(2)}x`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
