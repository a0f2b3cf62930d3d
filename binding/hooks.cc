// Hooks: create / list / remove (ggen.toml and the git hooks folder) and run (an event's ggen
// commands, output streamed to an optional callback).
#include "ggen/hooks/hooks.h"

#include "json_call.h"
#include "nouns.h"
#include "output_stream.h"

namespace ggen::binding {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::vector<std::string> strings(const json& j, const char* key) {
  std::vector<std::string> out;
  if (j.contains(key) && j[key].is_array()) {
    for (const auto& s : j[key]) out.push_back(s.get<std::string>());
  }
  return out;
}

Napi::Value Create(const Napi::CallbackInfo& info) {
  json opts = json_arg(info, 0);
  auto work = [opts](runtime::Context& ctx) -> Result<std::string> {
    hooks::CreateRequest req;
    req.dir = dir_of(opts);
    req.event = opts.value("on", "");
    req.command = strings(opts, "command");
    req.ggen = strings(opts, "ggen");
    if (opts.contains("timeout") && opts["timeout"].is_number() &&
        opts["timeout"].get<double>() > 0) {
      req.timeout = std::chrono::milliseconds(static_cast<int64_t>(opts["timeout"].get<double>()));
    }
    auto r = hooks::create(req, ctx);
    if (!r.ok()) return r.error();
    return hooks::to_json(r.value()).dump();
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &to_js_string);
}

Napi::Value List(const Napi::CallbackInfo& info) {
  json opts = json_arg(info, 0);
  auto work = [opts](runtime::Context& ctx) -> Result<std::string> {
    auto r = hooks::list(dir_of(opts), ctx);
    if (!r.ok()) return r.error();
    return hooks::to_json(r.value()).dump();
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &to_js_string);
}

Napi::Value Remove(const Napi::CallbackInfo& info) {
  json opts = json_arg(info, 0);
  auto work = [opts](runtime::Context& ctx) -> Result<std::string> {
    auto r = hooks::remove(
        hooks::RemoveRequest{dir_of(opts), opts.value("on", ""), strings(opts, "command")}, ctx);
    if (!r.ok()) return r.error();
    return hooks::to_json(r.value()).dump();
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &to_js_string);
}

Napi::Value Run(const Napi::CallbackInfo& info) {
  json opts = json_arg(info, 0);
  StreamedOutput output(info, 2);
  auto work = [opts, output](runtime::Context& ctx) -> Result<std::string> {
    CloseOnExit close{output.forwarder};
    hooks::RunRequest req{dir_of(opts), opts.value("event", ""), strings(opts, "ggen"),
                          strings(opts, "env"), output.sink()};
    auto r = hooks::run_event(req, ctx);
    if (!r.ok()) return r.error();
    return hooks::to_json(r.value()).dump();
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &to_js_string);
}

}  // namespace

void register_hooks(Napi::Env env, Napi::Object exports) {
  Napi::Object h = Napi::Object::New(env);
  h.Set("create", Napi::Function::New(env, Create, "create"));
  h.Set("list", Napi::Function::New(env, List, "list"));
  h.Set("remove", Napi::Function::New(env, Remove, "remove"));
  h.Set("run", Napi::Function::New(env, Run, "run"));
  exports.Set("hooks", h);
}

}  // namespace ggen::binding
