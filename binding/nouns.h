#pragma once
// One registration function per noun (binding/<noun>.cc), called from addon.cc.
#include <napi.h>

namespace ggen::binding {

void register_runtime(Napi::Env env, Napi::Object exports);
void register_gen(Napi::Env env, Napi::Object exports);
void register_template(Napi::Env env, Napi::Object exports);
void register_graph(Napi::Env env, Napi::Object exports);
void register_hooks(Napi::Env env, Napi::Object exports);
void register_lifecycle(Napi::Env env, Napi::Object exports);
void register_watch(Napi::Env env, Napi::Object exports);
void register_pack(Napi::Env env, Napi::Object exports);

// Reads an optional cancellation id argument (a positive integer) at `index`; 0 if absent.
uint64_t cancel_id_arg(const Napi::CallbackInfo& info, size_t index);

}  // namespace ggen::binding
