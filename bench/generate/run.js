'use strict';
// bench/generate: end-to-end generation, side by side in one run: ggen, the oxigraph + nunjucks
// script a user would write, hygen and plop (see engines.js for how each is driven), for
// N = 1, 100, 1000 output files over a graph of --triples triples (default 100k). Each engine
// runs in its own child process (wall time and peak RSS via GNU time); every run starts from an
// empty output folder, so every run writes all N files; the outputs of the four are compared
// byte for byte. Per-file cost is the slope (t(1000) - t(1)) / 999: what one more file costs once
// start-up, module loading and graph loading are paid. CPU time (user + system, all threads)
// is reported beside wall time: on a loaded machine it is the steadier of the two.
// The previous run's output is moved aside (one rename) rather than deleted before a run: see
// docs/bench-generate.md, "Clearing the output between runs", for why deleting it skews every
// engine's file creation; --delete-between restores the old behaviour for comparison.
// --base <dir> puts the working folder elsewhere (e.g. /dev/shm, to take the disk's inode
// allocator out of the comparison).
// Usage: node bench/generate/run.js [--triples 100000] [--runs 3] [--delete-between] [--base dir] [--json]
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
const NAMES = Object.keys(ENGINES);

function outDir(dir, name) {
  return name === 'ggen' ? path.join(dir, 'ggen') : path.join(dir, name, 'out');
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
  const r = spawnSync('/usr/bin/time', ['-f', 'RSS %M CPU %U %S', process.execPath, '-e', ENGINES[name], dir, String(files)], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = /RSS (\d+) CPU ([\d.]+) ([\d.]+)/.exec(r.stderr || '');
  if (r.status !== 0 || !m) throw new Error(`${name} failed at N=${files}:\n${r.stderr}`);
  return { ms, rssMB: Number(m[1]) / 1024, cpuMs: (Number(m[2]) + Number(m[3])) * 1000 };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(name, dir, files) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(once(name, dir, files));
  return { ms: median(samples.map((s) => s.ms)), cpuMs: median(samples.map((s) => s.cpuMs)), rssMB: median(samples.map((s) => s.rssMB)) };
}

// The N files each engine wrote, compared with ggen's.
function sameOutputs(dir, name, files) {
  const ref = path.join(outDir(dir, 'ggen'), 'out');
  const mine = name === 'ggen' ? ref : outDir(dir, name);
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
  const results = {};
  try {
    writeGraph(dir, triples);
    writeToolFiles(dir);
    for (const files of SIZES) {
      writeInputs(dir, files);
      results[files] = {};
      for (const name of NAMES) results[files][name] = measure(name, dir, files);
      for (const name of NAMES) results[files][name].identical = sameOutputs(dir, name, files);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const perFile = {};
  const perFileCpu = {};
  for (const name of NAMES) perFile[name] = (results[1000][name].ms - results[1][name].ms) / 999;
  for (const name of NAMES) perFileCpu[name] = (results[1000][name].cpuMs - results[1][name].cpuMs) / 999;
  if (argv.includes('--json')) {
    console.log(JSON.stringify({ triples, runs, deleteBetween, node: process.version, results, perFileMs: perFile, perFileCpuMs: perFileCpu }, null, 2));
    return;
  }
  console.log(`bench/generate: ${triples.toLocaleString('en-US')} triples, median of ${runs} runs, node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
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
  console.log(`per file (CPU) ${NAMES.map((n) => `${n} ${perFileCpu[n].toFixed(3)} ms${n === 'ggen' ? '' : ` (x${(perFileCpu[n] / perFileCpu.ggen).toFixed(1)})`}`).join(', ')}`);
  console.log(`per file (wall) ${NAMES.map((n) => `${n} ${perFile[n].toFixed(3)} ms${n === 'ggen' ? '' : ` (x${(perFile[n] / perFile.ggen).toFixed(1)})`}`).join(', ')}`);
  const bad = SIZES.flatMap((f) => NAMES.filter((n) => !results[f][n].identical).map((n) => `${n}@${f}`));
  if (bad.length) console.log(`outputs differ from ggen's: ${bad.join(', ')}`);
}

main();
