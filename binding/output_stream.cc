#include "output_stream.h"

namespace ggen::binding {

std::shared_ptr<OutputForwarder> OutputForwarder::create(Napi::Env env, Napi::Value callback) {
  if (!callback.IsFunction()) return nullptr;
  auto f = std::make_shared<OutputForwarder>();
  napi_value name;
  napi_create_string_utf8(env, "ggen.output", NAPI_AUTO_LENGTH, &name);
  // The TSFN holds a reference until it is finalized, after its last queued call.
  auto* keep = new std::shared_ptr<OutputForwarder>(f);
  auto finalize = [](napi_env, void* data, void*) {
    delete static_cast<std::shared_ptr<OutputForwarder>*>(data);
  };
  if (napi_create_threadsafe_function(env, callback, nullptr, name, 0, 1, keep, finalize, f.get(),
                                      &OutputForwarder::call_js, &f->tsfn_) != napi_ok) {
    delete keep;
    return nullptr;
  }
  return f;
}

void OutputForwarder::wake() {
  if (queued_) return;
  if (napi_call_threadsafe_function(tsfn_, this, napi_tsfn_nonblocking) == napi_ok) queued_ = true;
}

void OutputForwarder::push(std::string_view source, int stream, std::string_view data) {
  std::lock_guard lock(mu_);
  if (closed_) return;
  queue_.push_back(Chunk{std::string(source), stream, std::string(data)});
  wake();
}

void OutputForwarder::close() {
  std::lock_guard lock(mu_);
  if (closed_) return;
  closed_ = true;
  wake();  // delivers what is left, then the final null
  napi_release_threadsafe_function(tsfn_, napi_tsfn_release);
}

void OutputForwarder::call_js(napi_env env, napi_value fn, void* context, void* data) {
  if (env == nullptr || data == nullptr) return;
  auto* self = static_cast<OutputForwarder*>(data);
  std::vector<Chunk> batch;
  bool end = false;
  {
    std::lock_guard lock(self->mu_);
    self->queued_ = false;
    batch.swap(self->queue_);
    if (self->closed_ && !self->end_sent_) end = self->end_sent_ = true;
  }
  Napi::Env e(env);
  napi_value global;
  napi_get_global(env, &global);
  for (const auto& c : batch) {
    Napi::HandleScope scope(e);
    Napi::Object o = Napi::Object::New(e);
    o.Set("source", c.source);
    o.Set("stream", c.stream == 1 ? "stdout" : "stderr");
    o.Set("data", Napi::Buffer<char>::Copy(e, c.data.data(), c.data.size()));
    napi_value argv[] = {o};
    napi_call_function(env, global, fn, 1, argv, nullptr);
    if (e.IsExceptionPending()) e.GetAndClearPendingException();  // a throwing callback is ignored
  }
  if (end) {
    Napi::HandleScope scope(e);
    napi_value argv[] = {e.Null()};
    napi_call_function(env, global, fn, 1, argv, nullptr);
    if (e.IsExceptionPending()) e.GetAndClearPendingException();
  }
}

StreamedOutput::StreamedOutput(const Napi::CallbackInfo& info, size_t index)
    : forwarder(OutputForwarder::create(
          info.Env(), info.Length() > index ? info[index] : info.Env().Undefined())),
      dropped(std::make_shared<CloseOnExit>()) {
  dropped->f = forwarder;  // not built from a temporary: its destructor would close it
}

std::function<void(std::string_view, int, std::string_view)> StreamedOutput::sink() const {
  if (!forwarder) return {};
  return [f = forwarder](std::string_view source, int stream, std::string_view data) {
    f->push(source, stream, data);
  };
}

}  // namespace ggen::binding
