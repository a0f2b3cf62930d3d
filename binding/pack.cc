// Packs and the marketplace: JSON in, JSON out, on the runtime. The registry's HTTP transfers run
// on the runtime's I/O thread; the worker running the call waits for them.
#include "ggen/gen/generate.h"
#include "ggen/pack/archive.h"
#include "ggen/pack/manifest.h"
#include "ggen/pack/store.h"
#include "https_transport.h"
#include "json_call.h"
#include "nouns.h"

namespace ggen::binding {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string s(const json& j, const char* k, std::string fallback = {}) {
  return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : fallback;
}

Result<pack::Version> ggen_version(const json& j) {
  return pack::parse_version(s(j, "ggenVersion", "0.0.0"));
}

fs::path cwd_of(const json& j) {
  return fs::path(s(j, "cwd", fs::current_path().string()));
}

Result<pack::Registry> registry_of(const json& j, const fs::path& ws,
                                   const pack::HttpsTransport& https) {
  auto loc = pack::registry_location(ws, s(j, "registry"), cwd_of(j));
  if (!loc.ok()) return loc.error();
  pack::Registry r;
  r.location = loc.value();
  if (j.value("httpTimeoutMs", 0) > 0)
    r.http.timeout = std::chrono::milliseconds(j.value("httpTimeoutMs", 0));
  if (j.contains("retries") && j["retries"].is_number_integer())
    r.http.retries = std::max(0, j.value("retries", 3));
  if (j.contains("backoffMs") && j["backoffMs"].is_number())
    r.http.backoff = std::chrono::milliseconds(j.value("backoffMs", 200));
  r.http.https = https;
  r.io = &runtime::Runtime::global().io();
  return r;
}

json report_json(const fs::path& ws, const pack::InstallReport& r) {
  json changes = json::array();
  for (const auto& c : r.changes) {
    json e = {{"id", c.id}, {"version", c.version}, {"action", c.action}};
    if (!c.from.empty() && c.action == "updated") e["from"] = c.from;
    changes.push_back(e);
  }
  return {{"workspace", ws.generic_string()},
          {"changes", changes},
          {"lock", json::parse(pack::lock_to_json(r.lock))}};
}

json templates_of(const fs::path& dir) {
  json out = json::array();
  auto m = pack::read_manifest(dir);
  if (!m.ok()) return out;
  for (const auto& t : gen::list_templates(dir / m.value().templates))
    out.push_back(m.value().id + ":" + t.generic_string());
  return out;
}

// body(opts, ctx) or, for the calls that reach a registry, body(opts, ctx, https): the https
// transport of the calling environment, captured here on its JS thread.
template <class F>
Napi::Value async_json(const Napi::CallbackInfo& info, size_t cancel_index, F body) {
  json opts = json_arg(info, 0);
  pack::HttpsTransport https = https_transport_of(info.Env());
  auto work = [opts, body, https](runtime::Context& ctx) -> Result<std::string> {
    apply_timeout(ctx, opts);
    auto guard = runtime::Runtime::global().arm_deadline(ctx);
    Result<json> r = [&] {
      if constexpr (std::is_invocable_v<F, const json&, runtime::Context&,
                                        const pack::HttpsTransport&>) {
        return body(opts, ctx, https);
      } else {
        return body(opts, ctx);
      }
    }();
    if (!r.ok()) return r.error();
    return r.value().dump();
  };
  return run_async(info.Env(), cancel_id_arg(info, cancel_index), work, &to_js_string);
}

Napi::Value Create(const Napi::CallbackInfo& info) {
  return async_json(info, 1, [](const json& o, runtime::Context&) -> Result<json> {
    fs::path dir = cwd_of(o) / s(o, "dir", s(o, "id"));
    auto files = pack::scaffold_pack(dir, s(o, "id"));
    if (!files.ok()) return files.error();
    return json{{"dir", dir.lexically_normal().generic_string()},
                {"id", s(o, "id")},
                {"files", files.value()}};
  });
}

Napi::Value Lint(const Napi::CallbackInfo& info) {
  return async_json(info, 1, [](const json& o, runtime::Context&) -> Result<json> {
    auto gv = ggen_version(o);
    if (!gv.ok()) return gv.error();
    fs::path dir = cwd_of(o) / s(o, "dir", ".");
    json issues = json::array();
    bool ok = true;
    for (const auto& i : pack::lint_pack(dir, gv.value())) {
      ok = ok && i.severity != "error";
      issues.push_back({{"severity", i.severity},
                        {"code", i.code},
                        {"message", i.message},
                        {"file", i.location.file},
                        {"line", i.location.line},
                        {"column", i.location.column},
                        {"hint", i.hint}});
    }
    json r = {{"dir", dir.lexically_normal().generic_string()}, {"ok", ok}, {"issues", issues}};
    auto m = pack::read_manifest(dir);
    if (m.ok()) {
      r["id"] = m.value().id;
      r["version"] = m.value().version.to_string();
      try {
        r["files"] = pack::pack_files(dir, m.value());
      } catch (const Exception&) {
      }
    }
    return r;
  });
}

Napi::Value Search(const Napi::CallbackInfo& info) {
  return async_json(
      info, 1,
      [](const json& o, runtime::Context& ctx, const pack::HttpsTransport& https) -> Result<json> {
        fs::path ws = pack::find_workspace(cwd_of(o));
        auto reg = registry_of(o, ws, https);
        if (!reg.ok()) return reg.error();
        auto index = pack::fetch_index(reg.value(), ctx);
        if (!index.ok()) return index.error();
        json results = json::array();
        for (const auto& h : pack::search(index.value(), s(o, "query"))) {
          results.push_back({{"id", h.pack->id},
                             {"name", h.pack->name},
                             {"version", h.pack->latest().version.to_string()},
                             {"description", h.pack->description},
                             {"keywords", h.pack->keywords},
                             {"score", h.score},
                             {"matched", h.matched}});
        }
        return json{
            {"registry", reg.value().location}, {"query", s(o, "query")}, {"results", results}};
      });
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  return async_json(
      info, 1,
      [](const json& o, runtime::Context& ctx, const pack::HttpsTransport& https) -> Result<json> {
        fs::path ws = pack::find_workspace(cwd_of(o));
        auto reg = registry_of(o, ws, https);
        if (!reg.ok()) return reg.error();
        auto index = pack::fetch_index(reg.value(), ctx);
        if (!index.ok()) return index.error();
        std::string id = s(o, "id");
        auto it = index.value().packs.find(id);
        if (it == index.value().packs.end()) {
          return Error(std::string(codes::kNotFound),
                       "pack `" + id + "` is not in the registry " + reg.value().location)
              .with_hint("`ggen marketplace search` lists what the registry holds");
        }
        const auto& p = it->second;
        json versions = json::array();
        for (auto v = p.versions.rbegin(); v != p.versions.rend(); ++v) {
          versions.push_back({{"version", v->version.to_string()},
                              {"archive", v->archive},
                              {"sha256", v->sha256},
                              {"size", v->size},
                              {"ggen", v->ggen},
                              {"dependencies", v->dependencies}});
        }
        json r = {{"registry", reg.value().location},
                  {"id", p.id},
                  {"name", p.name},
                  {"description", p.description},
                  {"keywords", p.keywords},
                  {"license", p.license},
                  {"latest", p.latest().version.to_string()},
                  {"versions", versions},
                  {"installed", nullptr},
                  {"templates", json::array()}};
        auto lock = pack::read_lock(ws);
        if (lock.ok() && lock.value().packs.count(id)) {
          const auto& v = lock.value().packs.at(id).version;
          r["installed"] = v.to_string();
          r["templates"] = templates_of(pack::pack_dir(ws, id, v));
        }
        return r;
      });
}

// Install and update differ only in the store operation and the argument naming the pack: both
// need the workspace, its registry and the ggen version the pack must accept.
template <typename Op>
Napi::Value change_from_registry(const Napi::CallbackInfo& info, const char* key, Op op) {
  return async_json(info, 1,
                    [key, op](const json& o, runtime::Context& ctx,
                              const pack::HttpsTransport& https) -> Result<json> {
                      auto gv = ggen_version(o);
                      if (!gv.ok()) return gv.error();
                      fs::path ws = pack::find_workspace(cwd_of(o));
                      auto reg = registry_of(o, ws, https);
                      if (!reg.ok()) return reg.error();
                      auto r = op(ws, reg.value(), s(o, key), gv.value(), ctx);
                      if (!r.ok()) return r.error();
                      return report_json(ws, r.value());
                    });
}

Napi::Value Install(const Napi::CallbackInfo& info) {
  return change_from_registry(info, "spec", [](auto&&... a) { return pack::install(a...); });
}

Napi::Value Update(const Napi::CallbackInfo& info) {
  return change_from_registry(info, "id", [](auto&&... a) { return pack::update(a...); });
}

Napi::Value Remove(const Napi::CallbackInfo& info) {
  return async_json(info, 1, [](const json& o, runtime::Context&) -> Result<json> {
    fs::path ws = pack::find_workspace(cwd_of(o));
    auto r = pack::remove(ws, s(o, "id"));
    if (!r.ok()) return r.error();
    return report_json(ws, r.value());
  });
}

Napi::Value List(const Napi::CallbackInfo& info) {
  return async_json(info, 1, [](const json& o, runtime::Context&) -> Result<json> {
    fs::path ws = pack::find_workspace(cwd_of(o));
    auto lock = pack::read_lock(ws);
    if (!lock.ok()) return lock.error();
    json packs = json::array();
    for (const auto& [id, p] : lock.value().packs) {
      fs::path dir = pack::pack_dir(ws, id, p.version);
      std::error_code ec;
      auto req = lock.value().requested.find(id);
      packs.push_back(
          {{"id", id},
           {"version", p.version.to_string()},
           {"requested", req == lock.value().requested.end() ? json(nullptr) : json(req->second)},
           {"path", dir.lexically_relative(ws).generic_string()},
           {"present", fs::is_directory(dir, ec)},
           {"templates", templates_of(dir)}});
    }
    return json{{"workspace", ws.generic_string()}, {"packs", packs}};
  });
}

Napi::Value Publish(const Napi::CallbackInfo& info) {
  return async_json(info, 1, [](const json& o, runtime::Context&) -> Result<json> {
    auto gv = ggen_version(o);
    if (!gv.ok()) return gv.error();
    std::string reg = s(o, "registry");
    if (reg.empty())
      return Error(std::string(pack::kNoRegistry), "publish needs --registry <folder>");
    if (reg.starts_with("http://") || reg.starts_with("https://")) {
      return Error(std::string(codes::kInvalidArgument),
                   "publish writes into a registry folder, not a URL")
          .with_hint("publish into the folder your web server serves");
    }
    auto r = pack::publish(cwd_of(o) / s(o, "dir", "."), cwd_of(o) / reg, gv.value());
    if (!r.ok()) return r.error();
    const auto& p = r.value();
    return json{{"id", p.id},
                {"version", p.version},
                {"archive", p.archive},
                {"sha256", p.sha256},
                {"size", p.size},
                {"unchanged", p.unchanged},
                {"files", p.files},
                {"registry", (cwd_of(o) / reg).lexically_normal().generic_string()}};
  });
}

// Synchronous: reads one small lock file; used while normalising template arguments.
Napi::Value ResolveTemplate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsString()) {
    throw Napi::TypeError::New(env, "resolveTemplate(cwd, ref)");
  }
  std::string ref = info[1].As<Napi::String>().Utf8Value();
  if (!pack::is_template_ref(ref)) return env.Null();
  fs::path ws = pack::find_workspace(info[0].As<Napi::String>().Utf8Value());
  auto r = pack::resolve_template_ref(ws, ref);
  if (!r.ok()) throw to_js_error(env, r.error());
  return Napi::String::New(env, r.value().generic_string());
}

