#include "https_transport.h"

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "bridge.h"

namespace ggen::binding {

namespace {

Error env_gone() {
  return Error(std::string(codes::kCancelled),
               "the JavaScript environment shut down while an https request was waiting");
}

class HttpsBridge : public std::enable_shared_from_this<HttpsBridge> {
 public:
  // JS thread. Null (and a pending JS exception) when the TSFN cannot be created.
  static std::shared_ptr<HttpsBridge> create(Napi::Env env, Napi::Function fetcher);

  // A worker: one attempt, waiting for the JS thread's answer or the token's cancellation.
  Result<pack::HttpResponse> fetch(const std::string& url, const pack::HttpOptions& o,
                                   const runtime::Context& ctx);

 private:
  struct Message {
    uint64_t id = 0;
    bool abort = false;
    std::string url;
    double timeout_ms = 0, max_bytes = 0;
  };

  void wake();                    // with mu_ held
  void fail_all(const Error& e);  // with mu_ held
  void abandon(uint64_t id, const Error& why);
  void respond(const Napi::CallbackInfo& info);
  static void call_js(napi_env env, napi_value fn, void* context, void*);
  static void cleanup(void* arg);
  static napi_value respond_cb(napi_env env, napi_callback_info info);

  napi_env env_ = nullptr;
  napi_threadsafe_function tsfn_ = nullptr;
  std::mutex mu_;
  std::vector<Message> queue_;
  std::map<uint64_t, runtime::Promise<pack::HttpResponse>> waiting_;
  uint64_t next_id_ = 1;
  bool queued_ = false;
  bool closed_ = false;
  // JS thread only.
  napi_ref respond_ = nullptr;
  std::map<uint64_t, napi_ref> aborts_;
};

std::mutex g_mu;
std::map<napi_env, std::shared_ptr<HttpsBridge>> g_bridges;  // one per live environment

std::shared_ptr<HttpsBridge> HttpsBridge::create(Napi::Env env, Napi::Function fetcher) {
  std::shared_ptr<HttpsBridge> b(new HttpsBridge);
  b->env_ = env;
  napi_value name;
  napi_create_string_utf8(env, "ggen.https", NAPI_AUTO_LENGTH, &name);
  if (napi_create_threadsafe_function(env, fetcher, nullptr, name, 0, 1, nullptr, nullptr, b.get(),
                                      &HttpsBridge::call_js, &b->tsfn_) != napi_ok) {
    return nullptr;
  }
  // Pending marketplace calls already keep node alive through the promise bridge.
  napi_unref_threadsafe_function(env, b->tsfn_);
  napi_value respond;
  napi_create_function(env, "respond", NAPI_AUTO_LENGTH, &HttpsBridge::respond_cb, b.get(),
                       &respond);
  napi_create_reference(env, respond, 1, &b->respond_);
  // Registered after the TSFN, so it runs before node tears the TSFN down (reverse order): from
  // then on no worker touches it.
  napi_add_env_cleanup_hook(env, &HttpsBridge::cleanup, b.get());
  return b;
}

void HttpsBridge::wake() {
  if (queued_ || closed_) return;
  if (napi_call_threadsafe_function(tsfn_, nullptr, napi_tsfn_nonblocking) == napi_ok) {
    queued_ = true;
  } else {
    closed_ = true;  // napi_closing: the environment is going away
    fail_all(env_gone());
  }
}

void HttpsBridge::fail_all(const Error& e) {
  for (auto& [id, p] : waiting_) p.set_error(e);
  waiting_.clear();
  queue_.clear();
}

Result<pack::HttpResponse> HttpsBridge::fetch(const std::string& url, const pack::HttpOptions& o,
                                              const runtime::Context& ctx) {
  runtime::Promise<pack::HttpResponse> promise;
  auto fut = promise.future();
  uint64_t id;
  {
    std::lock_guard lock(mu_);
    if (closed_) return env_gone();
    id = next_id_++;
    waiting_.emplace(id, promise);
    queue_.push_back(Message{id, false, url, static_cast<double>(o.timeout.count()),
                             static_cast<double>(o.max_bytes)});
    wake();
  }
  auto reg = ctx.token.on_cancel(
      [self = shared_from_this(), id](const Error& why) { self->abandon(id, why); });
  fut.wait();
  reg.reset();
  return fut.get();
}

void HttpsBridge::abandon(uint64_t id, const Error& why) {
  std::lock_guard lock(mu_);
  auto it = waiting_.find(id);
  if (it == waiting_.end()) return;  // answered already
  it->second.set_error(why);
  waiting_.erase(it);
  queue_.push_back(Message{id, true, {}, 0, 0});  // stop the fetch too
  wake();
}

void HttpsBridge::call_js(napi_env env, napi_value fn, void* context, void*) {
  if (env == nullptr) return;  // torn down; cleanup() already failed the waiters
  auto* self = static_cast<HttpsBridge*>(context);
  std::vector<Message> batch;
  {
    std::lock_guard lock(self->mu_);
    self->queued_ = false;
    batch.swap(self->queue_);
  }
  Napi::Env e(env);
  for (const auto& m : batch) {
    Napi::HandleScope scope(e);
    if (m.abort) {
      auto it = self->aborts_.find(m.id);
      if (it == self->aborts_.end()) continue;
      napi_value abort;
      if (napi_get_reference_value(env, it->second, &abort) == napi_ok && abort != nullptr) {
        napi_call_function(env, e.Undefined(), abort, 0, nullptr, nullptr);
      }
      napi_delete_reference(env, it->second);
      self->aborts_.erase(it);
    } else {
      Napi::Object req = Napi::Object::New(e);
      req.Set("id", static_cast<double>(m.id));
      req.Set("url", m.url);
      req.Set("timeoutMs", m.timeout_ms);
      req.Set("maxBytes", m.max_bytes);
      napi_value respond;
      napi_get_reference_value(env, self->respond_, &respond);
      napi_value argv[] = {req, respond};
      napi_value abort = nullptr;
      if (napi_call_function(env, e.Undefined(), fn, 2, argv, &abort) == napi_ok &&
          abort != nullptr) {
        napi_valuetype t;
        if (napi_typeof(env, abort, &t) == napi_ok && t == napi_function) {
          napi_ref ref;
          napi_create_reference(env, abort, 1, &ref);
          self->aborts_[m.id] = ref;
        }
      }
    }
    if (e.IsExceptionPending()) {
      Napi::Error err = e.GetAndClearPendingException();
      if (!m.abort) {
        std::lock_guard lock(self->mu_);
        auto it = self->waiting_.find(m.id);
        if (it != self->waiting_.end()) {
          it->second.set_error(
              Error(std::string(codes::kInternal), "the https fetcher threw: " + err.Message()));
          self->waiting_.erase(it);
        }
      }
    }
  }
}

// respond(id, error | null, status, headers, body)
napi_value HttpsBridge::respond_cb(napi_env env, napi_callback_info cbinfo) {
  try {
    Napi::CallbackInfo info(env, cbinfo);
    static_cast<HttpsBridge*>(info.Data())->respond(info);
  } catch (const Napi::Error& e) {
    e.ThrowAsJavaScriptException();
  }
  return nullptr;
}

void HttpsBridge::respond(const Napi::CallbackInfo& info) {
  if (info.Length() < 2 || !info[0].IsNumber()) return;
  auto id = static_cast<uint64_t>(info[0].As<Napi::Number>().DoubleValue());
  auto ab = aborts_.find(id);
  if (ab != aborts_.end()) {
    napi_delete_reference(env_, ab->second);
    aborts_.erase(ab);
  }
  Result<pack::HttpResponse> r = Error();
  if (info[1].IsObject()) {
    Napi::Object err = info[1].As<Napi::Object>();
    auto str = [&](const char* k) {
      Napi::Value v = err.Get(k);
      return v.IsString() ? v.As<Napi::String>().Utf8Value() : std::string();
    };
    std::string code = str("code");
    Error e(code.empty() ? std::string(pack::kUnreachable) : code, str("message"));
    std::string hint = str("hint");
    if (!hint.empty()) e.with_hint(hint);
    r = std::move(e);
  } else {
    pack::HttpResponse resp;
    resp.status =
        info.Length() > 2 && info[2].IsNumber() ? info[2].As<Napi::Number>().Int32Value() : 0;
    if (info.Length() > 3 && info[3].IsObject()) {
      Napi::Object h = info[3].As<Napi::Object>();
      Napi::Array names = h.GetPropertyNames();
      for (uint32_t i = 0; i < names.Length(); ++i) {
        std::string k = names.Get(i).ToString().Utf8Value();
        Napi::Value v = h.Get(k);
        if (v.IsString()) resp.headers[k] = v.As<Napi::String>().Utf8Value();
      }
    }
    if (info.Length() > 4 && info[4].IsTypedArray()) {
      Napi::TypedArray t = info[4].As<Napi::TypedArray>();
      Napi::ArrayBuffer buf = t.ArrayBuffer();
      const char* p = static_cast<const char*>(buf.Data()) + t.ByteOffset();
      resp.body.assign(p, t.ByteLength());
    }
    r = std::move(resp);
  }
  std::lock_guard lock(mu_);
  auto it = waiting_.find(id);
  if (it == waiting_.end()) return;  // abandoned (cancelled) meanwhile
  it->second.set(std::move(r));
  waiting_.erase(it);
}

void HttpsBridge::cleanup(void* arg) {
  auto* self = static_cast<HttpsBridge*>(arg);
  {
    std::lock_guard lock(self->mu_);
    self->closed_ = true;
    self->fail_all(env_gone());
  }
  for (auto& [id, ref] : self->aborts_) napi_delete_reference(self->env_, ref);
  self->aborts_.clear();
  if (self->respond_ != nullptr) napi_delete_reference(self->env_, self->respond_);
  self->respond_ = nullptr;
  napi_release_threadsafe_function(self->tsfn_, napi_tsfn_abort);
  std::shared_ptr<HttpsBridge> keep;  // destroyed outside the lock
  {
    std::lock_guard lock(g_mu);
    auto it = g_bridges.find(self->env_);
    if (it != g_bridges.end() && it->second.get() == self) {
      keep = std::move(it->second);
      g_bridges.erase(it);
    }
  }
}

}  // namespace

void set_https_fetcher(Napi::Env env, Napi::Function fetcher) {
  {
    std::lock_guard lock(g_mu);
    if (g_bridges.count(env)) return;  // the first one stays: lib/ registers once per environment
  }
  auto b = HttpsBridge::create(env, fetcher);
  if (!b) throw Napi::Error::New(env, "ggen: cannot create the https request queue");
  std::lock_guard lock(g_mu);
  g_bridges[env] = std::move(b);
}

pack::HttpsTransport https_transport_of(Napi::Env env) {
  std::shared_ptr<HttpsBridge> b;
  {
    std::lock_guard lock(g_mu);
    auto it = g_bridges.find(env);
    if (it != g_bridges.end()) b = it->second;
  }
  if (!b) return {};
  return [b](const std::string& url, const pack::HttpOptions& o, const runtime::Context& ctx) {
    return b->fetch(url, o, ctx);
  };
}

}  // namespace ggen::binding
