'use strict';
// Every asynchronous API call goes through invoke(): AbortSignal plumbing between a signal and
// the native call, and rejections rethrown as GgenError with a stack at the user's call site.
//
// Nothing is captured per call: a successful call costs one native promise plus one `.then`.
// A rejection is converted in that `.then`'s handler, where V8's async stack trace supplies the
// awaiting user function's frame (lib/errors.js restack); synchronous failures are restacked
// at once, while the user's frame is still on the stack.
const { fromNative, restack, cancelledError, invalidArgument } = require('./errors');
const addon = require('./addon');

let nextCancelId = 1;

function checkOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw invalidArgument('options must be an object');
  const { signal } = options;
  if (signal !== undefined && (signal === null || typeof signal.aborted !== 'boolean')) {
    throw invalidArgument('options.signal must be an AbortSignal');
  }
  return options;
}

// One shared handler (no closure per call) for the common, signal-free case.
function rejectedNative(err) {
  throw restack(fromNative(err), rejectedNative);
}

// start(binding, cancelId) must call the native function and return its Promise. `callee` is the
// API function the user called: synchronous errors hide it and everything above it.
function invoke(callee, options, start) {
  if (options === undefined) {
    try {
      return start(addon.binding(), 0).then(undefined, rejectedNative);
    } catch (err) {
      return Promise.reject(restack(fromNative(err), callee));
    }
  }
  let signal;
  let binding;
  try {
    ({ signal } = checkOptions(options));
    if (signal && signal.aborted) throw cancelledError(signal.reason);
    binding = addon.binding();
  } catch (err) {
    return Promise.reject(restack(fromNative(err), callee));
  }
  if (!signal) {
    try {
      return start(binding, 0).then(undefined, rejectedNative);
    } catch (err) {
      return Promise.reject(restack(fromNative(err), callee));
    }
  }
  const cancelId = nextCancelId++;
  const onAbort = () => binding.runtime.cancel(cancelId);
  signal.addEventListener('abort', onAbort, { once: true });
  let promise;
  try {
    promise = start(binding, cancelId);
  } catch (err) {
    signal.removeEventListener('abort', onAbort);
    return Promise.reject(restack(fromNative(err), callee));
  }
  return promise.then(
    (value) => {
      signal.removeEventListener('abort', onAbort);
      return value;
    },
    function rejectedWithSignal(err) {
      signal.removeEventListener('abort', onAbort);
      throw restack(fromNative(err), rejectedWithSignal);
    },
  );
}

module.exports = { invoke, checkOptions };
