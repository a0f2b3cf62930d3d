// Addon entry: per-environment state (instance data + cleanup hook) and one Register call per
// noun. Nothing here starts threads: the runtime is created on the first call that needs it.
#include <dlfcn.h>
#include <napi.h>

#include <mutex>

#include "bridge.h"
#include "nouns.h"

namespace {

// The runtime's threads live until the process exits (the global runtime is never destroyed),
// so this library must never be unmapped under them. Node unloads an addon when the last
// worker_thread that loaded it ends, if the main thread never loaded it; the next load then
// maps a fresh copy, and the first runtime's threads would run unmapped code on their next
// wake-up. Marking the library RTLD_NODELETE keeps it mapped for good.
void pin_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    Dl_info info;
    if (dladdr(reinterpret_cast<void*>(&pin_library), &info) != 0 && info.dli_fname != nullptr) {
      // The handle is leaked on purpose: it is what keeps the library loaded.
      (void)dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    }
  });
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  pin_library();
  ggen::binding::EnvState::create(env);
  ggen::binding::register_runtime(env, exports);
  ggen::binding::register_gen(env, exports);
  ggen::binding::register_template(env, exports);
  ggen::binding::register_graph(env, exports);
  ggen::binding::register_hooks(env, exports);
  ggen::binding::register_lifecycle(env, exports);
  ggen::binding::register_watch(env, exports);
  ggen::binding::register_pack(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(ggen, Init)
