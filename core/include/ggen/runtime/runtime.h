#pragma once
// The process-wide runtime: a pool of worker threads for CPU work and one I/O thread (private
// libuv loop) for timers and child processes. Created lazily by Runtime::global() on first use,
// never at load time. Tests create their own instances.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "ggen/runtime/context.h"
#include "ggen/runtime/future.h"
#include "ggen/runtime/io_thread.h"
#include "ggen/runtime/metrics.h"
#include "ggen/runtime/thread_pool.h"

namespace ggen::runtime {

struct RuntimeOptions {
  unsigned threads = 0;  // 0: min(4, hardware threads)
  std::string thread_name_prefix = "ggen-worker-";
  SpinMode spin = SpinMode::kAdaptive;  // idle workers' polling (ThreadPool)
};

// Parses GGEN_RUNTIME_THREADS: a whole number from 1 to 256; null or empty means the default.
Result<unsigned> threads_from_env(const char* value, unsigned hardware_threads);
unsigned default_threads(unsigned hardware_threads);
// Parses GGEN_RUNTIME_SPIN: auto (or unset/empty), off or on.
Result<SpinMode> spin_from_env(const char* value);

class Runtime {
 public:
  explicit Runtime(RuntimeOptions options = {});
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // The shared runtime, created on first call from GGEN_RUNTIME_THREADS. Raises E_CONFIG if the
  // variable is invalid (and tries again on the next call). Lives until process exit.
  static Runtime& global();
  // The shared runtime if something has created it, else nullptr (stats must not create it).
  static Runtime* global_if_created();

  // Runs f on a worker: f(Context&) or f(), returning T or Result<T>; exceptions become errors.
  // A task whose context is already stopped when it reaches a worker does not run.
  template <class F>
  auto spawn(F f, Context ctx = {});

  // Lower level than spawn, for bridges that settle results themselves: post() queues a raw
  // task (false after shutdown, counted as cancelled); execute() runs f inside such a task with
  // the same stop check, exception capture and accounting as spawn.
  bool post(Task task);
  // The same for a task object the caller allocated (no allocation here): ownership passes to
  // the runtime on true; on false (shutdown) the caller keeps it and must fail it.
  bool post(PoolTask* task);
  template <class F>
  auto execute(F& f, Context& ctx);

  // The I/O thread, started on first use.
  IoThread& io();

  // Cancels ctx.token with E_TIMEOUT when ctx.deadline passes, so waits wake up promptly.
  // Disarmed when the returned guard is destroyed.
  class DeadlineGuard {
   public:
    DeadlineGuard() = default;
    DeadlineGuard(IoThread* io, uint64_t id) : io_(io), id_(id) {}
    DeadlineGuard(DeadlineGuard&& o) noexcept : io_(o.io_), id_(o.id_) { o.io_ = nullptr; }
    DeadlineGuard& operator=(DeadlineGuard&&) = delete;
    ~DeadlineGuard() {
      if (io_) io_->cancel_timer(id_);
    }

   private:
    IoThread* io_ = nullptr;
    uint64_t id_ = 0;
  };
  [[nodiscard]] DeadlineGuard arm_deadline(const Context& ctx);

  // Gives the heap memory freed after a burst of work back to the OS (glibc keeps it otherwise):
  // queues one malloc_trim(0) on a worker. Callers use it when a large burst has ended, never per
  // task; a request while one is already queued is dropped. No-op without glibc.
  void release_memory();

  MetricsSnapshot stats() const;
  unsigned threads() const { return pool_.size(); }
  SpinMode spin_mode() const { return pool_.spin_mode(); }
  bool on_worker_thread() const { return pool_.on_worker_thread(); }
  // Stops accepting work, runs what is queued, stops the I/O thread, joins every thread.
  void shutdown();

 private:
  template <class U>
  void record(const Result<U>& r);

  Metrics metrics_;
  ThreadPool pool_;
  std::mutex io_mu_;
  std::unique_ptr<IoThread> io_;
  bool shut_down_ = false;
  std::atomic<bool> trim_queued_{false};
};

Error shutdown_error();

template <class U>
void Runtime::record(const Result<U>& r) {
  if (r.ok()) {
    metrics_.on_completed();
  } else if (r.error().code() == codes::kCancelled || r.error().code() == codes::kTimeout) {
    metrics_.on_cancelled();
  } else {
    metrics_.on_failed();
  }
}

namespace detail {
template <class F>
struct task_result {
  static constexpr bool takes_ctx = std::is_invocable_v<F&, Context&>;
  using Ret = typename std::conditional_t<takes_ctx, std::invoke_result<F&, Context&>,
                                          std::invoke_result<F&>>::type;
  using type = typename unwrap_result<Ret>::type;
};
}  // namespace detail

template <class F>
auto Runtime::execute(F& f, Context& ctx) {
  using U = typename detail::task_result<F>::type;
  Result<U> r = [&]() -> Result<U> {
    if (ctx.stopped()) {
      if (ctx.token.cancelled()) return ctx.token.reason();
      return timeout_error();
    }
    if constexpr (detail::task_result<F>::takes_ctx) {
      return detail::invoke_to_result<U>(f, ctx);
    } else {
      return detail::invoke_to_result<U>(f);
    }
  }();
  record(r);
  return r;
}

template <class F>
auto Runtime::spawn(F f, Context ctx) {
  using U = typename detail::task_result<F>::type;
  Promise<U> promise;
  auto fut = promise.future();
  bool queued = post([this, promise, f = std::move(f), ctx = std::move(ctx)]() mutable {
    promise.set(execute(f, ctx));
  });
  if (!queued) promise.set_error(shutdown_error());
  return fut;
}

}  // namespace ggen::runtime
