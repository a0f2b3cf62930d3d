'use strict';
// Live output of child processes (lifecycle phases, hooks): the native call reports chunks to a
// callback and then a final null; the call's promise settles through another channel, so a call
// with onOutput waits for that null before settling: every chunk is delivered before the result.
const { invalidArgument } = require('./errors');

function checkOnOutput(onOutput) {
  if (onOutput !== undefined && typeof onOutput !== 'function') throw invalidArgument('options.onOutput must be a function');
}

// start(callback, started) makes the native call, calls started() once the addon has accepted it
// (from then on the final null is owed) and returns its promise.
function withOutput(onOutput, start) {
  if (!onOutput) return start(undefined, () => {});
  let begun = false;
  let ended;
  const end = new Promise((resolve) => {
    ended = resolve;
  });
  const callback = (chunk) => {
    if (chunk === null) return ended();
    try {
      onOutput(chunk);
    } catch {
      // a throwing callback must not break the stream
    }
    return undefined;
  };
  return start(callback, () => {
    begun = true;
  }).then(
    async (value) => {
      if (begun) await end;
      return value;
    },
    async (err) => {
      if (begun) await end;
      throw err;
    },
  );
}

module.exports = { withOutput, checkOnOutput };
