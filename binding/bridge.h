#pragma once
// The Promise bridge. A JS call creates a deferred, posts work to the core runtime and returns at
// once. Completions come back through ONE thread-safe function per environment: workers push onto
// a lock-free queue and only the push that finds it empty wakes the JS thread, which drains the
// whole queue in one batch. The TSFN is referenced only while calls are pending, so an idle ggen
// never keeps node alive. The environment's cleanup hook cancels its in-flight work, waits for it
// and drops late completions, so worker_threads and extension hosts can tear down at any time.
#include <napi.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "ggen/error/result.h"
#include "ggen/runtime/runtime.h"

namespace ggen::binding {

// One call in flight: created on the JS thread, run on a worker, queued back, settled on the JS
// thread. One allocation carries the work, the result, the deferred and the queue links.
struct Completion {
  virtual ~Completion() = default;
  // Resolves or rejects `deferred`; runs on the JS thread inside a handle scope.
  virtual void settle(Napi::Env env) = 0;
  napi_deferred deferred = nullptr;
  uint64_t cancel_id = 0;
  Completion* next_done = nullptr;  // link in the environment's completion queue
};

class EnvState : public std::enable_shared_from_this<EnvState> {
 public:
  // After a burst with at least this many calls pending at once, the environment asks the
  // runtime to give the freed memory back once its last call has settled.
  static constexpr size_t kReleaseMemoryAfter = 1024;

  static std::shared_ptr<EnvState> create(Napi::Env env);
  static EnvState& of(Napi::Env env);

  // JS thread: registers a new pending call; `cancel_id` (> 0) lets JS cancel it later.
  void begin(Completion& c, runtime::CancellationToken& token_out);
  // Any thread: queues a completion (dropped if the environment is gone). Never blocks.
  void complete(std::unique_ptr<Completion> c);
  // JS thread: cancels the call registered under cancel_id, if it is still running.
  bool cancel(uint64_t cancel_id);
  size_t pending() const { return pending_; }
  // JS thread: lib/ installs `adapter(error) -> thenable`. A failed call's promise is then
  // resolved with that thenable instead of rejected directly, so lib/ converts the error (and
  // takes its stack) inside the promise chain the user awaits, without attaching a handler to
  // every promise. An undefined or null adapter removes it.
  void set_rejection_adapter(Napi::Value adapter);
  // JS thread: rejects `deferred` with `error`, through the adapter if there is one.
  void reject(napi_deferred deferred, napi_value error);

 private:
  explicit EnvState(napi_env env) : env_(env) {}
  static void drain(napi_env env, napi_value, void* context, void*);
  static void cleanup(void* arg);
  void delete_queued();

  napi_env env_;
  napi_threadsafe_function tsfn_ = nullptr;
  runtime::CancellationToken env_token_;  // parent of every call's token

  // Completions, newest first (a Treiber stack: workers push with one CAS, the JS thread takes
  // the whole list with one exchange and reverses it). No lock the JS thread could wait on.
  std::atomic<Completion*> done_{nullptr};
  std::atomic<bool> closed_{false};
  std::mutex mu_;  // only for idle_cv_
  std::condition_variable idle_cv_;
  // Calls pushed onto the completion queue (or dropped), counted by the threads that finish them;
  // on its own cache line. The cleanup hook waits (under mu_) until it reaches begun_. Two
  // counters instead of one in-flight count: the JS thread then never writes a line the workers
  // write (one shared counter cost a cache-line transfer per call each way).
  alignas(64) std::atomic<uint64_t> pushed_{0};
  alignas(64) uint64_t begun_ = 0;  // JS thread only

  // JS thread only.
  size_t pending_ = 0;       // begun and not yet settled
  size_t peak_pending_ = 0;  // since the last memory release
  std::unordered_map<uint64_t, runtime::CancellationToken> cancellable_;  // cancel_id -> token
  bool referenced_ = false;
  napi_ref rejection_adapter_ = nullptr;
};

// Rejects a call's promise on the JS thread (EnvState::reject of env's state).
void reject(Napi::Env env, napi_deferred deferred, napi_value error);

// Converts a core error to a JS Error carrying code, file, line, column, hint and cause.
Napi::Error to_js_error(Napi::Env env, const Error& error);

// A call of run_async: the pool runs it (run), the JS thread settles it. It is its own pool task,
// so a call costs one allocation. `state` is a plain pointer: the environment's state outlives
// every call begun on it (the cleanup hook waits for them, and leaks the state if one overstays).
template <class Work, class T>
struct Op final : Completion, runtime::PoolTask {
  Op(EnvState* s, runtime::Runtime* r, Work w, Napi::Value (*conv)(Napi::Env, const T&))
      : state(s), rt(r), work(std::move(w)), convert(conv) {}
  void run() override {
    Result<T> r = rt->execute(work, ctx);
    if (r.ok()) {
      value.emplace(std::move(r).value());
    } else {
      error = std::make_unique<Error>(std::move(r).take_error());
    }
    state->complete(std::unique_ptr<Completion>(this));
  }
  void settle(Napi::Env env) override {
    if (error) {
      reject(env, deferred, to_js_error(env, *error).Value());
      return;
    }
    try {
      napi_resolve_deferred(env, deferred, convert(env, *value));
    } catch (const Napi::Error& e) {
      reject(env, deferred, e.Value());
    } catch (...) {
      reject(env, deferred, to_js_error(env, error_from_current_exception()).Value());
    }
  }
  EnvState* state;
  runtime::Runtime* rt;
  Work work;
  runtime::Context ctx;
  // The outcome, kept small: the error (rare) lives behind a pointer.
  std::optional<T> value;
  std::unique_ptr<Error> error;
  Napi::Value (*convert)(Napi::Env, const T&);
};

// Runs `work(Context&)` (or `work()`) on the runtime and returns a Promise settled on the JS
// thread with `convert(env, value)`, or rejected with the error.
template <class Work, class T>
Napi::Value run_async(Napi::Env env, uint64_t cancel_id, Work work,
                      Napi::Value (*convert)(Napi::Env, const T&)) {
  napi_deferred deferred;
  napi_value promise;
  napi_create_promise(env, &deferred, &promise);
  runtime::Runtime* rt;
  try {
    rt = &runtime::Runtime::global();
  } catch (...) {
    reject(env, deferred, to_js_error(env, error_from_current_exception()).Value());
    return Napi::Value(env, promise);
  }
  EnvState& state = EnvState::of(env);
  auto* op = new Op<Work, T>(&state, rt, std::move(work), convert);
  op->deferred = deferred;
  op->cancel_id = cancel_id;
  state.begin(*op, op->ctx.token);
  // On success the op belongs to the pool (and may be settled before post returns).
  if (!rt->post(static_cast<runtime::PoolTask*>(op))) {
    op->error = std::make_unique<Error>(runtime::shutdown_error());
    state.complete(std::unique_ptr<Completion>(op));
  }
  return Napi::Value(env, promise);
}

}  // namespace ggen::binding
