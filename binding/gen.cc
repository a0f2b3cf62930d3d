// The generation calls: plan, generate (plan + apply, or a dry run / check), apply a saved plan.
#include <map>
#include <mutex>

#include "ggen/gen/generate.h"
#include "ggen/gen/project.h"
#include "ggen/gen/session.h"
#include "ggen/gen/tree.h"
#include "ggen/gen/validate.h"
#include "ggen/gen/vars.h"
#include "ggen/sparql/engine.h"
#include "json_call.h"
#include "nouns.h"
#include "progress.h"

namespace ggen::binding {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::vector<fs::path> paths(const json& j, const char* key) {
  std::vector<fs::path> out;
  if (j.contains(key) && j[key].is_array()) {
    for (const auto& p : j[key]) out.emplace_back(p.get<std::string>());
  }
  return out;
}

std::string str(const json& j, const char* key, std::string fallback = {}) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : fallback;
}

// `cache`, when given, receives the project's [cache] settings.
// The call's variables over `base`: base < vars files < the vars object < --var assignments.
Result<tmpl::Value> with_call_vars(tmpl::Value base, const json& j) {
  for (const auto& f : paths(j, "varsFiles")) {
    auto fv = gen::vars_from_file(f.string());
    if (!fv.ok()) return fv.error();
    base = gen::merge_vars(base, fv.value());
  }
  if (j.contains("vars") && j["vars"].is_object())
    base = gen::merge_vars(base, tmpl::Value::from_json(j["vars"]));
  if (j.contains("varAssignments")) {
    auto av = gen::vars_from_assignments(j["varAssignments"].get<std::vector<std::string>>());
    if (!av.ok()) return av.error();
    base = gen::merge_vars(base, av.value());
  }
  return base;
}

Result<gen::GenerateOptions> options_from_json(const json& j, gen::CacheSettings* cache = nullptr) {
  gen::GenerateOptions o;
  tmpl::Value vars(tmpl::Object{});
  if (j.contains("project") && j["project"].is_string()) {
    // A project: ggen.toml says what to run; the call may override the output and add data.
    auto p = gen::load_project(j["project"].get<std::string>());
    if (!p.ok()) return p.error();
    if (cache) *cache = p.value().cache;
    o = std::move(p.value().options);
    vars = o.vars;
    if (j.contains("output") && j["output"].is_string())
      o.output_dir = j["output"].get<std::string>();
    for (auto& g : paths(j, "graphs")) o.graphs.push_back(g);
    if (j.contains("templates") && j["templates"].is_array() && !j["templates"].empty())
      o.templates = paths(j, "templates");
  } else {
    o.root = str(j, "root", fs::current_path().string());
    o.templates_dir = str(j, "templatesDir");
    o.templates = paths(j, "templates");
    o.output_dir = str(j, "output", ".");
    o.graphs = paths(j, "graphs");
    if (j.contains("prefixes") && j["prefixes"].is_object()) {
      for (auto& [k, v] : j["prefixes"].items()) o.prefixes.emplace_back(k, v.get<std::string>());
      std::sort(o.prefixes.begin(), o.prefixes.end());
    }
    o.base = str(j, "base");
    o.engine.trim_blocks = j.value("trimBlocks", false);
    o.engine.lstrip_blocks = j.value("lstripBlocks", false);
    o.engine.autoescape = false;  // generated code is not HTML unless a template escapes itself
    if (j.contains("projectVars")) vars = tmpl::Value::from_json(j["projectVars"]);
  }
  auto merged = with_call_vars(std::move(vars), j);
  if (!merged.ok()) return merged.error();
  o.vars = std::move(merged).value();
  o.force = j.value("force", false);
  o.allow_shell = j.value("allowShell", false);
  if (j.value("jobs", 0) > 0) o.jobs = j.value("jobs", 0);
  o.keep_going = j.value("keepGoing", false);
  o.preview = j.value("preview", false);
  return o;
}

// Generation through a gen::Session when the call says `cache: true` or ggen.toml's [cache]
// says `persistent = true`: one session per (project root, budget) for the process, so repeated
// calls reuse memory; persistent ones keep <root>/.ggen/cache/ too.
std::shared_ptr<gen::Session> session_for(const json& opts, const gen::GenerateOptions& o,
                                          const gen::CacheSettings& settings) {
  bool asked = opts.value("cache", false);
  if (!asked && !settings.persistent) return nullptr;
  std::error_code ec;
  fs::path root = fs::absolute(o.root.empty() ? fs::current_path(ec) : o.root, ec);
  gen::SessionOptions so;
  so.memory_budget = settings.memory;
  so.persistent_dir = root / ".ggen" / "cache";
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<gen::Session>> sessions;
  std::lock_guard lock(mu);
  auto& s = sessions[root.generic_string() + "\n" + std::to_string(so.memory_budget)];
  if (!s) s = std::make_shared<gen::Session>(so);
  return s;
}

