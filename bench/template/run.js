'use strict';
// bench/template: ggen.template.render against nunjucks on pages both engines accept (see
// cases.js). Each (engine, case) runs in its own child process, so peak RSS is that engine's
// alone; throughput includes everything a caller pays (for ggen: argument checks, JSON.stringify
// of the context, the native call, the Promise). Outputs are checked equal before timing.
// Usage: node bench/template/run.js [--seconds 2] [--case loop] [--json] [--markdown]
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const os = require('node:os');
const cases = require('./cases');

const argv = process.argv.slice(2);
const flag = (name) => {
  const i = argv.indexOf(name);
  return i === -1 ? undefined : argv[i + 1];
};
const seconds = Number(flag('--seconds')) || 2;
const only = flag('--case');
const asJson = argv.includes('--json');
const markdown = argv.includes('--markdown');
const worker = path.join(__dirname, 'worker.js');
const ENGINES = ['ggen', 'ggen-parallel', 'ggen-prepared', 'nunjucks'];

function normalise(s) {
  return s.replace(/[ \t]+\n/g, '\n').trim();
}

async function checkSameOutput(name, c) {
  const ggen = require('../../lib');
  const nunjucks = require('nunjucks');
  const env = new nunjucks.Environment({ getSource: (n) => ({ src: c.nunjucks[n], path: n }) }, { autoescape: false });
  const ctx = c.context();
  const a = await ggen.template.render({ templates: c.ggen, name: c.name, context: ctx });
  const b = env.render(c.name, ctx);
  if (normalise(a) !== normalise(b)) {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    throw new Error(`case ${name}: outputs differ at ${i}:\n ggen:     ${JSON.stringify(a.slice(i - 40, i + 60))}\n nunjucks: ${JSON.stringify(b.slice(i - 40, i + 60))}`);
  }
}

function runWorker(engine, name) {
  const out = execFileSync(process.execPath, [worker, engine, name, String(seconds)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

(async () => {
  const names = Object.keys(cases).filter((n) => !only || n === only);
  const results = [];
  for (const name of names) {
    await checkSameOutput(name, cases[name]);
    const row = { case: name, description: cases[name].description };
    for (const e of ENGINES) row[e] = runWorker(e, name);
    row.ratio = row.ggen.opsPerSec / row.nunjucks.opsPerSec;
    row.ratioParallel = row['ggen-parallel'].opsPerSec / row.nunjucks.opsPerSec;
    row.ratioPrepared = row['ggen-prepared'].opsPerSec / row.nunjucks.opsPerSec;
    row.rssRatio = row.ggen.peakRssMb / row.nunjucks.peakRssMb;
    row.cpuRatio = row.nunjucks.cpuMsPerOp / row.ggen.cpuMsPerOp;
    results.push(row);
    if (!asJson && !markdown) {
      process.stdout.write(
        `${name.padEnd(12)} ggen ${row.ggen.opsPerSec.toFixed(1).padStart(8)}/s  ggen x4 ${row['ggen-parallel'].opsPerSec.toFixed(1).padStart(8)}/s  ` +
          `prepared ${row['ggen-prepared'].opsPerSec.toFixed(1).padStart(8)}/s  nunjucks ${row.nunjucks.opsPerSec.toFixed(1).padStart(8)}/s  ` +
          `ratio ${row.ratio.toFixed(2)}x (x4: ${row.ratioParallel.toFixed(2)}x, prepared: ${row.ratioPrepared.toFixed(2)}x, CPU per render: ${row.cpuRatio.toFixed(2)}x)  ` +
          `peak RSS ${row.ggen.peakRssMb.toFixed(0)} MB vs ${row.nunjucks.peakRssMb.toFixed(0)} MB\n`,
      );
    }
  }
  const geo = (k) => Math.exp(results.reduce((s, r) => s + Math.log(r[k]), 0) / results.length);
  const summary = { ratioGeomean: geo('ratio'), ratioParallelGeomean: geo('ratioParallel'), ratioPreparedGeomean: geo('ratioPrepared'), cpuRatioGeomean: geo('cpuRatio') };
  const machine = { cpus: os.cpus().length, model: os.cpus()[0] && os.cpus()[0].model, node: process.version, load: os.loadavg().map((l) => l.toFixed(1)).join(' ') };
  if (asJson) {
    process.stdout.write(`${JSON.stringify({ machine, seconds, results, summary }, null, 2)}\n`);
  } else if (markdown) {
    const lines = [
      `| case | ggen renders/s | ggen, 4 in flight | ggen, prepared context | nunjucks renders/s | ggen / nunjucks | 4 in flight / nunjucks | prepared / nunjucks | CPU ms per render ggen / nunjucks | CPU ratio | peak RSS ggen / nunjucks (MB) |`,
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...results.map((r) => `| ${r.case} | ${r.ggen.opsPerSec.toFixed(1)} | ${r['ggen-parallel'].opsPerSec.toFixed(1)} | ${r['ggen-prepared'].opsPerSec.toFixed(1)} | ${r.nunjucks.opsPerSec.toFixed(1)} | ${r.ratio.toFixed(2)}x | ${r.ratioParallel.toFixed(2)}x | ${r.ratioPrepared.toFixed(2)}x | ${r.ggen.cpuMsPerOp.toFixed(2)} / ${r.nunjucks.cpuMsPerOp.toFixed(2)} | ${r.cpuRatio.toFixed(2)}x | ${r.ggen.peakRssMb.toFixed(0)} / ${r.nunjucks.peakRssMb.toFixed(0)} |`),
      '',
      `Geometric mean: ${summary.ratioGeomean.toFixed(2)}x one at a time, ${summary.ratioParallelGeomean.toFixed(2)}x with 4 in flight, ${summary.ratioPreparedGeomean.toFixed(2)}x with a prepared context, ${summary.cpuRatioGeomean.toFixed(2)}x in CPU time per render (one at a time). ` +
        `Machine: ${machine.cpus} CPUs (${machine.model}), node ${machine.node}, load average ${machine.load}; ${seconds} s per measurement.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } else {
    process.stdout.write(`geomean ratio ${summary.ratioGeomean.toFixed(2)}x (4 in flight: ${summary.ratioParallelGeomean.toFixed(2)}x, prepared context: ${summary.ratioPreparedGeomean.toFixed(2)}x, CPU per render: ${summary.cpuRatioGeomean.toFixed(2)}x); target >= 3x\n`);
  }
})().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
