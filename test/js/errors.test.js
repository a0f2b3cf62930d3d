'use strict';
const ggen = require('../../lib');
const { fromNative } = require('../../lib/errors');

describe('GgenError', () => {
  test('carries code, location, hint and cause', () => {
    const e = fromNative({ code: 'E_RDF_SYNTAX', message: 'expected .', file: 'a.ttl', line: 3, column: 7, hint: 'end with a dot', cause: { code: 'E_IO', message: 'io' } });
    expect(e.name).toBe('GgenError');
    expect(e.code).toBe('E_RDF_SYNTAX');
    expect(e.message).toBe('expected .');
    expect([e.file, e.line, e.column, e.hint]).toEqual(['a.ttl', 3, 7, 'end with a dot']);
    expect(e.cause.code).toBe('E_IO');
    expect(e instanceof Error).toBe(true);
  });

  test('a rejected call has a stack that starts at the caller', async () => {
    const controller = new AbortController();
    controller.abort();
    let err;
    try {
      await ggen.runtime.sleep(10, { signal: controller.signal });
    } catch (e) {
      err = e;
    }
    expect(err.code).toBe('E_CANCELLED');
    const frames = err.stack.split('\n');
    expect(frames[0]).toBe('GgenError [E_CANCELLED]: the operation was cancelled');
    expect(frames[1]).toContain('errors.test.js');
  });

  test('native errors reach JS with their code', async () => {
    const controller = new AbortController();
    const p = ggen.runtime.sleep(5000, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(p).rejects.toMatchObject({ code: 'E_CANCELLED', name: 'GgenError' });
  });
});
