'use strict';
const { runNode } = require('./helpers/run');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

test('the ESM entry exposes the same API', () => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
    import ggen, { version, runtime, doctor, GgenError } from ${JSON.stringify(path.join(__dirname, '..', '..', 'lib', 'index.mjs'))};
    await runtime.ping();
    console.log(JSON.stringify({ same: ggen.runtime === runtime, version, doctor: typeof doctor, err: typeof GgenError }));
  `], { encoding: 'utf8' });
  expect(JSON.parse(r.stdout)).toEqual({ same: true, version: require('../../package.json').version, doctor: 'function', err: 'function' });
});

test('the library never prints and never exits', () => {
  const r = runNode(`
    const g = require('./lib');
    const exit = process.exit; process.exit = () => { throw new Error('library called process.exit'); };
    const w = process.stdout.write.bind(process.stdout); let printed = '';
    process.stdout.write = (s) => { printed += s; return true; };
    Promise.allSettled([g.doctor(), g.runtime.ping({ signal: AbortSignal.abort() }), g.runtime.sleep(-5)]).then((rs) => {
      process.stdout.write = w; process.exit = exit;
      console.log(JSON.stringify({ printed, statuses: rs.map((r) => r.status) }));
    });
  `);
  expect(JSON.parse(r.stdout)).toEqual({ printed: '', statuses: ['fulfilled', 'rejected', 'rejected'] });
});
