#pragma once
// Forwards a child process's output to a JS callback while it runs (lifecycle phases, hooks).
// Unlike progress, nothing is coalesced: every chunk arrives, in order, as
// callback({ source, stream: 'stdout' | 'stderr', data: Buffer }). After close() the callback
// gets one final `null`, so lib/ can wait for the last chunk before settling its promise (the
// result travels through the bridge's own thread-safe function, in no fixed order with this one).
#include <napi.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace ggen::binding {

class OutputForwarder {
 public:
  // nullptr when `callback` is not a function.
  static std::shared_ptr<OutputForwarder> create(Napi::Env env, Napi::Value callback);
  // Any thread; cheap (one lock, one copy).
  void push(std::string_view source, int stream, std::string_view data);
  // Any thread; idempotent. Queues the final null and lets node exit.
  void close();

 private:
  struct Chunk {
    std::string source;
    int stream;
    std::string data;
  };
  void wake();  // with mu_ held
  static void call_js(napi_env env, napi_value fn, void* context, void* data);

  std::mutex mu_;
  std::vector<Chunk> queue_;
  bool queued_ = false;
  bool closed_ = false;
  bool end_sent_ = false;
  napi_threadsafe_function tsfn_ = nullptr;
};

// Closes the forwarder when the operation's work ends, whatever way it ends.
struct CloseOnExit {
  std::shared_ptr<OutputForwarder> f;
  ~CloseOnExit() {
    if (f) f->close();
  }
};

// The optional output callback of a streaming call (argument `index`). It is closed when the
// work ends (a CloseOnExit inside the work) or, if the work is dropped without running, when the
// last copy of the work's lambda goes (`dropped`).
struct StreamedOutput {
  std::shared_ptr<OutputForwarder> forwarder;
  std::shared_ptr<CloseOnExit> dropped;

  StreamedOutput(const Napi::CallbackInfo& info, size_t index);
  // What core calls with each chunk; empty when there is no callback.
  std::function<void(std::string_view, int, std::string_view)> sink() const;
};

}  // namespace ggen::binding
