#pragma once
// The Promise bridge. A JS call creates a deferred, posts work to the core runtime and returns at
// once. Completions come back through ONE thread-safe function per environment: workers push onto
// a queue and only the push that finds it empty wakes the JS thread, which drains the whole queue
// in one batch. The TSFN is referenced only while calls are pending, so an idle ggen never keeps
// node alive. The environment's cleanup hook cancels its in-flight work, waits for it and drops
// late completions, so worker_threads and extension hosts can tear down at any time.
#include <napi.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/runtime/runtime.h"

namespace ggen::binding {

// A finished operation waiting to be settled on the JS thread.
struct Completion {
  explicit Completion(uint64_t id) : id(id) {}
  virtual ~Completion() = default;
  // Resolves or rejects; runs on the JS thread inside a handle scope.
  virtual void settle(Napi::Env env, Napi::Promise::Deferred& deferred) = 0;
  uint64_t id;
};

class EnvState : public std::enable_shared_from_this<EnvState> {
 public:
  static std::shared_ptr<EnvState> create(Napi::Env env);
  static EnvState& of(Napi::Env env);

  // JS thread: registers a new pending call; `cancel_id` (> 0) lets JS cancel it later.
  uint64_t begin(Napi::Promise::Deferred deferred, uint64_t cancel_id,
                 runtime::CancellationToken& token_out);
  // Any thread: queues a completion (dropped if the environment is gone).
  void complete(std::unique_ptr<Completion> c);
  // JS thread: cancels the call registered under cancel_id, if it is still running.
  bool cancel(uint64_t cancel_id);
  size_t pending() const { return deferreds_.size(); }

 private:
  explicit EnvState(napi_env env) : env_(env) {}
  static void drain(napi_env env, napi_value, void* context, void*);
  static void cleanup(void* arg);
  void finished_one();

  napi_env env_;
  napi_threadsafe_function tsfn_ = nullptr;
  runtime::CancellationToken env_token_;  // parent of every call's token

  std::mutex mu_;
  std::vector<std::unique_ptr<Completion>> queue_;
  bool closed_ = false;
  std::condition_variable idle_cv_;
  size_t in_flight_ = 0;  // begun and not yet pushed (guarded by mu_)

  // JS thread only.
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, Napi::Promise::Deferred> deferreds_;
  std::unordered_map<uint64_t, runtime::CancellationToken> cancellable_;  // cancel_id -> token
  std::unordered_map<uint64_t, uint64_t> cancel_of_;                      // call id -> cancel_id
  bool referenced_ = false;
};

// Converts a core error to a JS Error carrying code, file, line, column, hint and cause.
Napi::Error to_js_error(Napi::Env env, const Error& error);

template <class T, class Convert>
struct TypedCompletion final : Completion {
  TypedCompletion(uint64_t id, Result<T> r, Convert* conv)
      : Completion(id), result(std::move(r)), convert(conv) {}
  void settle(Napi::Env env, Napi::Promise::Deferred& d) override {
    if (!result.ok()) {
      d.Reject(to_js_error(env, result.error()).Value());
      return;
    }
    try {
      if constexpr (std::is_void_v<T>) {
        d.Resolve((*convert)(env));
      } else {
        d.Resolve((*convert)(env, result.value()));
      }
    } catch (const Napi::Error& e) {
      d.Reject(e.Value());
    } catch (...) {
      d.Reject(to_js_error(env, error_from_current_exception()).Value());
    }
  }
  Result<T> result;
  Convert* convert;
};

// Runs `work(Context&)` on the runtime and returns a Promise settled with `convert(env, value)`.
// `convert` is a plain function (no captures) so completions stay small.
template <class Work, class T>
Napi::Value run_async(Napi::Env env, uint64_t cancel_id, Work work,
                      Napi::Value (*convert)(Napi::Env, const T&)) {
  auto deferred = Napi::Promise::Deferred::New(env);
  auto promise = deferred.Promise();
  runtime::Runtime* rt;
  try {
    rt = &runtime::Runtime::global();
  } catch (...) {
    deferred.Reject(to_js_error(env, error_from_current_exception()).Value());
    return promise;
  }
  EnvState& state = EnvState::of(env);
  runtime::Context ctx;
  uint64_t id = state.begin(deferred, cancel_id, ctx.token);
  using Conv = Napi::Value(Napi::Env, const T&);
  rt->spawn(std::move(work), ctx).on_complete(
      [self = state.shared_from_this(), id, convert](const Result<T>& r) {
        self->complete(std::make_unique<TypedCompletion<T, Conv>>(id, r, convert));
      });
  return promise;
}

}  // namespace ggen::binding
