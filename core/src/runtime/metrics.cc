#include "ggen/runtime/metrics.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace ggen::runtime {

void Metrics::on_start(uint64_t wait_ns) {
  uint64_t now_active = active_.fetch_add(1, std::memory_order_relaxed) + 1;
  uint64_t peak = peak_.load(std::memory_order_relaxed);
  while (now_active > peak && !peak_.compare_exchange_weak(peak, now_active)) {
  }
  if (wait_ns == kNoWaitSample) return;
  uint64_t us = wait_ns / 1000;
  uint32_t sample = us > std::numeric_limits<uint32_t>::max() ? std::numeric_limits<uint32_t>::max()
                                                              : static_cast<uint32_t>(us);
  uint64_t slot = wait_count_.fetch_add(1, std::memory_order_relaxed) % kWaitSamples;
  waits_us_[slot].store(sample, std::memory_order_relaxed);
}

static double percentile(std::vector<uint32_t>& v, double p) {
  if (v.empty()) return 0;
  size_t k = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

MetricsSnapshot Metrics::snapshot() const {
  MetricsSnapshot s;
  s.spawned = spawned_.load(std::memory_order_relaxed);
  s.completed = completed_.load(std::memory_order_relaxed);
  s.failed = failed_.load(std::memory_order_relaxed);
  s.cancelled = cancelled_.load(std::memory_order_relaxed);
  s.active = active_.load(std::memory_order_relaxed);
  s.peak_concurrency = peak_.load(std::memory_order_relaxed);
  // A snapshot taken while tasks start may mix samples of two laps of the ring: still recent.
  size_t n = static_cast<size_t>(
      std::min<uint64_t>(wait_count_.load(std::memory_order_relaxed), kWaitSamples));
  std::vector<uint32_t> waits(n);
  for (size_t i = 0; i < n; ++i) waits[i] = waits_us_[i].load(std::memory_order_relaxed);
  s.queue_wait_p50_us = percentile(waits, 0.50);
  s.queue_wait_p99_us = percentile(waits, 0.99);
  return s;
}

}  // namespace ggen::runtime
