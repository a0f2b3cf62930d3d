'use strict';
// How long an abort takes to stop work: a project gen over a big matrix (and a validate over a
// big graph) is aborted after --after ms; reports the time from abort() to the rejection, and
// checks the output folder is unchanged. Not a test (times depend on the machine's load).
// Usage: node bench/validate/cancel.js [--rows 20000] [--triples 300000] [--after 150] [--runs 5]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ggen = require('../../lib');

const argv = process.argv.slice(2);
const arg = (name, d) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : d);
const rows = arg('--rows', 20000);
const triples = arg('--triples', 300000);
const after = arg('--after', 150);
const runs = arg('--runs', 5);

function project(dir) {
  fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'graphs'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'ggen.toml'), '[generate]\ntemplates = "templates"\ngraphs = ["graphs"]\noutput = "out"\n');
  const lines = [];
  for (let i = 0; i < triples; i++) lines.push(`<http://x/r${i}> ${i < rows ? 'a <http://x/C>' : `<http://x/v> ${i}`} .`);
  fs.writeFileSync(path.join(dir, 'graphs', 'g.ttl'), `${lines.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'templates', 'm.tmpl'), '---\nto: "m/{{ row.s | local }}.txt"\nsparql:\n  all: SELECT ?s WHERE { ?s a <http://x/C> }\nmatrix: all\n---\n{% for i in range(end=50) %}{{ i }} {{ row.s }}\n{% endfor %}\n');
  fs.mkdirSync(path.join(dir, 'out'));
  fs.writeFileSync(path.join(dir, 'out', 'keep.txt'), 'before\n');
}

async function abortAfter(call, ms) {
  const controller = new AbortController();
  const p = call(controller.signal).then(() => null, (e) => e);
  await new Promise((r) => setTimeout(r, ms));
  const t0 = process.hrtime.bigint();
  controller.abort();
  const err = await p;
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, code: err ? err.code : 'finished first' };
}

(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-bench-cancel-'));
  try {
    project(dir);
    console.log(`abort latency: ${rows} matrix rows, ${triples} triples, abort after ${after} ms; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    for (const [name, call] of [
      ['project gen', (signal) => ggen.generate({ project: dir, signal })],
      ['project validate', (signal) => ggen.validate({ project: dir, signal })],
    ]) {
      const results = [];
      for (let i = 0; i < runs; i++) results.push(await abortAfter(call, after));
      const unchanged = fs.readdirSync(path.join(dir, 'out')).join(',') === 'keep.txt';
      console.log(`${name}: ${results.map((r) => `${r.ms.toFixed(1)} ms (${r.code})`).join(', ')}; output folder unchanged: ${unchanged}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
})();
