// Lifecycle: list the phases of ggen.toml; run one with its dependencies, output streamed to an
// optional callback.
#include "ggen/lifecycle/lifecycle.h"

#include "json_call.h"
#include "nouns.h"
#include "output_stream.h"

namespace ggen::binding {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Napi::Value List(const Napi::CallbackInfo& info) {
  json opts = json_arg(info, 0);
  auto work = [opts]() -> Result<std::string> {
    auto r = lifecycle::list(dir_of(opts));
    if (!r.ok()) return r.error();
    return lifecycle::to_json(r.value()).dump();
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &to_js_string);
}

Napi::Value Run(const Napi::CallbackInfo& info) {
  json opts = json_arg(info, 0);
  StreamedOutput output(info, 2);
  auto work = [opts, output](runtime::Context& ctx) -> Result<std::string> {
    CloseOnExit close{output.forwarder};
    lifecycle::RunRequest req{dir_of(opts), opts.value("phase", ""), opts.value("force", false),
                              output.sink()};
    auto r = lifecycle::run(req, ctx);
    if (!r.ok()) return r.error();
    return lifecycle::to_json(r.value()).dump();
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &to_js_string);
}

}  // namespace

void register_lifecycle(Napi::Env env, Napi::Object exports) {
  Napi::Object l = Napi::Object::New(env);
  l.Set("list", Napi::Function::New(env, List, "list"));
  l.Set("run", Napi::Function::New(env, Run, "run"));
  exports.Set("lifecycle", l);
}

}  // namespace ggen::binding
