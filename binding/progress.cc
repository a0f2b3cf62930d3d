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
  // Plain Node-API with every status checked: while a worker is being terminated these calls
  // fail, and node-addon-api's wrappers would throw a C++ exception through Node's C frames.
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value o, phase, done, total, global;
  bool ok = napi_create_object(env, &o) == napi_ok &&
            napi_create_string_utf8(env, p->phase.data(), p->phase.size(), &phase) == napi_ok &&
            napi_create_double(env, static_cast<double>(p->done), &done) == napi_ok &&
            napi_create_double(env, static_cast<double>(p->total), &total) == napi_ok &&
            napi_set_named_property(env, o, "phase", phase) == napi_ok &&
            napi_set_named_property(env, o, "done", done) == napi_ok &&
            napi_set_named_property(env, o, "total", total) == napi_ok &&
            napi_get_global(env, &global) == napi_ok;
  if (ok) napi_call_function(env, global, fn, 1, &o, nullptr);
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) {
    napi_value ignored;  // a throwing callback is ignored
    napi_get_and_clear_last_exception(env, &ignored);
  }
  napi_close_handle_scope(env, scope);
}

std::function<void(const runtime::Progress&)> ProgressForwarder::sink(
    std::shared_ptr<ProgressForwarder> f) {
  if (!f) return {};
  return [f](const runtime::Progress& p) { f->report(p); };
}

}  // namespace ggen::binding
