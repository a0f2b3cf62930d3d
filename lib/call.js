'use strict';
// Every asynchronous API call goes through invoke(): argument-free cancellation plumbing between
// an AbortSignal and the native call, and errors rethrown as GgenError from the user's call site.
const { fromNative, withCallSite, captureSite, cancelledError, invalidArgument } = require('./errors');
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

function rethrowFrom(site) {
  return (err) => {
    throw withCallSite(fromNative(err), site);
  };
}

// start(binding, cancelId) must call the native function and return its Promise.
function invoke(callee, options, start) {
  const site = captureSite(callee);
  if (options === undefined) {
    // The common case, kept lean: no signal to wire up.
    let binding;
    try {
      binding = addon.binding();
      return start(binding, 0).then(undefined, rethrowFrom(site));
    } catch (err) {
      return Promise.reject(withCallSite(fromNative(err), site));
    }
  }
  let signal;
  try {
    ({ signal } = checkOptions(options));
  } catch (err) {
    return Promise.reject(withCallSite(err, site));
  }
  if (signal && signal.aborted) {
    return Promise.reject(withCallSite(cancelledError(signal.reason), site));
  }
  let binding;
  try {
    binding = addon.binding();
  } catch (err) {
    return Promise.reject(withCallSite(err, site));
  }
  const cancelId = signal ? nextCancelId++ : 0;
  let onAbort;
  if (signal) {
    onAbort = () => binding.runtime.cancel(cancelId);
    signal.addEventListener('abort', onAbort, { once: true });
  }
  let promise;
  try {
    promise = start(binding, cancelId);
  } catch (err) {
    if (signal) signal.removeEventListener('abort', onAbort);
    return Promise.reject(withCallSite(fromNative(err), site));
  }
  return promise.then(
    (value) => {
      if (signal) signal.removeEventListener('abort', onAbort);
      return value;
    },
    (err) => {
      if (signal) signal.removeEventListener('abort', onAbort);
      throw withCallSite(fromNative(err), site);
    },
  );
}

module.exports = { invoke, checkOptions };
