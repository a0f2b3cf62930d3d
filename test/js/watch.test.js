'use strict';
// ggen.watch and `ggen project watch` on real temporary projects: edits, folders created later,
// renames, deletions, bad input then recovery, closing, AbortSignal, Ctrl-C. Assertions poll the
// written files with a generous deadline; nothing asserts a latency.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const ggen = require('../../lib');
const { cli: cliPath, childEnv, runNode } = require('./helpers/run');

jest.setTimeout(60000);

let dir;
const handles = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-watch-'));
  write('ggen.toml', '[project]\nname = "w"\n[vars]\ngreeting = "hello"\n');
  write('templates/hello.tmpl', '---\nto: hello.txt\n---\n{{ greeting }}\n');
  write('templates/items.tmpl', '---\nto: items.txt\nsparql:\n  items: "SELECT ?l WHERE { ?s <http://example.org/label> ?l } ORDER BY ?l"\n---\n{% for r in sparql_results.items %}{{ r.l }}\n{% endfor %}');
  write('graphs/data.ttl', '<http://example.org/a> <http://example.org/label> "alpha" .\n');
});
afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(rel, text) {
  const target = path.join(dir, rel);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(`${target}.tmp`, text); // like an editor: write aside, rename over
  fs.renameSync(`${target}.tmp`, target);
}
const read = (rel) => {
  try {
    return fs.readFileSync(path.join(dir, 'generated', rel), 'utf8');
  } catch {
    return null;
  }
};

