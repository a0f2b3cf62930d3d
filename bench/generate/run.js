'use strict';
// bench/generate: end-to-end generation, side by side in one run: ggen, the oxigraph + nunjucks
// script a user would write, hygen and plop (see engines.js for how each is driven), for
// N = 1, 100, 1000 output files over a graph of --triples triples (default 100k). Each engine
// runs in its own child process (wall time and peak RSS via GNU time); every run starts from an
// empty output folder, so every run writes all N files; the outputs of the four are compared
// byte for byte. Per-file cost is the slope (t(1000) - t(1)) / 999: what one more file costs once
// start-up, module loading and graph loading are paid; it is the median over the rounds of that
// slope within each round (an engine's three sizes run back to back, so each slope compares runs
// made under the same load). CPU time (user + system, all threads) is reported beside wall time:
// on a loaded machine it is the steadier of the two.
// The previous run's output is moved aside (one rename) rather than deleted before a run: see
// docs/bench-generate.md, "Clearing the output between runs", for why deleting it skews every
// engine's file creation; --delete-between restores the old behaviour for comparison.
// --base <dir> puts the working folder elsewhere (e.g. /dev/shm, to take the disk's inode
// allocator out of the comparison).
// --addon <label>=<ggen.node> (repeatable) adds ggen driven by another build of the addon (e.g. the
// one before a change), as engine `ggen@<label>`, measured in the same rounds.
// Runs are interleaved: each of the --runs rounds runs every engine at every size once.
// Usage: node bench/generate/run.js [--triples 100000] [--runs 3] [--delete-between] [--base dir]
//        [--addon label=file]... [--engines hygen,plop,oxi+njk] [--json]
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ENGINES, writeGraph, writeInputs, writeToolFiles } = require('./engines');

const argv = process.argv.slice(2);
const arg = (name, d) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : d);
const triples = arg('--triples', 100000);
const runs = arg('--runs', 3);
const SIZES = [1, 100, 1000];
// Other builds of ggen's addon: label -> file.
const ADDONS = {};
argv.forEach((a, i) => {
  if (a !== '--addon') return;
  const m = /^([\w.-]+)=(.+)$/.exec(argv[i + 1] || '');
  if (!m) throw new Error('--addon takes <label>=<path of ggen.node>');
  ADDONS[`ggen@${m[1]}`] = path.resolve(m[2]);
});
// --engines a,b,...: only these of the reference engines (ggen and its --addon builds always run).
const only = argv.includes('--engines') ? argv[argv.indexOf('--engines') + 1].split(',') : null;
const REFS = Object.keys(ENGINES).filter((n) => n !== 'ggen' && (!only || only.includes(n)));
const NAMES = ['ggen', ...Object.keys(ADDONS), ...REFS];
const isGgen = (name) => name === 'ggen' || name in ADDONS;

function outDir(dir, name) {
  return isGgen(name) ? path.join(dir, name) : path.join(dir, name, 'out');
}

const deleteBetween = argv.includes('--delete-between');
let asideCount = 0;

// Empties the engine's output folder before a run. Moving it into dir/aside/ keeps the freed
// inodes out of the timed run; the whole temporary folder is deleted after the last measurement.
function clearOutput(dir, name) {
  const out = outDir(dir, name);
  if (deleteBetween || !fs.existsSync(out)) {
    fs.rmSync(out, { recursive: true, force: true });
    return;
  }
  fs.mkdirSync(path.join(dir, 'aside'), { recursive: true });
  fs.renameSync(out, path.join(dir, 'aside', String(asideCount++)));
}

function once(name, dir, files) {
  clearOutput(dir, name);
  const t0 = process.hrtime.bigint();
  const code = ENGINES[isGgen(name) ? 'ggen' : name];
  const env = name in ADDONS ? { ...process.env, GGEN_ADDON: ADDONS[name] } : process.env;
  const args = ['-f', 'RSS %M CPU %U %S', process.execPath, '-e', code, dir, String(files), ...(isGgen(name) ? [name] : [])];
  const r = spawnSync('/usr/bin/time', args, { encoding: 'utf8', env });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = /RSS (\d+) CPU ([\d.]+) ([\d.]+)/.exec(r.stderr || '');
  if (r.status !== 0 || !m) throw new Error(`${name} failed at N=${files}:\n${r.stderr}`);
  return { ms, rssMB: Number(m[1]) / 1024, cpuMs: (Number(m[2]) + Number(m[3])) * 1000 };
}

const loadavg = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// `runs` rounds; in each, every engine at N = 1, 100, 1000 back to back. Returns every sample:
// samples[files][name] = [{ ms, cpuMs, rssMB }, ...], one per round. In the last round each
// engine's output is compared with ggen's of the same N (copied to dir/ref/<N>).
function measureAll(dir) {
  const samples = Object.fromEntries(SIZES.map((f) => [f, Object.fromEntries(NAMES.map((n) => [n, []]))]));
  const identical = Object.fromEntries(SIZES.map((f) => [f, {}]));
  for (let r = 0; r < runs; r++) {
    for (const name of NAMES) {
      for (const files of SIZES) {
        samples[files][name].push(once(name, dir, files));
        if (r !== runs - 1) continue;
        const ref = path.join(dir, 'ref', String(files));
        if (name === 'ggen') fs.cpSync(path.join(outDir(dir, name), 'out'), ref, { recursive: true });
        identical[files][name] = sameOutputs(ref, dir, name, files);
      }
    }
  }
  return { samples, identical };
}

