'use strict';
// Run control: --jobs, --fail-fast / --keep-going, --timeout, cancellation (AbortSignal and
// Ctrl-C) leaving no partial output, --metrics, and `project diff` against hand edits.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ggen = require('../../lib');
const { runCli, cli: cliPath, childEnv } = require('./helpers/run');

let dir;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-control-'));
  write('ggen.toml', '[generate]\ntemplates = "templates"\ngraphs = ["graphs"]\noutput = "out"\n');
  write('graphs/g.ttl', Array.from({ length: 4000 }, (_, i) => `<http://x/r${i}> a <http://x/C> .`).join('\n'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (rel, text) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};
const read = (rel) => fs.readFileSync(path.join(dir, rel), 'utf8');
const cli = (args) => runCli(args, { cwd: dir });
const rejection = (p) => p.then(() => { throw new Error('expected a rejection'); }, (e) => e);

// Every file under out/ with its bytes: "unchanged" means this snapshot is equal.
function snapshot() {
  const out = {};
  const walk = (rel) => {
    const abs = path.join(dir, rel);
    if (!fs.existsSync(abs)) return;
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else out[r] = fs.readFileSync(path.join(dir, r), 'utf8');
    }
  };
  walk('out');
  return out;
}

// A generation long enough to interrupt: 4000 matrix rows, each with a loop.
const LONG = '---\nto: "m/{{ row.s | local }}.txt"\nsparql:\n  all: SELECT ?s WHERE { ?s a <http://x/C> }\nmatrix: all\n---\n{% for i in range(end=300) %}{{ i }}{{ row.s }}{% endfor %}\n';

function failing(name, body = '{{ missing_var }}') {
  write(`templates/${name}.tmpl`, `---\nto: ${name}.txt\n---\n${body}\n`);
}