async function eventually(pred, limit = 20000) {
  const end = Date.now() + limit;
  while (Date.now() < end) {
    if (pred()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return pred();
}

function record(handle) {
  const log = { change: [], generated: [], error: [] };
  for (const k of Object.keys(log)) handle.on(k, (x) => log[k].push(x));
  return log;
}

async function started(options = {}) {
  const h = ggen.watch({ project: dir, debounce: 20, ...options });
  handles.push(h);
  const log = record(h);
  await h.ready;
  expect(await eventually(() => log.generated.length + log.error.length >= 1)).toBe(true);
  return { h, log };
}

describe('ggen.watch', () => {
  test('generates at start, then on every real change; a save without a change triggers nothing', async () => {
    const { h, log } = await started();
    expect(h.root).toBe(dir);
    expect(h.folders).toEqual([path.join(dir, 'templates'), path.join(dir, 'graphs')]);
    expect(h.files).toEqual([path.join(dir, 'ggen.toml')]);
    expect(log.generated[0]).toMatchObject({ seq: 1, initial: true, mode: 'apply', changes: [] });
    expect(read('hello.txt')).toBe('hello\n');
    expect(read('items.txt')).toBe('alpha\n');

    write('templates/hello.tmpl', '---\nto: hello.txt\n---\n{{ greeting }}\n'); // same bytes
    fs.utimesSync(path.join(dir, 'templates/items.tmpl'), new Date(), new Date()); // a touch
    write('graphs/data.ttl', '<http://example.org/a> <http://example.org/label> "beta" .\n');
    expect(await eventually(() => read('items.txt') === 'beta\n')).toBe(true);
    expect(await eventually(() => log.generated.length === 2)).toBe(true);
    const files = log.change.flatMap((c) => c.files);
    expect(files).toEqual([{ path: 'graphs/data.ttl', kind: 'modified' }]);
    expect(log.generated[1].changes).toEqual(files);
    expect(log.generated[1].plan.outputs.find((o) => o.path === 'items.txt').action).toBe('overwrite');
  });

  test('folders created later, renamed and deleted', async () => {
    const { log } = await started();
    write('templates/a/b/deep.tmpl', '---\nto: deep.txt\n---\ndeep\n');
    expect(await eventually(() => read('deep.txt') === 'deep\n')).toBe(true);
    fs.renameSync(path.join(dir, 'templates/a'), path.join(dir, 'templates/z'));
    expect(await eventually(() => log.change.some((c) => c.files.some((f) => f.path === 'templates/z/b/deep.tmpl' && f.kind === 'created')))).toBe(true);
    write('templates/z/b/deep.tmpl', '---\nto: deep.txt\n---\nrenamed\n');
    expect(await eventually(() => read('deep.txt') === 'renamed\n')).toBe(true);
    fs.rmSync(path.join(dir, 'templates/z'), { recursive: true });
    expect(await eventually(() => log.change.some((c) => c.files.some((f) => f.path === 'templates/z/b/deep.tmpl' && f.kind === 'removed')))).toBe(true);
  });

  test('bad Turtle and a bad template are reported with their location, then recovered', async () => {
    const { log } = await started();
    write('graphs/data.ttl', '<http://example.org/a> <http://example.org/label> "x" .\n<broken\n');
    expect(await eventually(() => log.error.length === 1)).toBe(true);
    expect(log.error[0]).toMatchObject({ code: 'E_RDF_SYNTAX', line: 2, seq: 2 });
    expect(log.error[0].file).toMatch(/data\.ttl$/);
    expect(read('items.txt')).toBe('alpha\n');

    write('graphs/data.ttl', '<http://example.org/a> <http://example.org/label> "fixed" .\n');
    expect(await eventually(() => read('items.txt') === 'fixed\n')).toBe(true);

    write('templates/hello.tmpl', '---\nto: hello.txt\n---\n{% if %}\n');
    expect(await eventually(() => log.error.length === 2)).toBe(true);
    expect(log.error[1].code).toBe('E_TEMPLATE_SYNTAX');
    expect(log.error[1].file).toMatch(/hello\.tmpl$/);
    expect(log.error[1].line).toBeGreaterThanOrEqual(1);
    write('templates/hello.tmpl', '---\nto: hello.txt\n---\nok again\n');
    expect(await eventually(() => read('hello.txt') === 'ok again\n')).toBe(true);
  });

  test("ggen.toml's watch hooks run after each regeneration, with this ggen", async () => {
    write('ggen.toml', '[project]\nname = "w"\n[vars]\ngreeting = "hello"\n[[hooks]]\non = "watch"\nrun = ["--version"]\n');
    const { log } = await started();
    expect(log.generated[0].hooks).toEqual([expect.objectContaining({ command: '--version', exitCode: 0, stdout: `ggen ${ggen.version}\n` })]);
    write('ggen.toml', '[project]\nname = "w"\n[vars]\ngreeting = "hi"\n[[hooks]]\non = "watch"\nrun = ["no-such-noun"]\n');
    expect(await eventually(() => log.error.length === 1)).toBe(true);
    expect(read('hello.txt')).toBe('hi\n'); // written; then the hook failed
    expect(log.error[0]).toMatchObject({ code: 'E_HOOK_FAILED', line: 5 });
    expect(log.error[0].seq).toBe(log.generated[log.generated.length - 1].seq);
  });

  test('close() stops events and writes; an AbortSignal closes too', async () => {
    const { h, log } = await started();
    await h.close();
    expect(h.closed).toBe(true);
    const seen = log.generated.length;
    write('templates/hello.tmpl', '---\nto: hello.txt\n---\nafter close\n');
    await new Promise((r) => setTimeout(r, 300)); // nothing may happen: no assertion on timing
    expect(read('hello.txt')).toBe('hello\n');
    expect(log.generated.length).toBe(seen);
    await h.close(); // idempotent

    const controller = new AbortController();
    const w = ggen.watch({ project: dir, signal: controller.signal });
    handles.push(w);
    await w.ready;
    const closed = new Promise((r) => w.once('close', r));
    controller.abort();
    await closed;
    expect(w.closed).toBe(true);
  });

  test('bad options and a folder without ggen.toml', async () => {
    expect(() => ggen.watch({ project: dir, debounce: -1 })).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    expect(() => ggen.watch({ project: dir, vars: [] })).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    expect(() => ggen.watch(null)).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-watch-none-'));
    try {
      const h = ggen.watch({ project: empty });
      handles.push(h);
      await expect(h.ready).rejects.toMatchObject({ code: 'E_PROJECT' });
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
    const aborted = ggen.watch({ project: dir, signal: AbortSignal.abort() });
    handles.push(aborted);
    await expect(aborted.ready).rejects.toMatchObject({ code: 'E_CANCELLED' });
  });
});

describe('lifetime', () => {
  const lib = JSON.stringify(path.join(__dirname, '..', '..', 'lib'));
  test('an open watcher keeps node alive until close(); then node exits', () => {
    const r = runNode(`
      const ggen = require(${lib});
      const h = ggen.watch({ project: ${JSON.stringify(dir)} });
      h.on('generated', async (report) => {
        console.log('generated', report.seq);
        setTimeout(() => h.close().then(() => console.log('closed')), 100);
      });`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('generated 1\nclosed\n');
    expect(r.code).toBe(0);
  });

  test('a worker thread that ends with its watcher open tears down cleanly', () => {
    const r = runNode(`
      const { Worker } = require('node:worker_threads');
      const w = new Worker(\`
        const ggen = require(${lib.replace(/\\/g, '\\\\')});
        const { parentPort } = require('node:worker_threads');
        const h = ggen.watch({ project: ${JSON.stringify(dir)} });
        h.on('generated', () => parentPort.postMessage('generated'));\`, { eval: true });
      w.on('message', (m) => { console.log(m); w.terminate(); });
      w.on('exit', () => console.log('worker exited'));`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('generated\nworker exited\n');
    expect(r.code).toBe(0);
  });
});

describe('ggen project watch', () => {
  test('--json prints one JSON line per event; Ctrl-C exits 130', async () => {
    const child = spawn(process.execPath, [cliPath, 'project', 'watch', '--json', '--debounce', '20'], { cwd: dir, env: childEnv({}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
    const events = () => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    try {
      expect(await eventually(() => events().some((e) => e.event === 'generated'))).toBe(true);
      write('templates/hello.tmpl', '---\nto: hello.txt\n---\nfrom the cli\n');
      expect(await eventually(() => read('hello.txt') === 'from the cli\n')).toBe(true);
      write('graphs/data.ttl', '@prefix : <broken');
      expect(await eventually(() => events().some((e) => e.event === 'error'))).toBe(true);
    } finally {
      child.kill('SIGINT');
    }
    const { code } = await exited;
    expect(stderr).toBe('');
    expect(code).toBe(130);
    const all = events();
    expect(all[0]).toMatchObject({ event: 'ready' });
    expect(all.find((e) => e.event === 'error').error).toMatchObject({ code: 'E_RDF_SYNTAX' });
    expect(all.find((e) => e.event === 'change').files).toEqual([{ path: 'templates/hello.tmpl', kind: 'modified' }]);
    expect(all[all.length - 1]).toEqual({ event: 'close' });
  });

  test('human output, and exit 1 outside a project', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-watch-none-'));
    try {
      const { runCli } = require('./helpers/run');
      const r = runCli(['project', 'watch'], { cwd: empty });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/error\[E_PROJECT\]/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
    const child = spawn(process.execPath, [cliPath, 'project', 'watch', '--no-color'], { cwd: dir, env: childEnv({}) });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise((r) => child.on('exit', (code) => r(code)));
    try {
      expect(await eventually(() => /#1 initial generation: 2 created/.test(stdout))).toBe(true);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(130);
    expect(stdout).toMatch(/^watching .*Ctrl-C to stop$/m);
    expect(stdout).toMatch(/stopped watching\n$/);
  });
});
