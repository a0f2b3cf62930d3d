'use strict';
const ggen = require('../../lib');
const { runNode } = require('./helpers/run');

describe('runtime', () => {
  test('ping round-trips and the counters move', async () => {
    await ggen.runtime.ping();
    const before = ggen.runtime.stats();
    await ggen.runtime.ping();
    const after = ggen.runtime.stats();
    expect(after.created).toBe(true);
    expect(after.threads).toBeGreaterThanOrEqual(1);
    expect(after.spawned).toBe(before.spawned + 1);
    expect(after.completed).toBe(before.completed + 1);
  });

  test('10,000 concurrent calls all settle', async () => {
    const n = 10000;
    const results = await Promise.all(Array.from({ length: n }, () => ggen.runtime.ping()));
    expect(results).toHaveLength(n);
    expect(results.every((r) => r === undefined)).toBe(true);
  });

  test('an AbortSignal cancels in-flight native work promptly', async () => {
    const controller = new AbortController();
    const start = Date.now();
    const p = ggen.runtime.sleep(10000, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(p).rejects.toMatchObject({ code: 'E_CANCELLED' });
    expect(Date.now() - start).toBeLessThan(5000);
    const s = ggen.runtime.stats();
    expect(s.cancelled).toBeGreaterThanOrEqual(1);
  });

  test('an already aborted signal rejects without starting work', async () => {
    const before = ggen.runtime.stats().spawned;
    await expect(ggen.runtime.ping({ signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'E_CANCELLED' });
    expect(ggen.runtime.stats().spawned).toBe(before);
  });

  test('bad options are rejected with E_INVALID_ARGUMENT', async () => {
    await expect(ggen.runtime.ping({ signal: 'nope' })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(ggen.runtime.ping(42)).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(ggen.runtime.sleep(-1)).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });

  test('sleep resolves with the time slept when not cancelled', async () => {
    const ms = await ggen.runtime.sleep(15);
    expect(ms).toBeGreaterThanOrEqual(15);
  });

  test('require() starts no thread and creates no runtime', () => {
    const r = runNode(`
      const fs = require('fs');
      const before = fs.readdirSync('/proc/self/task').length;
      const g = require('./lib');
      const after = fs.readdirSync('/proc/self/task').length;
      console.log(JSON.stringify({ before, after, created: g.runtime.stats().created }));
    `);
    const out = JSON.parse(r.stdout);
    expect(out.created).toBe(false);
    expect(out.after).toBe(out.before);
  });

  test('workers are named ggen-worker-N and GGEN_RUNTIME_THREADS sets their number', () => {
    const r = runNode(`
      const fs = require('fs');
      const g = require('./lib');
      g.runtime.ping().then(() => {
        const names = fs.readdirSync('/proc/self/task').map((t) => fs.readFileSync('/proc/self/task/' + t + '/comm', 'utf8').trim());
        console.log(JSON.stringify({ workers: names.filter((n) => n.startsWith('ggen-worker-')).sort(), threads: g.runtime.stats().threads }));
      });
    `, { env: { GGEN_RUNTIME_THREADS: '3' } });
    const out = JSON.parse(r.stdout);
    expect(out.threads).toBe(3);
    expect(out.workers).toEqual(['ggen-worker-0', 'ggen-worker-1', 'ggen-worker-2']);
  });

  test('an invalid GGEN_RUNTIME_THREADS rejects calls with E_CONFIG', () => {
    const r = runNode(`
      require('./lib').runtime.ping().catch((e) => console.log(JSON.stringify({ code: e.code, message: e.message, hint: e.hint })));
    `, { env: { GGEN_RUNTIME_THREADS: 'lots' } });
    const out = JSON.parse(r.stdout);
    expect(out.code).toBe('E_CONFIG');
    expect(out.message).toContain("'lots'");
    expect(out.hint).toBeTruthy();
  });

  test('an idle runtime does not keep node alive', () => {
    const start = Date.now();
    const r = runNode(`require('./lib').runtime.ping().then(() => console.log('done'))`, { timeout: 20000 });
    expect(r.signal).toBe(null);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('done');
    expect(Date.now() - start).toBeLessThan(20000);
  });

  test('pending work keeps node alive until it settles', () => {
    const r = runNode(`require('./lib').runtime.sleep(300).then((ms) => console.log(ms >= 300 ? 'slept' : 'short'))`);
    expect(r.stdout.trim()).toBe('slept');
  });
});