// setHttpsFetcher(fetcher): lib/ registers Node's fetch for this environment's https requests.
Napi::Value SetHttpsFetcher(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsFunction()) {
    throw Napi::TypeError::New(info.Env(), "setHttpsFetcher(fetcher)");
  }
  set_https_fetcher(info.Env(), info[0].As<Napi::Function>());
  return info.Env().Undefined();
}

}  // namespace

void register_pack(Napi::Env env, Napi::Object exports) {
  // ggen.toml [generate] packs: project runs resolve installed packs through ggen.lock.
  gen::set_pack_resolver(&pack::project_pack_templates);
  Napi::Object p = Napi::Object::New(env);
  p.Set("create", Napi::Function::New(env, Create, "create"));
  p.Set("lint", Napi::Function::New(env, Lint, "lint"));
  p.Set("resolveTemplate", Napi::Function::New(env, ResolveTemplate, "resolveTemplate"));
  exports.Set("pack", p);
  Napi::Object m = Napi::Object::New(env);
  m.Set("search", Napi::Function::New(env, Search, "search"));
  m.Set("info", Napi::Function::New(env, Info, "info"));
  m.Set("install", Napi::Function::New(env, Install, "install"));
  m.Set("update", Napi::Function::New(env, Update, "update"));
  m.Set("remove", Napi::Function::New(env, Remove, "remove"));
  m.Set("list", Napi::Function::New(env, List, "list"));
  m.Set("publish", Napi::Function::New(env, Publish, "publish"));
  m.Set("setHttpsFetcher", Napi::Function::New(env, SetHttpsFetcher, "setHttpsFetcher"));
  exports.Set("marketplace", m);
}

}  // namespace ggen::binding
