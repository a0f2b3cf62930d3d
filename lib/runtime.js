'use strict';
// The runtime noun: counters of the shared native runtime, a no-op round trip and a cancellable
// delay (both useful to check that calls, cancellation and teardown work in a given host).
const addon = require('./addon');
const { invoke } = require('./call');
const { invalidArgument } = require('./errors');

function stats() {
  return addon.binding().runtime.stats();
}

function ping(options) {
  return invoke(ping, options, (b, id) => b.runtime.ping(id));
}

function sleep(ms, options) {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    return Promise.reject(invalidArgument('sleep(ms): ms must be a finite number >= 0'));
  }
  return invoke(sleep, options, (b, id) => b.runtime.sleep(ms, id));
}

module.exports = { stats, ping, sleep };
