'use strict';
// The flags that control a run, shared by `project gen|plan|validate|diff` and `template
// generate`: parallelism, failure mode, a deadline, and the metrics printed at the end.
const { UsageError } = require('./usage-error');

const controlFlags = {
  jobs: { type: 'number', short: 'j', value: 'n', description: 'templates rendered in parallel (default: runtime threads)' },
  'fail-fast': { type: 'boolean', description: 'stop at the first failing template (the default)' },
  'keep-going': { type: 'boolean', description: 'render every template and report every failure at once; nothing is written if any failed' },
  timeout: { type: 'number', value: 'ms', description: 'give up after this many milliseconds (E_TIMEOUT; nothing written)' },
  metrics: { type: 'boolean', description: 'print the runtime\'s counters and cache hit rates at the end' },
};

// The lib options for the control flags, checked.
function controlOptions(opts) {
  if (opts.failFast && opts.keepGoing) throw new UsageError('--fail-fast and --keep-going contradict each other', 'pass one of them (--fail-fast is the default)');
  if (opts.jobs !== undefined && (!Number.isInteger(opts.jobs) || opts.jobs < 1)) throw new UsageError(`--jobs must be a whole number >= 1, got ${opts.jobs}`, 'e.g. --jobs 4');
  if (opts.timeout !== undefined && !(opts.timeout > 0)) throw new UsageError(`--timeout must be a number of milliseconds > 0, got ${opts.timeout}`, 'e.g. --timeout 5000');
  return { jobs: opts.jobs, keepGoing: Boolean(opts.keepGoing), timeout: opts.timeout };
}

const pct = (r) => (r === null || r === undefined ? '-' : `${(r * 100).toFixed(1)}%`);

// Human form of ggen.metrics(): two short blocks on stderr (stdout keeps the command's data).
function renderMetrics(m, out) {
  const r = m.runtime;
  const lines = [
    out.paint('bold', 'metrics', true),
    `  runtime: ${r.threads} threads; tasks ${r.spawned} spawned, ${r.completed} completed, ${r.failed} failed, ${r.cancelled} cancelled; peak concurrency ${r.peakConcurrency}; queue wait p50 ${r.queueWaitP50Us.toFixed(1)} us, p99 ${r.queueWaitP99Us.toFixed(1)} us`,
  ];
  for (const c of m.caches) {
    const size = c.entries !== undefined ? `, ${c.entries} entries, ${c.bytes} bytes` : '';
    lines.push(`  cache ${c.name}: ${c.hits} hits, ${c.misses} misses (hit rate ${pct(c.hitRate)})${size}`);
  }
  out.stderr.write(`${lines.join('\n')}\n`);
}

module.exports = { controlFlags, controlOptions, renderMetrics };