void add_cache_report(json& r, const gen::Session* session) {
  if (!session) return;
  json caches = json::array();
  for (const auto& c : session->stats()) {
    caches.push_back({{"name", c.name},
                      {"entries", c.entries},
                      {"bytes", c.bytes},
                      {"hits", c.hits},
                      {"misses", c.misses}});
  }
  r["cache"] = caches;
  r["cacheWarnings"] = session->warnings();
}

json report_json(const gen::Plan& plan, const char* mode) {
  json r;
  r["mode"] = mode;
  r["plan"] = gen::plan_to_json(plan, false);
  return r;
}

// After planning: a dry run / check report, or apply and report.
Result<std::string> conclude(Result<gen::Plan> plan, const json& opts, runtime::Context& ctx,
                             const gen::Session* session = nullptr) {
  if (!plan.ok()) return plan.error();
  bool dry = opts.value("dryRun", false);
  bool check = opts.value("check", false);
  if (dry || check) {
    json r = report_json(plan.value(), check ? "check" : "dry-run");
    r["diff"] = gen::plan_diff(plan.value());
    r["stat"] = gen::plan_stat(plan.value());
    json changed = json::array();
    for (const auto& out : plan.value().outputs) {
      if (out.writes()) changed.push_back(out.path);
    }
    r["changed"] = changed;
    add_cache_report(r, session);
    return r.dump();
  }
  gen::ApplyOptions ao;
  ao.jobs = opts.value("jobs", 0) > 0 ? opts.value("jobs", 0) : 0;  // --jobs bounds staging too
  if (opts.contains("shellTimeoutMs"))
    ao.shell_timeout = std::chrono::milliseconds(opts["shellTimeoutMs"].get<int64_t>());
  auto applied = gen::apply_plan(plan.value(), ao, ctx);
  if (!applied.ok()) return applied.error();
  json r = report_json(plan.value(), "apply");
  r["written"] = applied.value().written;
  r["deleted"] = applied.value().deleted;
  r["backups"] = applied.value().backups;
  r["shell"] = gen::shell_runs_to_json(applied.value().shell);
  add_cache_report(r, session);
  return r.dump();
}

// The frame every long project call shares: progress forwarded to the optional JS callback
// (argument 2) and closed when the work ends, whatever the outcome; the caller's timeout armed
// as the context's deadline; the cancel id in argument 1.
template <typename Body>
Napi::Value run_project_call(const Napi::CallbackInfo& info, json opts, Body body) {
  auto progress =
      ProgressForwarder::create(info.Env(), info.Length() > 2 ? info[2] : info.Env().Undefined());
  auto work = [opts = std::move(opts), progress,
               body = std::move(body)](runtime::Context& ctx) -> Result<std::string> {
    ctx.progress = ProgressForwarder::sink(progress);
    struct Close {
      std::shared_ptr<ProgressForwarder> p;
      ~Close() {
        if (p) p->close();
      }
    } close{progress};
    apply_timeout(ctx, opts);
    auto guard = runtime::Runtime::global().arm_deadline(ctx);
    return body(opts, ctx);
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &to_js_string);
}

Napi::Value Generate(const Napi::CallbackInfo& info) {
  return run_project_call(
      info, json_arg(info, 0), [](const json& opts, runtime::Context& ctx) -> Result<std::string> {
        gen::CacheSettings settings;
        auto o = options_from_json(opts, &settings);
        if (!o.ok()) return o.error();
        auto session = session_for(opts, o.value(), settings);
        if (session) return conclude(session->plan(o.value(), ctx), opts, ctx, session.get());
        return conclude(gen::make_plan(o.value(), ctx), opts, ctx);
      });
}

Napi::Value Plan(const Napi::CallbackInfo& info) {
  return run_project_call(info, json_arg(info, 0),
                          [](const json& opts, runtime::Context& ctx) -> Result<std::string> {
                            auto o = options_from_json(opts);
                            if (!o.ok()) return o.error();
                            auto plan = gen::make_plan(o.value(), ctx);
                            if (!plan.ok()) return plan.error();
                            json j = gen::plan_to_json(plan.value(), true);
                            j["diff"] = gen::plan_diff(plan.value());
                            return j.dump();
                          });
}

