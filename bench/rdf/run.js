'use strict';
// `npm run bench:rdf [-- 10000,100000]`: ggen vs oxigraph vs n3 on generated ontology-shaped
// Turtle. Parse+load throughput, peak RSS and bytes per triple (RSS growth over the baseline,
// after a GC); query medians. Each engine runs in its own child process per size.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generate } = require('./generate');
const QUERIES = require('./queries');

const sizes = (process.argv[2] || '10000,100000,1000000').split(',').map(Number);
const ENGINES = ['ggen', 'oxigraph', 'n3'];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-bench-rdf-'));
const mb = (b) => (b / 1048576).toFixed(1);
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

function runEngine(engine, file, reps) {
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', path.join(__dirname, 'engine.js'), engine, file, String(reps)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env: { ...process.env, GGEN_RUNTIME_THREADS: process.env.GGEN_RUNTIME_THREADS || '' },
  });
  return JSON.parse(out.trim().split('\n').pop());
}

function table(rows) {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ')).join('\n');
}

console.log(`node ${process.version}, ${os.cpus().length} cpus (${os.cpus()[0].model}), ${os.platform()}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
try {
  for (const n of sizes) {
    const file = path.join(dir, `onto-${n}.ttl`);
    const triples = generate(file, n);
    const bytes = fs.statSync(file).size;
    const reps = n >= 1000000 ? 3 : n >= 100000 ? 7 : 15;
    console.log(`\n## ${triples} triples (${mb(bytes)} MB Turtle), query medians of ${reps}`);
    const res = {};
    for (const e of ENGINES) res[e] = runEngine(e, file, reps);
    const ox = res.oxigraph;
    const load = [['engine', 'load ms', 'load CPU ms', 'triples/s', 'vs oxigraph', 'peak RSS MB', 'bytes/triple']];
    for (const e of ENGINES) {
      const r = res[e];
      load.push([e, fmt(r.loadMs), fmt(r.loadCpuMs), Math.round(r.size / (r.loadMs / 1000)).toLocaleString('en'), `${(ox.loadMs / r.loadMs).toFixed(2)}x`, mb(r.peakLoad), Math.round((r.rssLoaded - r.rssBase) / r.size)]);
    }
    console.log(table(load));
    console.log('');
    const q = [['query', 'rows', 'ggen ms', 'oxigraph ms', 'speed vs oxigraph']];
    for (const name of Object.keys(QUERIES)) {
      const g = res.ggen.queries[name];
      const o = ox.queries[name];
      const rows = g.rows === o.rows ? g.rows : `${g.rows}!=${o.rows}`;
      q.push([name, rows, fmt(g.medianMs), fmt(o.medianMs), `${(o.medianMs / g.medianMs).toFixed(2)}x`]);
    }
    console.log(table(q));
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
