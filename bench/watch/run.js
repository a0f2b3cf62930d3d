'use strict';
// bench/watch (not a test): the fast loop on a generated project of 100 templates over a graph of
// 10k and of 100k triples.
//   save-to-written  ggen.watch() with the default 50 ms debounce; a file is saved (written aside,
//                    renamed over, as editors do) and the clock stops at the `generated` event,
//                    which is emitted after the outputs are written; p50/p95 over --edits saves
//                    of a template and of the graph file (each save changes outputs).
//   project gen      cold (no outputs, no .ggen/) and warm (run again, nothing changed), --runs
//                    each, median; wall and CPU (user+sys) time, three ways:
//                      cli        `ggen project gen` in a fresh process (no persistent cache),
//                      cli-cache  `ggen project gen --cache` in a fresh process (end to end:
//                                 node start-up and the addon load included; CPU from
//                                 /usr/bin/time when present),
//                      api-cache  `ggen.generate({ project, cache: true })` timed in a fresh
//                                 process after the addon is loaded (bench/watch/gen-once.js).
//                    The inputs are made --settle seconds (default 3.5) before the first run, so
//                    their stat stamps are trusted (see docs/caching.md, "racy" files).
// Targets (issue 6): p95 < 100 ms for a template edit and < 300 ms for a graph edit at 100k
// triples; warm gen < 10% of cold.
// Usage: node bench/watch/run.js [--sizes 10000,100000] [--templates 100] [--edits 50] [--runs 3]
//        [--settle 3.5] [--json]
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ggen = require('../../lib');

const argv = process.argv.slice(2);
const opt = (name, d) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : d);
const sizes = String(opt('--sizes', '10000,100000')).split(',').map(Number);
const templates = Number(opt('--templates', 100));
const edits = Number(opt('--edits', 50));
const runs = Number(opt('--runs', 3));
const settle = Number(opt('--settle', 3.5));
const hasTime = fs.existsSync('/usr/bin/time');
const cli = path.join(__dirname, '..', '..', 'bin', 'ggen.js');

// Entities in 100 groups; each template lists the labels of its group's first 20 entities.
function graphText(triples, labelOf = (i) => `Entity ${i}`) {
  const lines = ['@prefix ex: <http://example.org/> .'];
  const entities = Math.floor(triples / 3);
  for (let i = 0; i < entities; i++) {
    lines.push(`ex:e${i} ex:group ex:g${i % templates} ; ex:label "${labelOf(i)}" ; ex:rank ${i} .`);
  }
  return `${lines.join('\n')}\n`;
}

function templateText(k, note = '') {
  return `---
to: "group-${k}.ts"
prefixes: { ex: "http://example.org/" }
sparql:
  members: "SELECT ?label ?rank WHERE { ?e ex:group ex:g${k} ; ex:label ?label ; ex:rank ?rank FILTER(?rank < ${templates * 20}) } ORDER BY ?rank"
---
// group ${k}${note}
export const members = [
{%- for m in sparql_results.members %}
  { label: "{{ m.label }}", rank: {{ m.rank }} },
{%- endfor %}
];
`;
}

