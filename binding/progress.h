#pragma once
// Forwards core progress reports to a JS callback. Reports are coalesced: while one is waiting
// for the JS thread, newer ones replace it, so a fast operation never floods the event loop.
#include <napi.h>

#include <memory>
#include <mutex>
#include <optional>

#include "ggen/runtime/context.h"

namespace ggen::binding {

class ProgressForwarder {
 public:
  // nullptr when `callback` is not a function.
  static std::shared_ptr<ProgressForwarder> create(Napi::Env env, Napi::Value callback);
  ~ProgressForwarder();
  // Thread-safe; cheap.
  void report(const runtime::Progress& p);
  // Stops forwarding and lets node exit; call when the operation ends (any thread).
  void close();
  // A progress sink for a Context (keeps this forwarder alive).
  static std::function<void(const runtime::Progress&)> sink(std::shared_ptr<ProgressForwarder> f);

 private:
  static void call_js(napi_env env, napi_value fn, void* context, void* data);
  std::mutex mu_;
  std::optional<runtime::Progress> pending_;
  bool queued_ = false;
  bool closed_ = false;
  napi_threadsafe_function tsfn_ = nullptr;
};

}  // namespace ggen::binding
