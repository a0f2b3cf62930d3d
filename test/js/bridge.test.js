'use strict';
// The Promise bridge under the runtime's spin modes (GGEN_RUNTIME_SPIN), across large bursts
// (which make the environment ask the runtime to give memory back once they settle), and with
// failures and cancellations inside a burst.
const { runNode } = require('./helpers/run');

// Runs in a child: round trips, two bursts of 5,000 calls with cancelled sleeps mixed in, then
// calls after the bursts; prints what settled and the counters.
const script = `
  const g = require('./lib');
  const b = require('./lib/addon').binding();
  (async () => {
    for (let i = 0; i < 200; i++) await g.runtime.ping();
    const outcomes = [];
    for (let burst = 0; burst < 2; burst++) {
      const calls = [];
      for (let i = 0; i < 5000; i++) {
        if (i % 1000 === 500) {
          const ac = new AbortController();
          calls.push(g.runtime.sleep(60000, { signal: ac.signal }));
          setTimeout(() => ac.abort(), 5);
        } else {
          calls.push(g.runtime.ping());
        }
      }
      const settled = await Promise.allSettled(calls);
      outcomes.push({
        ok: settled.filter((s) => s.status === 'fulfilled').length,
        codes: settled.filter((s) => s.status === 'rejected').map((s) => s.reason.code),
      });
    }
    await g.runtime.ping();
    const spin = b.runtime.nativeInfo().runtimeSpin;
    console.log(JSON.stringify({ outcomes, pending: b.runtime.pending(), stats: g.runtime.stats(), spin }));
  })();
`;

describe('bridge', () => {
  for (const spin of ['auto', 'off', 'on']) {
    test(`GGEN_RUNTIME_SPIN=${spin}: bursts with cancellations settle every call once and the process exits`, () => {
      const r = runNode(script, { env: { GGEN_RUNTIME_SPIN: spin, GGEN_RUNTIME_THREADS: '2' }, timeout: 60000 });
      expect(r.stderr).toBe('');
      expect(r.signal).toBe(null);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      for (const o of out.outcomes) {
        expect(o.ok).toBe(4995);
        expect(o.codes).toEqual(['E_CANCELLED', 'E_CANCELLED', 'E_CANCELLED', 'E_CANCELLED', 'E_CANCELLED']);
      }
      expect(out.pending).toBe(0);
      expect(out.spin).toBe(spin);
      // 200 + 2 x 5,000 + 1 calls, each counted once; housekeeping (memory release) is not.
      expect(out.stats.spawned).toBe(10201);
      expect(out.stats.completed + out.stats.cancelled + out.stats.failed).toBe(10201);
      expect(out.stats.cancelled).toBe(10);
    });
  }

  // Only worker_threads load the addon here, so node unloads it when they end, unless the addon
  // pins itself: the runtime's threads (and its memory-release timer, armed by the 2,000-call
  // bursts and firing 1 s later) would then run unmapped code.
  test('the addon stays loaded after the only worker_threads that loaded it end', () => {
    const r = runNode(`
      const { Worker } = require('node:worker_threads');
      const src = \`
        const { parentPort } = require('node:worker_threads');
        const g = require(process.cwd() + '/lib');
        Promise.all(Array.from({ length: 2000 }, () => g.runtime.ping())).then(() => parentPort.postMessage('ok'));
      \`;
      (async () => {
        const workers = Array.from({ length: 2 }, () => new Worker(src, { eval: true }));
        const msgs = await Promise.all(workers.map((w) => new Promise((res, rej) => { w.once('message', res); w.once('error', rej); })));
        await Promise.all(workers.map((w) => w.terminate()));
        await new Promise((res) => setTimeout(res, 1500));
        await require('./lib').runtime.ping();
        console.log(JSON.stringify(msgs));
      })();
    `, { timeout: 60000 });
    expect(r.signal).toBe(null);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(['ok', 'ok']);
  });

  test('an invalid GGEN_RUNTIME_SPIN rejects calls with E_CONFIG', () => {
    const r = runNode(
      `require('./lib').runtime.ping().catch((e) => console.log(JSON.stringify({ code: e.code, message: e.message, hint: e.hint })));`,
      { env: { GGEN_RUNTIME_SPIN: 'fast' } },
    );
    const out = JSON.parse(r.stdout);
    expect(out.code).toBe('E_CONFIG');
    expect(out.message).toContain("'fast'");
    expect(out.message).toContain('GGEN_RUNTIME_SPIN');
    expect(out.hint).toBeTruthy();
  });
});
