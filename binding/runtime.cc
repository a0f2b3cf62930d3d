// The `runtime` noun: stats, a no-op round trip, a cancellable sleep, cancellation by id, the
// native half of `doctor`, and an AsyncWorker no-op that the runtime benchmark uses as baseline.
#include <uv.h>

#include <thread>

#include "bridge.h"
#include "nouns.h"

namespace ggen::binding {

uint64_t cancel_id_arg(const Napi::CallbackInfo& info, size_t index) {
  if (info.Length() <= index || info[index].IsUndefined() || info[index].IsNull()) return 0;
  if (!info[index].IsNumber()) {
    throw Napi::TypeError::New(info.Env(), "cancellation id must be a number");
  }
  double v = info[index].As<Napi::Number>().DoubleValue();
  return v > 0 ? static_cast<uint64_t>(v) : 0;
}

namespace {

Napi::Value stats_to_js(Napi::Env env, const runtime::MetricsSnapshot& s, bool created) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("created", created);
  o.Set("threads", s.threads);
  o.Set("spawned", static_cast<double>(s.spawned));
  o.Set("completed", static_cast<double>(s.completed));
  o.Set("failed", static_cast<double>(s.failed));
  o.Set("cancelled", static_cast<double>(s.cancelled));
  o.Set("active", static_cast<double>(s.active));
  o.Set("queued", static_cast<double>(s.queued));
  o.Set("peakConcurrency", static_cast<double>(s.peak_concurrency));
  o.Set("queueWaitP50Us", s.queue_wait_p50_us);
  o.Set("queueWaitP99Us", s.queue_wait_p99_us);
  return o;
}

Napi::Value Stats(const Napi::CallbackInfo& info) {
  runtime::Runtime* rt = runtime::Runtime::global_if_created();
  if (rt == nullptr) return stats_to_js(info.Env(), {}, false);
  return stats_to_js(info.Env(), rt->stats(), true);
}

Napi::Value to_undefined(Napi::Env env, const bool&) {
  return env.Undefined();
}
Napi::Value to_number(Napi::Env env, const double& v) {
  return Napi::Number::New(env, v);
}

Napi::Value Ping(const Napi::CallbackInfo& info) {
  return run_async(
      info.Env(), cancel_id_arg(info, 0), [] { return true; }, &to_undefined);
}

// Sleeps in small steps, checking the context: cancellation takes effect within ~1 ms.
Napi::Value Sleep(const Napi::CallbackInfo& info) {
  double ms =
      info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : 0;
  auto work = [ms](runtime::Context& ctx) -> double {
    auto start = runtime::Clock::now();
    auto until = start + std::chrono::microseconds(static_cast<int64_t>(ms * 1000));
    while (runtime::Clock::now() < until) {
      ctx.check();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return std::chrono::duration<double, std::milli>(runtime::Clock::now() - start).count();
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &to_number);
}

Napi::Value Cancel(const Napi::CallbackInfo& info) {
  uint64_t id = cancel_id_arg(info, 0);
  return Napi::Boolean::New(info.Env(), id > 0 && EnvState::of(info.Env()).cancel(id));
}

// adaptRejections(fn): see EnvState::set_rejection_adapter (lib/call.js installs it).
Napi::Value AdaptRejections(const Napi::CallbackInfo& info) {
  EnvState::of(info.Env()).set_rejection_adapter(info[0]);
  return info.Env().Undefined();
}

Napi::Value Pending(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(EnvState::of(info.Env()).pending()));
}

// Facts only the native side knows. Creates the runtime (doctor reports its real thread count
// and rejects a bad GGEN_RUNTIME_THREADS just as any other call would).
Napi::Value NativeInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("napiVersionBuilt", NAPI_VERSION);
  o.Set("libuv", uv_version_string());
  o.Set("compiler", "g++ " __VERSION__);
  o.Set("cppStandard", static_cast<double>(__cplusplus));
  try {
    runtime::Runtime& rt = runtime::Runtime::global();
    o.Set("runtimeThreads", rt.threads());
    runtime::SpinMode spin = rt.spin_mode();
    o.Set("runtimeSpin", spin == runtime::SpinMode::kOff      ? "off"
                         : spin == runtime::SpinMode::kAlways ? "on"
                                                              : "auto");
  } catch (...) {
    throw to_js_error(env, error_from_current_exception());
  }
  return o;
}

// Baseline for bench/runtime: the stock way to run work off the JS thread.
class NoopWorker : public Napi::AsyncWorker {
 public:
  explicit NoopWorker(Napi::Env env) : Napi::AsyncWorker(env), deferred_(env) {}
  void Execute() override {}
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }
  Napi::Promise promise() { return deferred_.Promise(); }

 private:
  Napi::Promise::Deferred deferred_;
};

Napi::Value AsyncWorkerNoop(const Napi::CallbackInfo& info) {
  auto* w = new NoopWorker(info.Env());
  auto p = w->promise();
  w->Queue();
  return p;
}

}  // namespace

void register_runtime(Napi::Env env, Napi::Object exports) {
  Napi::Object rt = Napi::Object::New(env);
  rt.Set("stats", Napi::Function::New(env, Stats, "stats"));
  rt.Set("ping", Napi::Function::New(env, Ping, "ping"));
  rt.Set("sleep", Napi::Function::New(env, Sleep, "sleep"));
  rt.Set("cancel", Napi::Function::New(env, Cancel, "cancel"));
  rt.Set("pending", Napi::Function::New(env, Pending, "pending"));
  rt.Set("adaptRejections", Napi::Function::New(env, AdaptRejections, "adaptRejections"));
  rt.Set("nativeInfo", Napi::Function::New(env, NativeInfo, "nativeInfo"));
  rt.Set("asyncWorkerNoop", Napi::Function::New(env, AsyncWorkerNoop, "asyncWorkerNoop"));
  exports.Set("runtime", rt);
}

}  // namespace ggen::binding
