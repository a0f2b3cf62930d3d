#pragma once
// Future<T> / Promise<T>: one-shot results of runtime tasks, carrying either a value or a
// ggen::Error. Continuations run on the thread that completes the future (or at once if it is
// already complete); hand heavy work to Runtime::spawn instead of doing it in a continuation.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/runtime/unique_function.h"

namespace ggen::runtime {

template <class T>
class Future;

namespace detail {

template <class T>
struct SharedState {
  std::mutex mu;
  std::condition_variable cv;
  std::optional<Result<T>> result;
  std::vector<UniqueFunction<void(const Result<T>&)>> callbacks;

  bool set(Result<T> r) {
    std::vector<UniqueFunction<void(const Result<T>&)>> cbs;
    {
      std::lock_guard lock(mu);
      if (result) return false;
      result.emplace(std::move(r));
      cbs.swap(callbacks);
    }
    cv.notify_all();
    for (auto& cb : cbs) cb(*result);
    return true;
  }
};

template <class T>
struct is_result : std::false_type {};
template <class T>
struct is_result<Result<T>> : std::true_type {};

// Calls f(args...) and wraps the outcome (value, Result, or exception) into a Result.
template <class R, class F, class... A>
Result<R> invoke_to_result(F& f, A&&... args) {
  try {
    using Ret = std::invoke_result_t<F&, A...>;
    if constexpr (std::is_void_v<Ret>) {
      f(std::forward<A>(args)...);
      return Result<void>();
    } else {
      return f(std::forward<A>(args)...);
    }
  } catch (...) {
    return error_from_current_exception();
  }
}

template <class Ret>
struct unwrap_result {
  using type = Ret;
};
template <class U>
struct unwrap_result<Result<U>> {
  using type = U;
};

template <class T, class F>
struct then_result {
  using type = std::invoke_result_t<F&, const T&>;
};
template <class F>
struct then_result<void, F> {
  using type = std::invoke_result_t<F&>;
};

}  // namespace detail

template <class T>
class Promise {
 public:
  Promise() : state_(std::make_shared<detail::SharedState<T>>()) {}
  Future<T> future() const { return Future<T>(state_); }
  // First completion wins; later ones return false and are dropped.
  bool set(Result<T> r) const { return state_->set(std::move(r)); }
  bool set_error(Error e) const { return state_->set(Result<T>(std::move(e))); }

 private:
  std::shared_ptr<detail::SharedState<T>> state_;
};

template <class T>
class Future {
 public:
  using value_type = T;
  Future() = default;
  explicit Future(std::shared_ptr<detail::SharedState<T>> s) : state_(std::move(s)) {}

  static Future ready(Result<T> r) {
    Promise<T> p;
    p.set(std::move(r));
    return p.future();
  }

  bool valid() const { return state_ != nullptr; }
  bool is_ready() const {
    std::lock_guard lock(state_->mu);
    return state_->result.has_value();
  }
  void wait() const {
    std::unique_lock lock(state_->mu);
    state_->cv.wait(lock, [&] { return state_->result.has_value(); });
  }
  template <class Rep, class Period>
  bool wait_for(std::chrono::duration<Rep, Period> d) const {
    std::unique_lock lock(state_->mu);
    return state_->cv.wait_for(lock, d, [&] { return state_->result.has_value(); });
  }
  // Blocks until complete; returns a copy of the result (futures may have several readers).
  Result<T> get() const {
    wait();
    return *state_->result;
  }

  // Registers a callback with the final result.
  void on_complete(UniqueFunction<void(const Result<T>&)> cb) const {
    {
      std::lock_guard lock(state_->mu);
      if (!state_->result) {
        state_->callbacks.push_back(std::move(cb));
        return;
      }
    }
    cb(*state_->result);
  }

  // f(const T&) -> U or Result<U>; runs only on success, errors pass through unchanged.
  template <class F>
  auto then(F f) const {
    using Ret = typename detail::then_result<T, F>::type;
    using U = typename detail::unwrap_result<Ret>::type;
    Promise<U> next;
    on_complete([next, f = std::move(f)](const Result<T>& r) mutable {
      if (!r.ok()) {
        next.set_error(r.error());
      } else if constexpr (std::is_void_v<T>) {
        next.set(detail::invoke_to_result<U>(f));
      } else {
        next.set(detail::invoke_to_result<U>(f, r.value()));
      }
    });
    return next.future();
  }

 private:
  std::shared_ptr<detail::SharedState<T>> state_;
};

// Completes when every input has; fails with the error of the first failed input in input order
// (deterministic, whatever the completion order).
template <class T>
Future<std::vector<T>> when_all(std::vector<Future<T>> futures) {
  struct Join {
    std::mutex mu;
    std::vector<std::optional<Result<T>>> results;
    size_t remaining;
    Promise<std::vector<T>> out;
  };
  auto join = std::make_shared<Join>();
  join->results.resize(futures.size());
  join->remaining = futures.size();
  auto out = join->out.future();
  if (futures.empty()) {
    join->out.set(std::vector<T>{});
    return out;
  }
  for (size_t i = 0; i < futures.size(); ++i) {
    futures[i].on_complete([join, i](const Result<T>& r) {
      bool last;
      {
        std::lock_guard lock(join->mu);
        join->results[i].emplace(r);
        last = --join->remaining == 0;
      }
      if (!last) return;
      std::vector<T> values;
      values.reserve(join->results.size());
      for (auto& slot : join->results) {
        if (!slot->ok()) {
          join->out.set_error(slot->error());
          return;
        }
        values.push_back(std::move(*slot).value());
      }
      join->out.set(std::move(values));
    });
  }
  return out;
}

}  // namespace ggen::runtime
