#include "progress.h"

namespace ggen::binding {

std::shared_ptr<ProgressForwarder> ProgressForwarder::create(Napi::Env env, Napi::Value callback) {
  if (!callback.IsFunction()) return nullptr;
  auto f = std::make_shared<ProgressForwarder>();
  napi_value name;
  napi_create_string_utf8(env, "ggen.progress", NAPI_AUTO_LENGTH, &name);
  // The TSFN owns a reference until it is finalized, after the last queued call has run.
  auto* keep = new std::shared_ptr<ProgressForwarder>(f);
  auto finalize = [](napi_env, void* data, void*) {
    delete static_cast<std::shared_ptr<ProgressForwarder>*>(data);
  };
  if (napi_create_threadsafe_function(env, callback, nullptr, name, 0, 1, keep, finalize, f.get(),
                                      &ProgressForwarder::call_js, &f->tsfn_) != napi_ok) {
    delete keep;
    return nullptr;
  }
  return f;
}

ProgressForwarder::~ProgressForwarder() = default;

void ProgressForwarder::report(const runtime::Progress& p) {
  std::lock_guard lock(mu_);
  if (closed_) return;
  pending_ = p;
  if (queued_) return;
  if (napi_call_threadsafe_function(tsfn_, this, napi_tsfn_nonblocking) == napi_ok) queued_ = true;
}

void ProgressForwarder::close() {
  std::lock_guard lock(mu_);
  if (closed_) return;
  closed_ = true;
  // The queued call (if any) still runs and finds the forwarder closed.
  napi_release_threadsafe_function(tsfn_, napi_tsfn_release);
}

void ProgressForwarder::call_js(napi_env env, napi_value fn, void* context, void* data) {
  if (env == nullptr || data == nullptr) return;
  auto* self = static_cast<ProgressForwarder*>(data);
  std::optional<runtime::Progress> p;
  {
    std::lock_guard lock(self->mu_);
    self->queued_ = false;
    p.swap(self->pending_);
  }
  if (!p) return;
  Napi::Env e(env);
  Napi::HandleScope scope(e);
  Napi::Object o = Napi::Object::New(e);
  o.Set("phase", p->phase);
  o.Set("done", static_cast<double>(p->done));
  o.Set("total", static_cast<double>(p->total));
  napi_value argv[] = {o};
  napi_value global;
  napi_get_global(env, &global);
  napi_call_function(env, global, fn, 1, argv, nullptr);
  if (e.IsExceptionPending()) e.GetAndClearPendingException();  // a throwing callback is ignored
}

std::function<void(const runtime::Progress&)> ProgressForwarder::sink(std::shared_ptr<ProgressForwarder> f) {
  if (!f) return {};
  return [f](const runtime::Progress& p) { f->report(p); };
}

}  // namespace ggen::binding
