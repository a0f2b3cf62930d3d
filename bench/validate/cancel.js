'use strict';
// How long an abort takes to stop work: a project gen over a big matrix (with and without the
// persistent cache) and a validate over a big graph are aborted at several points (--after, ms
// after the call: each lands in another phase — hashing, parsing, indexing, templates, queries,
// rendering); reports the time from abort() to the rejection per point (with the last progress
// phase seen before the abort), the maximum per point and overall, and checks
// that the output folder and the cache are unchanged. Not a test (times depend on the load).
// Usage: node bench/validate/cancel.js [--rows 20000] [--triples 300000]
//        [--after 50,150,300,600,1000,1500] [--runs 3]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ggen = require('../../lib');

const argv = process.argv.slice(2);
const arg = (name, d) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : d);
const rows = arg('--rows', 20000);
const triples = arg('--triples', 300000);
const after = (argv.includes('--after') ? argv[argv.indexOf('--after') + 1] : '50,150,300,600,1000,1500').split(',').map(Number);
const runs = arg('--runs', 3);

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

// The phase is the last progress event seen before the abort (events reach JS a little late:
// the work may be one phase further on).
async function abortAfter(call, ms) {
  const controller = new AbortController();
  let phase = 'start';
  const p = call(controller.signal, (e) => { phase = e.phase; }).then(() => null, (e) => e);
  await new Promise((r) => setTimeout(r, ms));
  const at = phase;
  const t0 = process.hrtime.bigint();
  controller.abort();
  const err = await p;
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, code: err ? err.code : 'finished first', phase: at };
}

(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-bench-cancel-'));
  try {
    project(dir);
    console.log(`abort latency: ${rows} matrix rows, ${triples} triples, ${runs} runs per point; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    const listing = () => fs.readdirSync(path.join(dir, 'out')).join(',');
    const cacheFile = path.join(dir, '.ggen', 'cache', 'entries.bin');
    const cacheState = () => (fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile).toString('base64') : 'none');
    for (const [name, call] of [
      ['project gen', (signal, onProgress) => ggen.generate({ project: dir, signal, onProgress })],
      ['project gen --cache', (signal, onProgress) => ggen.generate({ project: dir, cache: true, signal, onProgress })],
      ['project validate', (signal, onProgress) => ggen.validate({ project: dir, signal, onProgress })],
    ]) {
      let max = 0;
      const cache0 = cacheState();
      for (const ms of after) {
        const results = [];
        for (let i = 0; i < runs; i++) results.push(await abortAfter(call, ms));
        const stopped = results.filter((r) => r.code === 'E_CANCELLED');
        let pointMax = 0;
        for (const r of stopped) pointMax = Math.max(pointMax, r.ms);
        max = Math.max(max, pointMax);
        const shown = results.map((r) => `${r.ms.toFixed(1)} ms (${r.code === 'E_CANCELLED' ? r.phase : r.code})`);
        console.log(`${name.padEnd(20)} abort at ${String(ms).padStart(5)} ms: max ${pointMax.toFixed(1)} ms; ${shown.join(', ')}`);
      }
      console.log(`${name.padEnd(20)} max abort-to-rejection ${max.toFixed(1)} ms; output folder unchanged: ${listing() === 'keep.txt'}; cache unchanged: ${cacheState() === cache0}; load ${os.loadavg()[0].toFixed(1)}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
})();
