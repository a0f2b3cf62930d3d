'use strict';
// Printing `ggen project watch` events: one human line per regeneration (diagnostics in the
// compiler style on stderr), or with --json one JSON document per line and per event.
const { summary } = require('./report');
const { errorToJson } = require('./output');

function trigger(report) {
  if (report.initial) return 'initial generation';
  const files = report.changes.map((c) => `${c.path} ${c.kind}`);
  return files.length > 3 ? `${files.slice(0, 3).join(', ')} and ${files.length - 3} more` : files.join(', ');
}

function watchPrinter(out, json) {
  const line = (event) => out.stdout.write(`${JSON.stringify(event)}\n`);
  return {
    ready(h) {
      if (json) line({ event: 'ready', root: h.root, folders: h.folders, files: h.files });
      else out.line(`watching ${h.root} (${h.folders.length + h.files.length} roots); Ctrl-C to stop`);
    },
    change(c) {
      if (json) line({ event: 'change', ...c });
    },
    generated(r) {
      if (json) return line({ event: 'generated', ...r });
      out.line(`#${r.seq} ${trigger(r)}: ${summary(r.plan)} ${out.paint('dim', `(${Math.round(r.elapsedMs)} ms)`)}`);
    },
    error(err) {
      if (json) return line({ event: 'error', seq: err.seq, error: errorToJson(err) });
      out.error(err);
      out.line(`#${err.seq} failed; the previous outputs are untouched, watching for the next save`);
    },
    closed() {
      if (json) line({ event: 'close' });
      else out.line('stopped watching');
    },
  };
}

module.exports = { watchPrinter };