// The N files each engine wrote, compared with ggen's.
function sameOutputs(ref, dir, name, files) {
  const mine = isGgen(name) ? path.join(outDir(dir, name), 'out') : outDir(dir, name);
  for (let c = 0; c < files; c++) {
    const a = fs.readFileSync(path.join(ref, `c${c}.ts`));
    const b = fs.readFileSync(path.join(mine, `c${c}.ts`));
    if (!a.equals(b)) return false;
  }
  return fs.readdirSync(mine).filter((f) => f.endsWith('.ts')).length === files;
}

function main() {
  if (!fs.existsSync('/usr/bin/time')) {
    console.error('bench/generate needs GNU time (apt-get install time) to read peak RSS');
    process.exitCode = 1;
    return;
  }
  const base = argv.includes('--base') ? argv[argv.indexOf('--base') + 1] : os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, 'ggen-bench-gen-'));
  const loadBefore = loadavg();
  let measured;
  try {
    writeGraph(dir, triples);
    writeToolFiles(dir);
    for (const files of SIZES) writeInputs(dir, files);
    measured = measureAll(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const { samples, identical } = measured;
  const results = {};
  for (const files of SIZES) {
    results[files] = {};
    for (const name of NAMES) {
      const ss = samples[files][name];
      results[files][name] = {
        ms: median(ss.map((s) => s.ms)),
        cpuMs: median(ss.map((s) => s.cpuMs)),
        rssMB: median(ss.map((s) => s.rssMB)),
        identical: identical[files][name],
      };
    }
  }
  // Per-file slopes within each round, then their median.
  const slope = (name, key) => median(samples[1000][name].map((s, r) => (s[key] - samples[1][name][r][key]) / 999));
  const perFile = {};
  const perFileCpu = {};
  for (const name of NAMES) perFile[name] = slope(name, 'ms');
  for (const name of NAMES) perFileCpu[name] = slope(name, 'cpuMs');
  if (argv.includes('--json')) {
    console.log(JSON.stringify({ triples, runs, deleteBetween, node: process.version, load: { before: loadBefore, after: loadavg() }, addons: ADDONS, results, perFileMs: perFile, perFileCpuMs: perFileCpu }, null, 2));
    return;
  }
  console.log(`bench/generate: ${triples.toLocaleString('en-US')} triples, median of ${runs} runs, node ${process.version}, ${os.cpus().length} CPUs, load ${loadBefore} before, ${loadavg()} after`);
  for (const [name, file] of Object.entries(ADDONS)) console.log(`${name}: ${file}`);
  console.log(`working folder under ${argv.includes('--base') ? argv[argv.indexOf('--base') + 1] : os.tmpdir()}; previous output ${deleteBetween ? 'deleted' : 'moved aside'} before each run`);
  console.log('wall ms / CPU ms (peak RSS MB); xN = that engine\'s wall time / ggen\'s');
  console.log(`files ${NAMES.map((n) => n.padStart(26)).join('')}`);
  for (const files of SIZES) {
    const g = results[files].ggen;
    const cells = NAMES.map((n) => {
      const r = results[files][n];
      const ratio = n === 'ggen' ? '' : ` x${(r.ms / g.ms).toFixed(1)}`;
      return `${r.ms.toFixed(0)}/${r.cpuMs.toFixed(0)} (${r.rssMB.toFixed(0)})${ratio}${r.identical ? '' : ' DIFF'}`.padStart(26);
    });
    console.log(`${String(files).padStart(5)} ${cells.join('')}`);
  }
  // Per-file ratios against each build of ggen (the others' columns are the same runs).
  const others = NAMES.filter((n) => !isGgen(n));
  for (const g of NAMES.filter(isGgen)) {
    const tag = g === 'ggen' ? '' : ` [${g}]`;
    console.log(`per file (CPU)${tag} ${[g, ...others].map((n) => `${n} ${perFileCpu[n].toFixed(3)} ms${n === g ? '' : ` (x${(perFileCpu[n] / perFileCpu[g]).toFixed(1)})`}`).join(', ')}`);
    console.log(`per file (wall)${tag} ${[g, ...others].map((n) => `${n} ${perFile[n].toFixed(3)} ms${n === g ? '' : ` (x${(perFile[n] / perFile[g]).toFixed(1)})`}`).join(', ')}`);
  }
  const bad = SIZES.flatMap((f) => NAMES.filter((n) => !results[f][n].identical).map((n) => `${n}@${f}`));
  if (bad.length) console.log(`outputs differ from ggen's: ${bad.join(', ')}`);
}

main();
