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

  // The line of this file on which `marker` appears (the call whose stack is checked).
  function lineOf(marker) {
    const lines = require('node:fs').readFileSync(__filename, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes(marker) && !l.includes('lineOf('));
    if (i < 0) throw new Error(`marker ${marker} not found`);
    return i + 1;
  }
  // The first stack frame after the header is in this file, at the marked line.
  function expectCallSite(err, code, marker) {
    expect(err).toBeInstanceOf(ggen.GgenError);
    expect(err.code).toBe(code);
    const frames = err.stack.split('\n');
    expect(frames[0]).toBe(`GgenError [${code}]: ${err.message}`);
    expect(frames[1]).toContain(`errors.test.js:${lineOf(marker)}:`);
    expect(err.stack).not.toContain('lib/call.js');
  }

  test('an already aborted call rejects with a stack that starts at the caller', async () => {
    let err;
    try {
      await ggen.runtime.sleep(10, { signal: AbortSignal.abort() }); // @site-aborted
    } catch (e) {
      err = e;
    }
    expectCallSite(err, 'E_CANCELLED', '@site-aborted');
  });

  test('a rejection settled by the native side has the awaiting caller in its stack', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const err = await ggen.runtime.sleep(5000, { signal: controller.signal }).catch((e) => e); // @site-native
    expectCallSite(err, 'E_CANCELLED', '@site-native');
  });

  test('a native rejection without a signal also points at the caller', async () => {
    let err;
    try {
      await ggen.template.renderString('{{ x | }}', {}); // @site-render
    } catch (e) {
      err = e;
    }
    expectCallSite(err, 'E_TEMPLATE_SYNTAX', '@site-render');
    expect(err.line).toBe(1);
  });

  test('a call awaited inside a helper keeps both frames, innermost first', async () => {
    async function helper() {
      await ggen.template.renderString('{{ x | }}', {}); // @site-helper
    }
    const err = await helper().catch((e) => e); // @site-outer
    expectCallSite(err, 'E_TEMPLATE_SYNTAX', '@site-helper');
    expect(err.stack.split('\n')[2]).toContain(`errors.test.js:${lineOf('@site-outer')}:`);
  });

  test('invalid arguments reject with the caller as the first frame', async () => {
    const err = await ggen.runtime.ping({ signal: 'nope' }).catch((e) => e); // @site-invalid
    expectCallSite(err, 'E_INVALID_ARGUMENT', '@site-invalid');
  });

  test('successful calls capture no stack', async () => {
    const original = Error.captureStackTrace;
    let captures = 0;
    Error.captureStackTrace = function counted(...args) {
      captures += 1;
      return original.apply(this, args);
    };
    try {
      await Promise.all(Array.from({ length: 100 }, () => ggen.runtime.ping()));
      await ggen.runtime.ping({ signal: new AbortController().signal });
    } finally {
      Error.captureStackTrace = original;
    }
    expect(captures).toBe(0);
  });

  test('native errors reach JS with their code', async () => {
    const controller = new AbortController();
    const p = ggen.runtime.sleep(5000, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(p).rejects.toMatchObject({ code: 'E_CANCELLED', name: 'GgenError' });
  });
});