function save(file, text) {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

function makeProject(triples) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ggen-bench-watch-${triples}-`));
  fs.writeFileSync(path.join(dir, 'ggen.toml'), '[project]\nname = "bench"\n');
  fs.mkdirSync(path.join(dir, 'templates'));
  fs.mkdirSync(path.join(dir, 'graphs'));
  for (let k = 0; k < templates; k++) fs.writeFileSync(path.join(dir, 'templates', `t${k}.tmpl`), templateText(k));
  fs.writeFileSync(path.join(dir, 'graphs', 'domain.ttl'), graphText(triples));
  return dir;
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const median = (xs) => pct(xs, 50);

// One CLI run: wall ms, and CPU ms (user+sys of the process tree) when /usr/bin/time exists.
function cliGen(dir, extra) {
  const args = [cli, 'project', 'gen', '--quiet', ...extra];
  const t0 = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', process.execPath, ...args], { cwd: dir, encoding: 'utf8' })
    : spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`project gen failed: ${r.stderr}`);
  const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr || '');
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}

// One in-process run in a fresh node process (addon loaded before the clock starts).
function apiGen(dir) {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'gen-once.js'), dir, '--cache'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`generate failed: ${r.stderr}`);
  const j = JSON.parse(r.stdout);
  return { wall: j.wallMs, cpu: j.cpuMs, cache: j.cache };
}

function reset(dir) {
  fs.rmSync(path.join(dir, 'generated'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, '.ggen'), { recursive: true, force: true });
}

// Cold and warm, interleaved per run across the three ways; medians.
function coldWarm(dir) {
  const ways = { cli: () => cliGen(dir, []), 'cli-cache': () => cliGen(dir, ['--cache']), 'api-cache': () => apiGen(dir) };
  const acc = {};
  for (const name of Object.keys(ways)) acc[name] = { coldWall: [], coldCpu: [], warmWall: [], warmCpu: [] };
  let warmCounters = null;
  for (let i = 0; i < runs; i++) {
    for (const [name, run] of Object.entries(ways)) {
      reset(dir);
      const cold = run();
      const warm = run();
      if (name === 'api-cache') warmCounters = warm.cache;
      acc[name].coldWall.push(cold.wall);
      acc[name].coldCpu.push(cold.cpu);
      acc[name].warmWall.push(warm.wall);
      acc[name].warmCpu.push(warm.cpu);
    }
  }
  const out = {};
  for (const [name, a] of Object.entries(acc)) {
    out[name] = { coldWall: median(a.coldWall), coldCpu: median(a.coldCpu), warmWall: median(a.warmWall), warmCpu: median(a.warmCpu) };
  }
  out.warmCounters = (warmCounters || []).map((c) => `${c.name} ${c.hits}/${c.misses}`).join(', ');
  return out;
}

async function latencies(dir, triples) {
  const handle = ggen.watch({ project: dir, debounce: 50 });
  const waiters = [];
  let lastError = null;
  handle.on('generated', (r) => waiters.splice(0).forEach((w) => w(r)));
  handle.on('error', (e) => {
    lastError = e;
    waiters.splice(0).forEach((w) => w(null));
  });
  const next = () => new Promise((resolve) => waiters.push(resolve));
  let first = next();
  await handle.ready;
  await first;
  const measure = async (count, edit) => {
    const times = [];
    for (let i = 0; i < count; i++) {
      const commit = edit(i); // the new text is built before the clock starts
      const done = next();
      const t0 = process.hrtime.bigint();
      commit();
      const r = await done;
      if (!r) throw new Error(`regeneration failed: ${lastError && lastError.message}`);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (r.written === 0) throw new Error('an edit wrote nothing: the benchmark must change outputs');
    }
    return times;
  };
  const tmpl = await measure(edits, (i) => {
    const k = i % templates;
    const text = templateText(k, ` (edit ${i})`);
    return () => save(path.join(dir, 'templates', `t${k}.tmpl`), text);
  });
  const graph = await measure(edits, (i) => {
    const text = graphText(triples, (e) => (e === i % templates ? `Entity ${e} v${i + 1}` : `Entity ${e}`));
    return () => save(path.join(dir, 'graphs', 'domain.ttl'), text);
  });
  await handle.close();
  return { tmpl, graph };
}

async function main() {
  const rows = [];
  for (const triples of sizes) {
    const dir = makeProject(triples);
    try {
      await new Promise((r) => setTimeout(r, settle * 1000));
      const load = os.loadavg()[0];
      const cw = coldWarm(dir);
      const { tmpl, graph } = await latencies(dir, triples);
      rows.push({ triples, templates, edits, templateP50: pct(tmpl, 50), templateP95: pct(tmpl, 95), graphP50: pct(graph, 50), graphP95: pct(graph, 95), gen: cw, load, loadAfter: os.loadavg()[0] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const f = (x) => x.toFixed(1).padStart(8);
  console.log(`bench/watch: ${templates} templates, ${edits} saves each, debounce 50 ms, ${os.cpus().length} CPUs, GGEN_RUNTIME_THREADS=${process.env.GGEN_RUNTIME_THREADS || 'default'}, ${runs} runs`);
  console.log('triples   tmpl p50  tmpl p95 graph p50 graph p95   (save-to-written, ms)');
  for (const r of rows) {
    console.log(`${String(r.triples).padEnd(8)}${f(r.templateP50)}  ${f(r.templateP95)}  ${f(r.graphP50)}  ${f(r.graphP95)}`);
  }
  console.log('\ncold vs warm project gen (median; ms; warm/cold of wall and of CPU = user+sys)');
  console.log('triples  way         cold wall  cold cpu  warm wall  warm cpu  wall ratio  cpu ratio  load');
  for (const r of rows) {
    for (const way of ['cli', 'cli-cache', 'api-cache']) {
      const g = r.gen[way];
      const pctOf = (a, b) => `${(100 * a / b).toFixed(1)}%`.padStart(9);
      console.log(`${String(r.triples).padEnd(9)}${way.padEnd(10)}${f(g.coldWall)}  ${f(g.coldCpu)}   ${f(g.warmWall)}  ${f(g.warmCpu)}  ${pctOf(g.warmWall, g.coldWall)}  ${pctOf(g.warmCpu, g.coldCpu)}  ${r.load.toFixed(1)}-${r.loadAfter.toFixed(1)}`);
    }
    // The cached warm run against the plain cold command (what a user switching to --cache sees).
    const w = r.gen['api-cache'];
    const c = r.gen.cli;
    console.log(`${String(r.triples).padEnd(9)}api-cache warm vs cli cold: wall ${(100 * w.warmWall / c.coldWall).toFixed(1)}%, cpu ${(100 * w.warmCpu / c.coldCpu).toFixed(1)}%; warm counters (hits/misses): ${r.gen.warmCounters}`);
  }
  if (argv.includes('--json')) console.log(JSON.stringify(rows));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