describe('--fail-fast / --keep-going', () => {
  beforeEach(() => {
    write('out/keep.txt', 'before\n');
    write('templates/a.tmpl', '---\nto: a.txt\n---\nA\n');
    failing('b');
    failing('c', '{{ other_missing }}');
    write('templates/d.tmpl', '---\nto: d.txt\n---\nD\n');
  });

  test('keep-going reports every failing template and writes nothing', async () => {
    const err = await rejection(ggen.generate({ project: dir, keepGoing: true }));
    const all = [];
    for (let e = err; e; e = e.cause) all.push(`${e.code} ${e.message}`);
    expect(all.join('\n')).toMatch(/missing_var/);
    expect(all.join('\n')).toMatch(/b\.tmpl/);
    expect(all.join('\n')).toMatch(/c\.tmpl/);
    expect(all.join('\n')).toMatch(/other_missing/);
    expect(err.hint).toContain('2 templates failed');
    expect(snapshot()).toEqual({ 'out/keep.txt': 'before\n' });
  });

  test('fail-fast (the default) stops at a failure and writes nothing', async () => {
    const err = await rejection(ggen.generate({ project: dir }));
    expect(err.code).toBe('E_UNDEFINED_VARIABLE');
    expect(snapshot()).toEqual({ 'out/keep.txt': 'before\n' });
  });

  test('CLI: --keep-going prints both failures; --fail-fast with --keep-going is a usage error', () => {
    const r = cli(['project', 'gen', '--keep-going', '--jobs', '1', '--no-color']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('missing_var');
    expect(r.stderr).toContain('other_missing');
    expect(snapshot()).toEqual({ 'out/keep.txt': 'before\n' });
    const ff = cli(['project', 'gen', '--fail-fast']);
    expect(ff.code).toBe(1);
    expect(ff.stderr).toContain('E_UNDEFINED_VARIABLE');
    const both = cli(['project', 'gen', '--fail-fast', '--keep-going']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('contradict');
    expect(cli(['project', 'gen', '--jobs', '1.5']).code).toBe(2);
    expect(cli(['template', 'generate', '-t', 'templates/a.tmpl', '--timeout', '-1']).code).toBe(2);
  });
});

describe('--timeout', () => {
  test('E_TIMEOUT and nothing written, in JS and in the CLI', async () => {
    write('out/keep.txt', 'before\n');
    write('templates/long.tmpl', LONG);
    const err = await rejection(ggen.generate({ project: dir, timeout: 1 }));
    expect(err.code).toBe('E_TIMEOUT');
    expect(snapshot()).toEqual({ 'out/keep.txt': 'before\n' });
    const r = cli(['project', 'gen', '--timeout', '1', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('E_TIMEOUT');
    const plan = cli(['project', 'plan', '--timeout', '1', '--json']);
    expect(JSON.parse(plan.stdout).error.code).toBe('E_TIMEOUT');
    const tg = cli(['template', 'generate', '-t', 'templates/long.tmpl', '-d', 'graphs/g.ttl', '-o', 'out', '--timeout', '1', '--json']);
    expect(JSON.parse(tg.stdout).error.code).toBe('E_TIMEOUT');
    expect(snapshot()).toEqual({ 'out/keep.txt': 'before\n' });
  });
});

describe('cancellation', () => {
  test('aborting after the first progress event: E_CANCELLED, output folder unchanged', async () => {
    write('out/keep.txt', 'before\n');
    write('templates/long.tmpl', LONG);
    const controller = new AbortController();
    const phases = [];
    const p = ggen.generate({
      project: dir,
      signal: controller.signal,
      onProgress: (e) => {
        phases.push(e.phase);
        controller.abort();
      },
    });
    const err = await rejection(p);
    expect(err.code).toBe('E_CANCELLED');
    expect(phases.length).toBeGreaterThan(0);
    expect(phases).not.toContain('planned');
    expect(snapshot()).toEqual({ 'out/keep.txt': 'before\n' });
  });

  test('validate is cancellable too', async () => {
    write('templates/long.tmpl', LONG);
    const controller = new AbortController();
    const p = ggen.validate({ project: dir, signal: controller.signal, onProgress: () => controller.abort() });
    const r = await p.then((v) => v, (e) => e);
    // It may finish before the abort lands; when it does not, the code is E_CANCELLED.
    if (r instanceof Error) expect(r.code).toBe('E_CANCELLED');
    else expect(r.ok).toBe(true);
  });

  test('Ctrl-C in the CLI: exit 130, "interrupted", no output written', async () => {
    write('out/keep.txt', 'before\n');
    write('templates/long.tmpl', LONG);
    const child = spawn(process.execPath, [cliPath, 'project', 'gen'], { cwd: dir, env: childEnv({ GGEN_RUNTIME_THREADS: '2' }) });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    // Started: the runtime's worker threads exist only once the command has called the engine,
    // after the CLI installed its SIGINT handler.
    const deadline = Date.now() + 30000;
    const started = () => {
      try {
        return fs.readdirSync(`/proc/${child.pid}/task`).some((t) => {
          try {
            return fs.readFileSync(`/proc/${child.pid}/task/${t}/comm`, 'utf8').startsWith('ggen-worker');
          } catch {
            return false;
          }
        });
      } catch {
        return false;
      }
    };
    while (!started() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGINT');
    const { code, signal } = await exited;
    expect(signal).toBeNull();
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(snapshot()).toEqual({ 'out/keep.txt': 'before\n' });
  }, 60000);
});

describe('--metrics', () => {
  beforeEach(() => write('templates/a.tmpl', '---\nto: "{{ row.s | local }}.txt"\nsparql:\n  all: SELECT ?s WHERE { ?s a <http://x/C> } LIMIT 3\nmatrix: all\n---\n{{ row.s }}\n'));

  test('inside the one JSON document with --json', () => {
    const r = cli(['project', 'gen', '--metrics', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.plan.outputs).toHaveLength(3);
    expect(doc.metrics.runtime).toEqual(expect.objectContaining({ created: true, threads: expect.any(Number), peakConcurrency: expect.any(Number), queueWaitP50Us: expect.any(Number) }));
    expect(doc.metrics.runtime.completed).toBeGreaterThan(0);
    const results = doc.metrics.caches.find((c) => c.name === 'sparql-results');
    expect(results).toEqual(expect.objectContaining({ hits: expect.any(Number), misses: expect.any(Number) }));
    expect(results.misses).toBeGreaterThan(0);
  });

  test('on stderr after the normal output; also after a failure', () => {
    const r = cli(['project', 'gen', '--metrics', '--no-color']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/metrics\n {2}runtime: \d+ threads; tasks \d+ spawned, \d+ completed, 0 failed, \d+ cancelled; peak concurrency \d+; queue wait p50 [\d.]+ us, p99 [\d.]+ us/);
    expect(r.stderr).toMatch(/cache sparql-results: \d+ hits, \d+ misses \(hit rate [\d.]+%\)/);
    failing('b');
    const bad = cli(['project', 'gen', '--metrics', '--json']);
    expect(bad.code).toBe(1);
    const doc = JSON.parse(bad.stdout);
    expect(doc.error.code).toBe('E_UNDEFINED_VARIABLE');
    expect(doc.metrics.runtime.created).toBe(true);
  });

  test('validate and template generate take it too', () => {
    const v = cli(['project', 'validate', '--metrics', '--json']);
    expect(JSON.parse(v.stdout).metrics.runtime.created).toBe(true);
    const t = cli(['template', 'generate', '-t', 'templates/a.tmpl', '-d', 'graphs/g.ttl', '-o', 'out', '--metrics', '--json']);
    expect(JSON.parse(t.stdout).metrics.caches.length).toBeGreaterThan(0);
  });
});

describe('project diff', () => {
  beforeEach(() => write('templates/a.tmpl', '---\nto: "{{ row.s | local }}.txt"\nsparql:\n  all: SELECT ?s WHERE { ?s a <http://x/C> } ORDER BY ?s LIMIT 2\nmatrix: all\n---\nline one\n{{ row.s }}\nline three\n'));

  test('a hand edit shows as a change back to the generated bytes', () => {
    expect(cli(['project', 'gen']).code).toBe(0);
    const clean = cli(['project', 'diff']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('no differences');
    fs.writeFileSync(path.join(dir, 'out/r0.txt'), 'line one\nhand edit\nline three\n');
    const r = cli(['project', 'diff', '--no-color']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('--- a/r0.txt');
    expect(r.stdout).toContain('+++ b/r0.txt');
    expect(r.stdout).toContain('-hand edit');
    expect(r.stdout).toContain('+http://x/r0');
    expect(r.stdout).not.toContain('r1.txt');
    // Nothing was written: the edit is still there.
    expect(read('out/r0.txt')).toBe('line one\nhand edit\nline three\n');
  });

  test('--stat and --json', () => {
    expect(cli(['project', 'gen']).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'out/r1.txt'), 'edited\n');
    fs.rmSync(path.join(dir, 'out/r0.txt'));
    const stat = cli(['project', 'diff', '--stat', '--no-color']);
    expect(stat.code).toBe(1);
    expect(stat.stdout).toMatch(/r0\.txt/);
    expect(stat.stdout).toMatch(/r1\.txt/);
    expect(stat.stdout).toMatch(/2 files? changed/);
    const json = cli(['project', 'diff', '--json']);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.changed.sort()).toEqual(['r0.txt', 'r1.txt']);
    expect(doc.diff).toContain('-edited');
    expect(doc.stat).toContain('r1.txt');
    const actions = Object.fromEntries(doc.plan.outputs.map((o) => [o.path, o.action]));
    expect(actions).toEqual({ 'r0.txt': 'create', 'r1.txt': 'overwrite' });
  });
});
