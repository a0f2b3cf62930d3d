#pragma once
// Structured concurrency: run N tasks with at most `limit` in flight, collect every outcome in
// input order. Fail-fast cancels the tasks not yet started (and signals running ones through
// their token) at the first failure; keep-going runs everything. Never blocks a worker: each
// finished task starts the next one.
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "ggen/runtime/runtime.h"

namespace ggen::runtime {

enum class FailMode { kFailFast, kKeepGoing };

struct BoundedOptions {
  size_t limit = 0;  // 0: the runtime's thread count
  FailMode mode = FailMode::kFailFast;
};

// The first failure that is not a consequence of fail-fast cancellation, in input order.
template <class T>
const Error* first_error(const std::vector<Result<T>>& results) {
  const Error* cancelled = nullptr;
  for (auto& r : results) {
    if (r.ok()) continue;
    if (r.error().code() != codes::kCancelled) return &r.error();
    if (!cancelled) cancelled = &r.error();
  }
  return cancelled;
}

template <class T, class F>
Future<std::vector<Result<T>>> run_bounded(Runtime& rt, std::vector<F> tasks, BoundedOptions opts,
                                           const Context& parent = {}) {
  struct Batch {
    Runtime* rt;
    std::vector<F> tasks;
    std::vector<std::optional<Result<T>>> results;
    Context ctx;
    FailMode mode;
    std::atomic<size_t> next{0};
    std::atomic<size_t> done{0};
    Promise<std::vector<Result<T>>> promise;

    void finish_one(size_t i, Result<T> r, const std::shared_ptr<Batch>& self) {
      if (!r.ok() && mode == FailMode::kFailFast && r.error().code() != codes::kCancelled) {
        ctx.token.cancel(Error(std::string(codes::kCancelled),
                               "cancelled because an earlier task in the batch failed"));
      }
      results[i].emplace(std::move(r));
      if (done.fetch_add(1) + 1 == results.size()) {
        std::vector<Result<T>> out;
        out.reserve(results.size());
        for (auto& slot : results) out.push_back(std::move(*slot));
        promise.set(std::move(out));
        return;
      }
      launch(self);
    }

    void launch(const std::shared_ptr<Batch>& self) {
      size_t i = next.fetch_add(1);
      if (i >= tasks.size()) return;
      rt->spawn([self, i](Context& c) -> Result<T> { return detail::invoke_to_result<T>(self->tasks[i], c); },
                ctx)
          .on_complete([self, i](const Result<T>& r) { self->finish_one(i, r, self); });
    }
  };
  auto batch = std::make_shared<Batch>();
  batch->rt = &rt;
  batch->tasks = std::move(tasks);
  batch->results.resize(batch->tasks.size());
  batch->ctx = parent.child();
  batch->mode = opts.mode;
  auto fut = batch->promise.future();
  if (batch->tasks.empty()) {
    batch->promise.set(std::vector<Result<T>>{});
    return fut;
  }
  size_t limit = opts.limit ? opts.limit : rt.threads();
  size_t start = std::min(limit, batch->tasks.size());
  for (size_t k = 0; k < start; ++k) batch->launch(batch);
  return fut;
}

}  // namespace ggen::runtime
