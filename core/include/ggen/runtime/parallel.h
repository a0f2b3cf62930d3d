#pragma once
// parallel_for: runs fn(i) for i in [0, n) on the calling thread plus up to limit-1 pool workers,
// and returns when all are done. The caller takes indices itself, so it always makes progress:
// safe to call from inside a pool task (no deadlock when every worker is busy or the pool has
// one thread). Helpers that start late find no index left and return at once.
// Outcomes come back in index order; fail-fast stops handing out indices after the first error.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "ggen/runtime/runtime.h"
#include "ggen/runtime/task_group.h"

namespace ggen::runtime {

template <class T, class F>
std::vector<Result<T>> parallel_for(Runtime& rt, size_t n, F fn, BoundedOptions opts,
                                    const Context& ctx) {
  struct Shared {
    explicit Shared(size_t n, F f, const Context& c) : fn(std::move(f)), ctx(c), results(n) {}
    F fn;
    Context ctx;
    std::vector<std::optional<Result<T>>> results;
    std::atomic<size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex mu;
    std::condition_variable cv;
    size_t done = 0;
  };
  auto s = std::make_shared<Shared>(n, std::move(fn), ctx);
  FailMode mode = opts.mode;
  auto work = [s, mode, n] {
    for (;;) {
      size_t i = s->next.fetch_add(1);
      if (i >= n) return;
      Result<T> r = [&]() -> Result<T> {
        if (s->stop.load() || s->ctx.stopped()) {
          if (s->ctx.token.cancelled()) return s->ctx.token.reason();
          if (s->ctx.stopped()) return timeout_error();
          return Error(std::string(codes::kCancelled),
                       "cancelled because an earlier task in the batch failed");
        }
        return detail::invoke_to_result<T>(s->fn, i);
      }();
      if (!r.ok() && mode == FailMode::kFailFast) s->stop.store(true);
      s->results[i].emplace(std::move(r));
      std::lock_guard lock(s->mu);
      if (++s->done == n) s->cv.notify_all();
    }
  };
  size_t limit = opts.limit ? opts.limit : rt.threads() + 1;
  size_t helpers = std::min(limit, n) > 0 ? std::min(limit, n) - 1 : 0;
  for (size_t k = 0; k < helpers; ++k) rt.post(work);
  work();
  {
    std::unique_lock lock(s->mu);
    s->cv.wait(lock, [&] { return s->done == n; });
  }
  std::vector<Result<T>> out;
  out.reserve(n);
  for (auto& r : s->results) out.push_back(std::move(*r));
  return out;
}

}  // namespace ggen::runtime
