'use strict';
// What --metrics prints: the shared runtime's counters and the caches' hit rates. The runtime and
// the SPARQL caches are process-wide; a generation report that carries its session's caches
// (`report.cache`) adds those.
const addon = require('./addon');
const runtime = require('./runtime');

const rate = (hits, misses) => (hits + misses > 0 ? hits / (hits + misses) : null);

function cache(name, hits, misses, extra = {}) {
  return { name, ...extra, hits, misses, hitRate: rate(hits, misses) };
}

// metrics(report?) -> { runtime: RuntimeStats, caches: [{ name, hits, misses, hitRate, entries?, bytes? }] }
function metrics(report) {
  const out = { runtime: runtime.stats(), caches: [] };
  const b = addon.binding();
  if (b.gen && typeof b.gen.cacheStats === 'function') {
    const s = b.gen.cacheStats();
    out.caches.push(cache('sparql-parse', s.queryParseHits, s.queryParseMisses));
    out.caches.push(cache('sparql-results', s.queryResultHits, s.queryResultMisses));
  }
  const session = report && Array.isArray(report.cache) ? report.cache : [];
  for (const c of session) {
    out.caches.push(cache(String(c.name), Number(c.hits) || 0, Number(c.misses) || 0, { entries: c.entries, bytes: c.bytes }));
  }
  return out;
}

module.exports = { metrics };
