'use strict';
// GgenError: the JS face of ggen::Error. Native rejections carry code/file/line/column/hint; the
// stack is replaced with the caller's, captured when the call was made, so it points at user code
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
  return new GgenError(err.code || 'E_INTERNAL', err.message || String(err), {
    file: err.file,
    line: err.line,
    column: err.column,
    endLine: err.endLine,
    endColumn: err.endColumn,
    hint: err.hint,
    cause,
  });
}

// Replaces err's stack frames with those captured at the call site (`site` from captureSite).
function withCallSite(err, site) {
  if (site && typeof site.stack === 'string') {
    const frames = site.stack.split('\n').slice(1).join('\n');
    err.stack = `${err.name} [${err.code}]: ${err.message}` + (frames ? `\n${frames}` : '');
  }
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

module.exports = { GgenError, fromNative, withCallSite, captureSite, cancelledError, invalidArgument };
