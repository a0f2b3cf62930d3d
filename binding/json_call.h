#pragma once
// JSON in, JSON out: the shape of the coarse-grained calls (generate, plan, apply, lint). The
// options arrive as one JSON string; the result goes back as one JSON string that lib/ parses.
// For these calls the cost of (de)serialising is noise next to the work.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "bridge.h"

namespace ggen::binding {

inline Napi::Value to_js_string(Napi::Env env, const std::string& s) {
  return Napi::String::New(env, s);
}

inline nlohmann::json json_arg(const Napi::CallbackInfo& info, size_t index) {
  if (info.Length() <= index || !info[index].IsString()) {
    throw Napi::TypeError::New(info.Env(), "expected a JSON string argument");
  }
  try {
    return nlohmann::json::parse(info[index].As<Napi::String>().Utf8Value());
  } catch (const nlohmann::json::exception& e) {
    throw Napi::TypeError::New(info.Env(), std::string("invalid JSON argument: ") + e.what());
  }
}

// The `dir` option of a call, else the process's current folder.
inline std::filesystem::path dir_of(const nlohmann::json& opts) {
  return opts.value("dir", std::filesystem::current_path().string());
}

// Applies {timeoutMs} from the options to the context: a deadline armed on the I/O thread.
// The deadline cancels a child token: a call without its own cancel id runs on the environment's
// shared token, which a timeout must not cancel for every later call.
inline void apply_timeout(runtime::Context& ctx, const nlohmann::json& opts) {
  if (opts.contains("timeoutMs") && opts["timeoutMs"].is_number() &&
      opts["timeoutMs"].get<double>() > 0) {
    ctx.token = ctx.token.child();
    ctx.deadline = runtime::Clock::now() +
                   std::chrono::milliseconds(static_cast<int64_t>(opts["timeoutMs"].get<double>()));
  }
}

}  // namespace ggen::binding
