'use strict';
// Streams child-process output (lifecycle phases, hooks) to the terminal as it arrives, with a
// header line whenever the source changes. Nothing in --json mode: the report carries it.
function streamTo(ctx, label) {
  if (ctx.json) return undefined;
  let last = null;
  return (chunk) => {
    if (chunk.source !== last) {
      last = chunk.source;
      if (!ctx.quiet) ctx.out.stdout.write(`${ctx.out.paint('cyan', `==> ${label} ${chunk.source}`)}\n`);
    }
    (chunk.stream === 'stdout' ? ctx.out.stdout : ctx.out.stderr).write(chunk.data);
  };
}

module.exports = { streamTo };
