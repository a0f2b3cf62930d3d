// Addon entry: per-environment state (instance data + cleanup hook) and one Register call per
// noun. Nothing here starts threads: the runtime is created on the first call that needs it.
#include <napi.h>

#include "bridge.h"
#include "nouns.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
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
