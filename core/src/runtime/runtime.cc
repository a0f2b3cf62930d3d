#include "ggen/runtime/runtime.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string_view>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ggen::runtime {

unsigned default_threads(unsigned hardware_threads) {
  return std::clamp(hardware_threads, 1u, 4u);
}

Result<unsigned> threads_from_env(const char* value, unsigned hardware_threads) {
  if (value == nullptr || *value == '\0') return default_threads(hardware_threads);
  std::string text(value);
  bool digits = text.size() <= 4 &&
                std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  unsigned n = digits ? static_cast<unsigned>(std::stoul(text)) : 0;
  if (!digits || n < 1 || n > 256) {
    return Error(std::string(codes::kConfig),
                 "GGEN_RUNTIME_THREADS must be a whole number from 1 to 256, got '" + text + "'")
        .with_hint(
            "unset it to use the default (min(4, hardware threads)), or set e.g. "
            "GGEN_RUNTIME_THREADS=2");
  }
  return n;
}

Result<SpinMode> spin_from_env(const char* value) {
  std::string_view v = value == nullptr ? std::string_view() : std::string_view(value);
  if (v.empty() || v == "auto") return SpinMode::kAdaptive;
  if (v == "off") return SpinMode::kOff;
  if (v == "on") return SpinMode::kAlways;
  return Error(std::string(codes::kConfig),
               "GGEN_RUNTIME_SPIN must be auto, off or on, got '" + std::string(v) + "'")
      .with_hint(
          "unset it to use the default (auto: idle workers poll briefly only while the "
          "machine is quiet)");
}

Error shutdown_error() {
  return Error(std::string(codes::kShutdown), "the runtime is shutting down; the task did not run");
}

Runtime::Runtime(RuntimeOptions options)
    : pool_(
          options.threads ? options.threads : default_threads(std::thread::hardware_concurrency()),
          options.thread_name_prefix, &metrics_) {
  pool_.set_spin_mode(options.spin);
}

Runtime::~Runtime() {
  shutdown();
}

namespace {
std::mutex global_mu;
std::atomic<Runtime*> global_instance{nullptr};  // never destroyed: exit must not wait on workers
}  // namespace

Runtime* Runtime::global_if_created() {
  return global_instance.load(std::memory_order_acquire);
}

Runtime& Runtime::global() {
  if (Runtime* rt = global_if_created()) return *rt;
  std::lock_guard lock(global_mu);
  Runtime* instance = global_instance.load(std::memory_order_relaxed);
  if (instance == nullptr) {
    auto threads =
        threads_from_env(std::getenv("GGEN_RUNTIME_THREADS"), std::thread::hardware_concurrency());
    if (!threads.ok()) raise(threads.error());
    auto spin = spin_from_env(std::getenv("GGEN_RUNTIME_SPIN"));
    if (!spin.ok()) raise(spin.error());
    instance = new Runtime(RuntimeOptions{threads.value(), "ggen-worker-", spin.value()});
    global_instance.store(instance, std::memory_order_release);
  }
  return *instance;
}

IoThread& Runtime::io() {
  std::lock_guard lock(io_mu_);
  if (!io_) io_ = std::make_unique<IoThread>();
  return *io_;
}

Runtime::DeadlineGuard Runtime::arm_deadline(const Context& ctx) {
  if (!ctx.deadline) return {};
  auto remaining =
      std::chrono::duration_cast<std::chrono::milliseconds>(*ctx.deadline - Clock::now());
  auto token = ctx.token;
  IoThread& loop = io();
  uint64_t id = loop.start_timer(remaining, [token]() mutable { token.cancel(timeout_error()); });
  return DeadlineGuard(&loop, id);
}

bool Runtime::post(Task task) {
  metrics_.on_spawn();
  if (pool_.submit(std::move(task))) return true;
  metrics_.on_cancelled();
  return false;
}

bool Runtime::post(PoolTask* task) {
  metrics_.on_spawn();
  if (pool_.submit(task)) return true;
  metrics_.on_cancelled();
  return false;
}

void Runtime::release_memory() {
#if defined(__GLIBC__)
  if (trim_queued_.exchange(true, std::memory_order_acq_rel)) return;
  // Straight to the pool: a housekeeping task, not counted as user work in the metrics.
  bool queued = pool_.submit(Task([this] {
    trim_queued_.store(false, std::memory_order_release);
    malloc_trim(0);
  }));
  if (!queued) trim_queued_.store(false, std::memory_order_release);
#endif
}

MetricsSnapshot Runtime::stats() const {
  MetricsSnapshot s = metrics_.snapshot();
  s.threads = pool_.size();
  s.queued = pool_.queued();
  return s;
}

void Runtime::shutdown() {
  std::unique_ptr<IoThread> io;
  {
    std::lock_guard lock(io_mu_);
    if (shut_down_) return;
    shut_down_ = true;
  }
  pool_.shutdown();
  {
    std::lock_guard lock(io_mu_);
    io = std::move(io_);
  }
  if (io) io->shutdown();
}

}  // namespace ggen::runtime
