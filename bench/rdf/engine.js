'use strict';
// One engine, one process: `node engine.js <ggen|oxigraph|n3> <file.ttl> <reps>` loads the file,
// runs each query `reps` times after one warm-up, and prints one JSON line. A process per engine
// keeps their memory apart: peak RSS is the kernel's high-water mark (VmHWM) for this process.
const fs = require('node:fs');
const path = require('node:path');
const QUERIES = require('./queries');

const [engine, fileArg, repsArg] = process.argv.slice(2);
let file = fileArg;
const reps = Number(repsArg || 5);

function memKb(field) {
  const m = fs.readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+)`));
  return m ? Number(m[1]) * 1024 : 0;
}
const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const engines = {
  async ggen() {
    const ggen = require(path.join(__dirname, '..', '..', 'lib'));
    await ggen.runtime.ping(); // start the runtime before the baseline
    return {
      load: async () => {
        const g = await ggen.graph.load(file);
        return { size: g.size, g };
      },
      // Uncached: the result cache would answer repeats without evaluating.
      query: async (s, q) => {
        const r = await s.g.query(q, { cache: false });
        return r.rows.length;
      },
    };
  },
  async oxigraph() {
    const ox = require('oxigraph');
    return {
      load: async () => {
        const store = new ox.Store();
        store.load(fs.readFileSync(file), { format: 'text/turtle' });
        return { size: store.size, store };
      },
      query: async (s, q) => s.store.query(q).length,
    };
  },
  async n3() {
    const N3 = require('n3');
    return {
      load: () =>
        new Promise((resolve, reject) => {
          const store = new N3.Store();
          const parser = new N3.StreamParser({ format: 'text/turtle' });
          fs.createReadStream(file).pipe(parser);
          parser.on('data', (q) => store.addQuad(q));
          parser.on('error', reject);
          parser.on('end', () => resolve({ size: store.size, store }));
        }),
      query: null, // n3 has no SPARQL engine
    };
  },
};

(async () => {
  const e = await engines[engine]();
  // Warm-up on a tiny document: module/WASM initialisation and JIT are not parse+load costs.
  const realFile = file;
  file = path.join(path.dirname(realFile), 'warmup.ttl');
  fs.writeFileSync(file, '@prefix ex: <http://example.org/onto#> .\nex:a ex:b "c", 1 ; ex:d ex:e .\n');
  await e.load();
  file = realFile;
  if (global.gc) global.gc();
  const rssBase = memKb('VmRSS');
  const t0 = now();
  const c0 = process.cpuUsage();
  const s = await e.load();
  const loadMs = now() - t0;
  const c1 = process.cpuUsage(c0);
  const loadCpuMs = (c1.user + c1.system) / 1000; // all threads: less noisy on a shared machine
  if (global.gc) global.gc();
  const rssLoaded = memKb('VmRSS');
  const peakLoad = memKb('VmHWM');
  const queries = {};
  if (e.query) {
    for (const [name, q] of Object.entries(QUERIES)) {
      const rows = await e.query(s, q); // warm-up (and the row count)
      const times = [];
      for (let i = 0; i < reps; i++) {
        const t = now();
        await e.query(s, q);
        times.push(now() - t);
      }
      queries[name] = { rows, medianMs: median(times) };
    }
  }
  process.stdout.write(`${JSON.stringify({ engine, size: s.size, loadMs, loadCpuMs, rssBase, rssLoaded, peakLoad, queries })}\n`);
  process.exit(0);
})().catch((err) => {
  process.stderr.write(`${engine}: ${err.stack || err}\n`);
  process.exit(1);
});
