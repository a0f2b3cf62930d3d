'use strict';
// Human rendering of generation reports (the --json form is the report object itself).

const ACTION_STYLE = { create: 'green', overwrite: 'yellow', inject: 'cyan', skip: 'dim', unchanged: 'dim', delete: 'red' };
const PAST = { create: 'created', overwrite: 'overwritten', inject: 'injected', skip: 'skipped', unchanged: 'unchanged', delete: 'deleted' };

function renderOutputs(plan, out, { showUnchanged = false } = {}) {
  for (const o of plan.outputs) {
    if (!showUnchanged && (o.action === 'unchanged')) continue;
    const label = out.paint(ACTION_STYLE[o.action] || 'bold', o.action.padEnd(9));
    out.line(`${label} ${o.path}${o.reason && o.action !== 'create' ? out.paint('dim', `  (${o.reason})`) : ''}`);
  }
}

function summary(plan) {
  const s = plan.summary;
  const parts = [];
  for (const k of ['create', 'overwrite', 'inject', 'delete', 'skip', 'unchanged']) if (s[k]) parts.push(`${s[k]} ${PAST[k]}`);
  return parts.length ? parts.join(', ') : 'no outputs';
}

function renderReport(report, out) {
  const plan = report.plan;
  if (report.mode === 'check') {
    if (report.changed.length === 0) {
      out.line(`up to date: ${plan.outputs.length} output${plan.outputs.length === 1 ? '' : 's'} match what is on disk`);
    } else {
      out.stderr.write(`${report.changed.length} file${report.changed.length === 1 ? '' : 's'} would change:\n`);
      for (const p of report.changed) out.stderr.write(`  ${p}\n`);
      out.stderr.write('run the same command without --check to regenerate\n');
    }
    return;
  }
  renderOutputs(plan, out);
  if (report.mode === 'dry-run') {
    if (report.diff) out.data(colourDiff(report.diff, out));
    out.line(`dry run: ${summary(plan)}; nothing was written`);
    return;
  }
  for (const s of report.shell || []) {
    out.line(out.paint('dim', `$ ${s.command}`));
    if (s.stdout) out.line(s.stdout.replace(/\n$/, ''));
    if (s.stderr) out.stderr.write(s.stderr);
  }
  out.line(summary(plan));
}

function colourDiff(diff, out) {
  if (!out.colourOut) return diff;
  return diff
    .split('\n')
    .map((l) => (l.startsWith('+++') || l.startsWith('---') ? out.paint('bold', l)
      : l.startsWith('+') ? out.paint('green', l)
        : l.startsWith('-') ? out.paint('red', l)
          : l.startsWith('@@') ? out.paint('cyan', l) : l))
    .join('\n');
}

module.exports = { renderReport, renderOutputs, summary, colourDiff };