Napi::Value Apply(const Napi::CallbackInfo& info) {
  json plan_json = json_arg(info, 0);
  json opts = json_arg(info, 1);
  auto work = [plan_json, opts](runtime::Context& ctx) -> Result<std::string> {
    apply_timeout(ctx, opts);
    auto guard = runtime::Runtime::global().arm_deadline(ctx);
    auto plan = gen::plan_from_json(plan_json);
    if (!plan.ok()) return plan.error();
    gen::ApplyOptions ao;
    ao.check_stale = opts.value("checkStale", true);
    auto applied = gen::apply_plan(plan.value(), ao, ctx);
    if (!applied.ok()) return applied.error();
    json r;
    r["mode"] = "apply";
    r["plan"] = gen::plan_to_json(plan.value(), false);
    r["written"] = applied.value().written;
    r["backups"] = applied.value().backups;
    return r.dump();
  };
  return run_async(info.Env(), cancel_id_arg(info, 2), work, &to_js_string);
}

Napi::Value ProjectInfo(const Napi::CallbackInfo& info) {
  json opts = json_arg(info, 0);
  auto work = [opts](runtime::Context&) -> Result<std::string> {
    auto p = gen::load_project(str(opts, "dir", "."));
    if (!p.ok()) return p.error();
    const auto& o = p.value().options;
    json j;
    j["root"] = p.value().root.generic_string();
    j["config"] = p.value().config.generic_string();
    j["name"] = p.value().name;
    j["description"] = p.value().description;
    j["templatesDir"] = o.templates_dir.generic_string();
    j["output"] = o.output_dir.generic_string();
    json t = json::array(), g = json::array();
    for (const auto& x : o.templates) t.push_back(x.generic_string());
    for (const auto& x : o.graphs) g.push_back(x.generic_string());
    j["templates"] = t;
    j["graphs"] = g;
    j["vars"] = o.vars.to_nlohmann();
    return j.dump();
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &to_js_string);
}

Napi::Value Tree(const Napi::CallbackInfo& info) {
  json opts = json_arg(info, 0);
  auto work = [opts](runtime::Context& ctx) -> Result<std::string> {
    apply_timeout(ctx, opts);
    auto guard = runtime::Runtime::global().arm_deadline(ctx);
    json j = opts;
    j["templates"] = json::array();
    auto o = options_from_json(j);
    if (!o.ok()) return o.error();
    return conclude(gen::plan_tree(str(opts, "spec"), o.value(), ctx), opts, ctx);
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &to_js_string);
}

Napi::Value Scaffold(const Napi::CallbackInfo& info) {
  json opts = json_arg(info, 0);
  auto work = [opts](runtime::Context& ctx) -> Result<std::string> {
    json j = opts;
    j["templates"] = json::array();
    auto o = options_from_json(j);
    if (!o.ok()) return o.error();
    return conclude(gen::plan_scaffold(str(opts, "from"), o.value(), ctx), opts, ctx);
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &to_js_string);
}

// Validation without writing: every diagnostic of the project at once.
Napi::Value Validate(const Napi::CallbackInfo& info) {
  return run_project_call(info, json_arg(info, 0),
                          [](const json& opts, runtime::Context& ctx) -> Result<std::string> {
                            auto vars = with_call_vars(tmpl::Value(tmpl::Object{}), opts);
                            if (!vars.ok()) return vars.error();
                            gen::ProjectOverrides extra;
                            extra.vars = std::move(vars).value();
                            extra.graphs = paths(opts, "graphs");
                            extra.allow_shell = opts.value("allowShell", false);
                            if (opts.value("jobs", 0) > 0) extra.jobs = opts.value("jobs", 0);
                            auto v = gen::validate_project(str(opts, "project", "."), extra, ctx);
                            if (!v.ok()) return v.error();
                            return gen::validation_to_json(v.value()).dump();
                          });
}

// The process-wide SPARQL caches' counters (parsed queries, results), for --metrics.
Napi::Value CacheStats(const Napi::CallbackInfo& info) {
  sparql::CacheStats s = sparql::cache_stats();
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("queryParseHits", static_cast<double>(s.parse_hits));
  o.Set("queryParseMisses", static_cast<double>(s.parse_misses));
  o.Set("queryResultHits", static_cast<double>(s.result_hits));
  o.Set("queryResultMisses", static_cast<double>(s.result_misses));
  return o;
}

}  // namespace

void register_gen(Napi::Env env, Napi::Object exports) {
  Napi::Object g = Napi::Object::New(env);
  g.Set("generate", Napi::Function::New(env, Generate, "generate"));
  g.Set("plan", Napi::Function::New(env, Plan, "plan"));
  g.Set("apply", Napi::Function::New(env, Apply, "apply"));
  g.Set("tree", Napi::Function::New(env, Tree, "tree"));
  g.Set("scaffold", Napi::Function::New(env, Scaffold, "scaffold"));
  g.Set("validate", Napi::Function::New(env, Validate, "validate"));
  g.Set("cacheStats", Napi::Function::New(env, CacheStats, "cacheStats"));
  g.Set("projectInfo", Napi::Function::New(env, ProjectInfo, "projectInfo"));
  exports.Set("gen", g);
}

}  // namespace ggen::binding
