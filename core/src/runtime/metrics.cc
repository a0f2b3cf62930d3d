#include "ggen/runtime/metrics.h"

#include <algorithm>
#include <limits>

namespace ggen::runtime {

void Metrics::on_start(uint64_t wait_ns) {
  uint64_t now_active = active_.fetch_add(1, std::memory_order_relaxed) + 1;
  uint64_t peak = peak_.load(std::memory_order_relaxed);
  while (now_active > peak && !peak_.compare_exchange_weak(peak, now_active)) {
  }
  uint64_t us = wait_ns / 1000;
  uint32_t sample = us > std::numeric_limits<uint32_t>::max() ? std::numeric_limits<uint32_t>::max()
                                                              : static_cast<uint32_t>(us);
  std::lock_guard lock(wait_mu_);
  if (waits_us_.size() < kWaitSamples) {
    waits_us_.push_back(sample);
  } else {
    waits_us_[wait_next_] = sample;
    wait_next_ = (wait_next_ + 1) % kWaitSamples;
  }
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
  std::vector<uint32_t> waits;
  {
    std::lock_guard lock(wait_mu_);
    waits = waits_us_;
  }
  s.queue_wait_p50_us = percentile(waits, 0.50);
  s.queue_wait_p99_us = percentile(waits, 0.99);
  return s;
}

}  // namespace ggen::runtime
