'use strict';
// A one-line progress bar on stderr for long runs: only on a TTY, never with --quiet or --json,
// and only once the run has taken longer than `delayMs` (short runs print nothing extra).
function progressBar(out, { delayMs = 300, stream = process.stderr } = {}) {
  if (out.quiet || out.json || !stream.isTTY) return { onProgress: undefined, done() {} };
  const start = Date.now();
  let shown = false;
  return {
    onProgress({ phase, done, total }) {
      if (Date.now() - start < delayMs) return;
      const width = 24;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      stream.write(`\r[${'='.repeat(filled)}${' '.repeat(width - filled)}] ${phase} ${done}/${total}\x1b[K`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

module.exports = { progressBar };
