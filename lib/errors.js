'use strict';
// GgenError: the JS face of ggen::Error. Native rejections carry code/file/line/column/hint; the
// stack is re-captured where lib converts the rejection (see restack), so it points at user code
// rather than at the settling machinery.

class GgenError extends Error {
  constructor(code, message, details = {}) {
    super(message, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = 'GgenError';
    this.code = code;
    for (const key of ['file', 'line', 'column', 'endLine', 'endColumn', 'hint']) {
      if (details[key] !== undefined) this[key] = details[key];
    }
  }
}

function fromNative(err) {
  if (err instanceof GgenError) return err;
  if (err === null || typeof err !== 'object') {
    return new GgenError('E_INTERNAL', String(err));
  }
  const cause = err.cause && typeof err.cause === 'object' ? fromNative(err.cause) : undefined;
  const e = new GgenError(err.code || 'E_INTERNAL', err.message || String(err), {
    file: err.file,
    line: err.line,
    column: err.column,
    endLine: err.endLine,
    endColumn: err.endColumn,
    hint: err.hint,
    cause,
  });
  // Calls that report several problems at once (graph.load) list them all.
  if (Array.isArray(err.errors)) e.errors = err.errors.map(fromNative);
  return e;
}

// `GgenError [E_CODE]: message` followed by the frames of `stack` (anything after its header).
// Leading node:internal frames (the tick queue that ran a promise handler) are dropped: the
// first frame shown is the user's.
function labelled(err, stack) {
  let frames = '';
  if (typeof stack === 'string') {
    const at = stack.indexOf('\n    at ');
    if (at >= 0) frames = stack.slice(at).replace(/^(\n {4}at [^\n]*node:internal\/[^\n]*)+/, '');
  }
  return `${err.name} [${err.code}]: ${err.message}` + frames;
}

// Re-captures err's stack from where this is called, without `above` and the frames above it.
// Called synchronously inside an API function, the frames start at the user's call. Called in the
// rejection handler of a native promise, there is no synchronous user frame left, but V8's async
// stack traces (on by default, free until an error is built) add an `at async <fn> (file:line)`
// frame for every async function awaiting the call: the user's call site, with nothing captured
// while the call was pending.
function restack(err, above) {
  if (err === null || typeof err !== 'object') return err;
  Error.captureStackTrace(err, above);
  err.stack = labelled(err, err.stack);
  return err;
}

// Older form, still used for synchronous checks: replaces err's frames with those of `site`
// (from captureSite). Costs a stack capture per call, so the asynchronous path uses restack.
function withCallSite(err, site) {
  if (site && typeof site.stack === 'string') err.stack = labelled(err, site.stack);
  return err;
}

function captureSite(callee) {
  const site = {};
  Error.captureStackTrace(site, callee);
  return site;
}

function cancelledError(reason) {
  const detail = reason instanceof Error && reason.message ? `: ${reason.message}` : '';
  return new GgenError('E_CANCELLED', `the operation was cancelled${detail}`);
}

function invalidArgument(message, hint) {
  return new GgenError('E_INVALID_ARGUMENT', message, hint ? { hint } : {});
}

module.exports = {
  GgenError,
  fromNative,
  restack,
  withCallSite,
  captureSite,
  cancelledError,
  invalidArgument,
};
