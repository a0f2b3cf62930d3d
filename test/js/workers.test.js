'use strict';
// The bridge from several worker_threads at once, and a worker terminated in the middle of a call.
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const ggen = require('../../lib');

const lib = path.join(__dirname, '..', '..', 'lib');

function worker(source) {
  return new Worker(source, { eval: true, workerData: { lib } });
}

test('several workers call concurrently and each gets its own results', async () => {
  const src = `
    const { parentPort, workerData, threadId } = require('node:worker_threads');
    const g = require(workerData.lib);
    Promise.all(Array.from({ length: 2000 }, () => g.runtime.ping()))
      .then(() => g.runtime.sleep(5))
      .then((ms) => parentPort.postMessage({ threadId, ok: ms >= 5 }));
  `;
  const workers = Array.from({ length: 4 }, () => worker(src));
  const results = await Promise.all(workers.map((w) => new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  })));
  expect(results.every((r) => r.ok)).toBe(true);
  expect(new Set(results.map((r) => r.threadId)).size).toBe(4);
  await Promise.all(workers.map((w) => w.terminate()));
});

test('terminating a worker mid-call cancels its work and leaves the process healthy', async () => {
  const src = `
    const { parentPort, workerData } = require('node:worker_threads');
    const g = require(workerData.lib);
    g.runtime.sleep(20000).then(() => parentPort.postMessage('finished'));
    for (let i = 0; i < 100; i++) g.runtime.ping();
    parentPort.postMessage('started');
  `;
  const w = worker(src);
  await new Promise((resolve) => w.once('message', resolve));
  const before = ggen.runtime.stats();
  const start = Date.now();
  await w.terminate();
  expect(Date.now() - start).toBeLessThan(5000);
  // The terminated worker's sleep was cancelled by its environment's cleanup hook.
  const after = ggen.runtime.stats();
  expect(after.cancelled).toBeGreaterThan(before.cancelled);
  await expect(ggen.runtime.ping()).resolves.toBeUndefined();
});

test('workers started and terminated in a loop do not leak or crash', async () => {
  for (let i = 0; i < 10; i++) {
    const w = worker(`
      const { workerData } = require('node:worker_threads');
      const g = require(workerData.lib);
      for (let k = 0; k < 50; k++) g.runtime.sleep(50);
    `);
    await new Promise((r) => setTimeout(r, 5));
    await w.terminate();
  }
  await expect(ggen.runtime.ping()).resolves.toBeUndefined();
});

test('terminating a worker while progress events are in flight leaves the process healthy', async () => {
  const fs = require('node:fs');
  const os = require('node:os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-worker-progress-'));
  try {
    const rows = Array.from({ length: 4000 }, (_, i) => `<http://x/${i}> a <http://x/C> .`).join('\n');
    fs.writeFileSync(path.join(dir, 'g.ttl'), rows);
    fs.mkdirSync(path.join(dir, 't'));
    fs.writeFileSync(path.join(dir, 't', 'm.tmpl'),
      '---\nto: "{{ row.s | local }}.txt"\nsparql:\n  all: SELECT ?s WHERE { ?s a <http://x/C> }\nmatrix: all\n---\n{% for i in range(end=50) %}{{ i }}{% endfor %}\n');
    for (let round = 0; round < 3; round++) {
      const w = new Worker(`
        const { parentPort, workerData } = require('node:worker_threads');
        const g = require(workerData.lib);
        let told = false;
        const run = () => g.plan({ root: workerData.dir, templates: ['t/m.tmpl'], data: ['g.ttl'],
          onProgress: () => { if (!told) { told = true; parentPort.postMessage('progress'); } } }).then(run, run);
        run();
      `, { eval: true, workerData: { lib, dir } });
      await new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
      await w.terminate();
    }
    await expect(ggen.runtime.ping()).resolves.toBeUndefined();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
