'use strict';
// Every asynchronous API call goes through invoke(): AbortSignal plumbing between a signal and
// the native call, and rejections as GgenError with a stack at the user's call site.
//
// A successful call costs nothing here beyond the native promise: no handler is attached and no
// stack captured. Errors are converted by the binding itself: it resolves a failed call's promise
// with the thenable that `rejection(raw)` returns (see EnvState::set_rejection_adapter), whose
// `then` converts the error inside the promise chain the user awaits. There, V8's async stack
// traces give the awaiting user function's frame (lib/errors.js restack). Synchronous failures
// are restacked at once, while the user's frame is still on the stack.
const { fromNative, restack, cancelledError, invalidArgument } = require('./errors');
const addon = require('./addon');

function converted(raw) {
  throw restack(fromNative(raw), converted);
}

// `then` runs in a microtask after the call's promise adopted the thenable. It chains the
// conversion onto that promise's own resolving functions: V8's async stack walk follows them to
// the promise the user awaits.
function rejection(raw) {
  return {
    then(resolve, reject) {
      Promise.reject(raw).then(undefined, converted).then(resolve, reject);
    },
  };
}

let adapted = null; // the binding object whose environment has the adapter installed
function native() {
  const binding = addon.binding();
  if (adapted !== binding) {
    binding.runtime.adaptRejections(rejection);
    adapted = binding;
  }
  return binding;
}

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

// start(binding, cancelId) must call the native function and return its Promise. `callee` is the
// API function the user called: synchronous errors hide it and everything above it.
function invoke(callee, options, start) {
  let signal;
  let binding;
  try {
    if (options !== undefined) {
      ({ signal } = checkOptions(options));
      if (signal && signal.aborted) throw cancelledError(signal.reason);
    }
    binding = native();
    if (!signal) return start(binding, 0);
  } catch (err) {
    return Promise.reject(restack(fromNative(err), callee));
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
  // Chained, not attached beside the user's handlers: V8's async stack walk follows a promise
  // only while it has a single reaction. The error arrives converted; it is passed on as it is.
  return promise.then(
    (value) => {
      signal.removeEventListener('abort', onAbort);
      return value;
    },
    (err) => {
      signal.removeEventListener('abort', onAbort);
      throw err;
    },
  );
}

module.exports = { invoke, checkOptions };
