'use strict';
// bench/runtime/bursts.js: where a burst's time goes, in one process (a diagnostic beside run.js,
// not its replacement). After the same round trip as run.js, runs B bursts of N concurrent calls
// and prints for each: calls/s, the submit loop's and the settling's wall time per call, the CPU
// per call of the JS thread and of all other threads and the JS thread's run-queue wait (from
// /proc/self/task/*/schedstat), minor page faults, and per thread CPU / voluntary / involuntary
// context switches. PERF_BURST=burst2 attaches `perf record -g` (or, with PERF_STAT=<events>,
// `perf stat --per-thread`) to that burst only, output in PERF_OUT.
// Usage: node --expose-gc bench/runtime/bursts.js binding|aw|promise [B=2]   (GGEN_ADDON=<file>
// selects a build)
const fs = require('node:fs');
const binding = require('../../lib/addon').binding();
const name = process.argv[2] || 'binding';
const fn = name === 'binding' ? () => binding.runtime.ping(0) : name === 'aw' ? () => binding.runtime.asyncWorkerNoop() : () => Promise.resolve();
const N = Number(process.env.CALLS) || 100000;
function threadStat(tid) {
  const s = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  const st = fs.readFileSync(`/proc/self/task/${tid}/status`, 'utf8');
  const v = +/voluntary_ctxt_switches:\s+(\d+)/.exec(st)[1];
  const nv = +/nonvoluntary_ctxt_switches:\s+(\d+)/.exec(st)[1];
  const comm = fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
  const ss = fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ');
  return { comm, ut: +f[11], st: +f[12], v, nv, run: +ss[0], wait: +ss[1] };
}
function snap() {
  const o = {};
  for (const t of fs.readdirSync('/proc/self/task')) { try { o[t] = threadStat(t); } catch {} }
  return o;
}
function sched(a, b) {
  let js = 0, jsw = 0, wk = 0;
  for (const t of Object.keys(b)) {
    const x = a[t] || { run: 0, wait: 0 };
    if (+t === process.pid) { js += b[t].run - x.run; jsw += b[t].wait - x.wait; }
    else if (b[t].comm.startsWith('ggen-worker') || b[t].comm === 'node') wk += b[t].run - x.run;
  }
  return `JS ${(js / 1e3 / N).toFixed(2)} wait ${(jsw / 1e3 / N).toFixed(2)} others ${(wk / 1e3 / N).toFixed(2)} us/call`;
}
function diff(a, b) {
  const out = [];
  for (const t of Object.keys(b)) {
    const x = a[t] || { ut: 0, st: 0, v: 0, nv: 0 };
    const y = b[t];
    const d = { comm: y.comm, cpu: (y.ut + y.st - x.ut - x.st) * 10, v: y.v - x.v, nv: y.nv - x.nv };
    if (d.cpu || d.v > 5 || d.nv > 5) out.push(`${d.comm}:${d.cpu}ms/v${d.v}/nv${d.nv}`);
  }
  return out.join(' ');
}
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
async function settled() { await pause(50); global.gc(); await pause(50); }
async function roundTrip(n) {
  for (let i = 0; i < 1000; i++) await fn();
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) { const t0 = process.hrtime.bigint(); await fn(); times[i] = Number(process.hrtime.bigint() - t0) / 1000; }
  times.sort();
  return times[n >> 1];
}
async function burst(label) {
  await settled();
  let perf = null;
  if (process.env.PERF_BURST === label) {
    const args = process.env.PERF_STAT ? ['stat', '--per-thread', '-e', process.env.PERF_STAT, '-p', String(process.pid), '-o', process.env.PERF_OUT || 'perf-stat.txt'] : ['record', '-F', '4999', '-g', '-p', String(process.pid), '-o', process.env.PERF_OUT || 'perf.data'];
    perf = require('node:child_process').spawn('perf', args, { stdio: 'ignore' });
    await pause(700);
  }
  const s0 = snap(); const c0 = process.cpuUsage(); const r0 = process.resourceUsage();
  const t0 = process.hrtime.bigint();
  let ps = new Array(N);
  for (let i = 0; i < N; i++) ps[i] = fn();
  const t1 = process.hrtime.bigint();
  await Promise.all(ps);
  const t2 = process.hrtime.bigint();
  const c1 = process.cpuUsage(); const s1 = snap(); const r1 = process.resourceUsage();
  ps = null;
  if (perf) { perf.kill('SIGINT'); await new Promise((r) => perf.on('exit', r)); }
  const cpu = (c1.user + c1.system - c0.user - c0.system) / N;
  console.log(`${label}: ${Math.round(N / (Number(t2 - t0) / 1e9))}/s submit ${(Number(t1 - t0) / 1e3 / N).toFixed(2)}us/call settle ${(Number(t2 - t1) / 1e3 / N).toFixed(2)}us/call ${sched(s0, s1)} flt ${r1.minorPageFault - r0.minorPageFault} | ${diff(s0, s1)}`);
}
(async () => {
  const s0 = snap();
  const p50 = await roundTrip(5000);
  console.log(`rt p50 ${p50.toFixed(1)}us | ${diff(s0, snap())}`);
  const bursts = +(process.argv[3] || 2);
  for (let i = 0; i < bursts; i++) await burst(`burst${i + 1}`);
})();
