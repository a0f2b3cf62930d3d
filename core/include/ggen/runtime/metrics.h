#pragma once
// Counters the runtime keeps for `ggen utils doctor` and `runtime.stats()`.
#include <array>
#include <atomic>
#include <cstdint>

namespace ggen::runtime {

struct MetricsSnapshot {
  uint32_t threads = 0;
  uint64_t spawned = 0;
  uint64_t completed = 0;
  uint64_t failed = 0;
  uint64_t cancelled = 0;
  uint64_t active = 0;
  uint64_t queued = 0;
  uint64_t peak_concurrency = 0;
  double queue_wait_p50_us = 0;
  double queue_wait_p99_us = 0;
};

class Metrics {
 public:
  void on_spawn() { spawned_.fetch_add(1, std::memory_order_relaxed); }
  // A task started; wait_ns is its queue wait, or kNoWaitSample when it was not sampled.
  static constexpr uint64_t kNoWaitSample = ~uint64_t{0};
  void on_start(uint64_t wait_ns);
  void on_finish() { active_.fetch_sub(1, std::memory_order_relaxed); }
  void on_completed() { completed_.fetch_add(1, std::memory_order_relaxed); }
  void on_failed() { failed_.fetch_add(1, std::memory_order_relaxed); }
  void on_cancelled() { cancelled_.fetch_add(1, std::memory_order_relaxed); }
  MetricsSnapshot snapshot() const;

 private:
  // spawned_ is bumped by the submitting (JS) thread, the others by workers: separate cache
  // lines, so the producer does not contend with the workers' counters.
  alignas(64) std::atomic<uint64_t> spawned_{0};
  alignas(64) std::atomic<uint64_t> completed_{0}, failed_{0}, cancelled_{0};
  std::atomic<uint64_t> active_{0}, peak_{0};
  // The most recent sampled queue waits (a lock-free ring: workers do not serialize on it):
  // percentiles describe current behaviour, and memory stays bounded however many tasks run.
  static constexpr size_t kWaitSamples = 4096;
  std::atomic<uint64_t> wait_count_{0};
  std::array<std::atomic<uint32_t>, kWaitSamples> waits_us_{};
};

}  // namespace ggen::runtime
