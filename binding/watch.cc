// ggen.watch(): a long-lived native watcher. start() resolves with a handle (an External);
// events reach JS through the handle's own thread-safe function, which keeps node alive while
// the watcher is open and is released when close() has finished. A cleanup hook, registered
// after that TSFN so it runs before node tears the TSFN down, closes a watcher still open when
// the environment goes away (worker thread exit, extension host reload).
#include <condition_variable>
#include <mutex>

#include "ggen/gen/vars.h"
#include "ggen/watch/watcher.h"
#include "json_call.h"
#include "nouns.h"

namespace ggen::binding {

namespace fs = std::filesystem;
using nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace {

struct EventMsg {
  const char* type;
  std::string json;
};

ojson error_json(const Error& e) {
  ojson j;
  j["code"] = e.code();
  j["message"] = e.message();
  const Location& at = e.location();
  if (!at.file.empty()) j["file"] = at.file;
  if (at.line > 0) j["line"] = at.line;
  if (at.column > 0) j["column"] = at.column;
  if (at.end_line > 0) j["endLine"] = at.end_line;
  if (at.end_column > 0) j["endColumn"] = at.end_column;
  if (!e.hint().empty()) j["hint"] = e.hint();
  if (e.cause() != nullptr) j["cause"] = error_json(*e.cause());
  return j;
}

ojson changes_json(const std::vector<watch::FileChange>& changes, const fs::path& root) {
  ojson a = ojson::array();
  for (const auto& c : changes) {
    a.push_back({{"path", c.path.lexically_relative(root).generic_string()},
                 {"kind", watch::change_kind_name(c.kind)}});
  }
  return a;
}

struct Handle {
  std::shared_ptr<watch::Watcher> watcher;
  fs::path root;
  std::mutex mu;
  napi_threadsafe_function tsfn = nullptr;  // guarded by mu; null once released
  bool hook_ran = false;                    // JS thread only

  void emit(const char* type, std::string payload) {
    std::lock_guard lock(mu);
    if (!tsfn) return;
    auto* msg = new EventMsg{type, std::move(payload)};
    if (napi_call_threadsafe_function(tsfn, msg, napi_tsfn_nonblocking) != napi_ok) delete msg;
  }
  void release(napi_threadsafe_function_release_mode mode) {
    std::lock_guard lock(mu);
    if (!tsfn) return;
    napi_release_threadsafe_function(tsfn, mode);
    tsfn = nullptr;
  }
};

using HandlePtr = std::shared_ptr<Handle>;

// Plain napi calls, no C++ exceptions: while a worker thread is being terminated, JS can no
// longer run and node-addon-api's wrappers would turn the failure into a fatal error.
void call_js(napi_env env, napi_value fn, void*, void* data) {
  std::unique_ptr<EventMsg> msg(static_cast<EventMsg*>(data));
  if (env == nullptr || fn == nullptr || !msg) return;
  napi_value argv[2], global;
  if (napi_create_string_utf8(env, msg->type, NAPI_AUTO_LENGTH, &argv[0]) != napi_ok ||
      napi_create_string_utf8(env, msg->json.data(), msg->json.size(), &argv[1]) != napi_ok ||
      napi_get_global(env, &global) != napi_ok) {
    return;
  }
  if (napi_call_function(env, global, fn, 2, argv, nullptr) != napi_ok) {
    bool pending = false;
    napi_value ignored;
    if (napi_is_exception_pending(env, &pending) == napi_ok && pending) {
      napi_get_and_clear_last_exception(env, &ignored);  // lib's handler never throws
    }
  }
}

// Closes the watcher and waits (bounded) until it is quiet, then drops the TSFN at once.
void cleanup_hook(void* arg) {
  HandlePtr h = *static_cast<HandlePtr*>(arg);
  h->hook_ran = true;
  if (h->watcher) {
    std::mutex m;
    std::condition_variable cv;
    auto done = std::make_shared<bool>(false);
    h->watcher->close([&m, &cv, done] {
      std::lock_guard lock(m);
      *done = true;
      cv.notify_all();
    });
    std::unique_lock lock(m);
    cv.wait_for(lock, std::chrono::seconds(10), [&] { return *done; });
  }
  h->release(napi_tsfn_abort);
}

void finalize_tsfn(napi_env env, void* data, void*) {
  auto* holder = static_cast<HandlePtr*>(data);
  if (!(*holder)->hook_ran) napi_remove_env_cleanup_hook(env, cleanup_hook, holder);
  delete holder;
}

Result<watch::WatchOptions> watch_options(const json& j) {
  watch::WatchOptions o;
  o.project = j.value("project", std::string("."));
  if (j.contains("debounceMs")) {
    if (!j["debounceMs"].is_number() || j["debounceMs"].get<double>() < 0) {
      return Error(std::string(codes::kInvalidArgument),
                   "debounce must be a number of milliseconds >= 0");
    }
    o.debounce = std::chrono::milliseconds(static_cast<int64_t>(j["debounceMs"].get<double>()));
  }
  if (j.contains("output") && j["output"].is_string())
    o.output = fs::path(j["output"].get<std::string>());
  tmpl::Value vars(tmpl::Object{});
  if (j.contains("varsFiles")) {
    for (const auto& f : j["varsFiles"]) {
      auto fv = gen::vars_from_file(f.get<std::string>());
      if (!fv.ok()) return fv.error();
      vars = gen::merge_vars(vars, fv.value());
    }
  }
  if (j.contains("vars") && j["vars"].is_object())
    vars = gen::merge_vars(vars, tmpl::Value::from_json(j["vars"]));
  if (j.contains("varAssignments")) {
    auto av = gen::vars_from_assignments(j["varAssignments"].get<std::vector<std::string>>());
    if (!av.ok()) return av.error();
    vars = gen::merge_vars(vars, av.value());
  }
  o.vars = vars;
  o.force = j.value("force", false);
  o.allow_shell = j.value("allowShell", false);
  o.keep_going = j.value("keepGoing", false);
  if (j.value("jobs", 0) > 0) o.jobs = j.value("jobs", 0);
  if (j.contains("ggen") && j["ggen"].is_array())
    o.ggen = j["ggen"].get<std::vector<std::string>>();
  if (j.contains("shellTimeoutMs"))
    o.shell_timeout = std::chrono::milliseconds(j["shellTimeoutMs"].get<int64_t>());
  return o;
}

watch::WatchEvents events_for(const HandlePtr& h) {
  // The events hold the handle weakly: the watcher must not keep its own handle alive.
  std::weak_ptr<Handle> weak = h;
  watch::WatchEvents ev;
  ev.on_change = [weak](const std::vector<watch::FileChange>& changes) {
    if (auto h = weak.lock())
      h->emit("change", ojson{{"files", changes_json(changes, h->root)}}.dump());
  };
  ev.on_generated = [weak](const watch::Generated& g) {
    auto h = weak.lock();
    if (!h) return;
    ojson r;
    r["seq"] = g.seq;
    r["initial"] = g.initial;
    r["changes"] = changes_json(g.changes, h->root);
    r["elapsedMs"] = g.elapsed_ms;
    r["mode"] = "apply";
    r["plan"] = gen::plan_to_json(g.plan, false);
    r["written"] = g.applied.written;
    r["backups"] = g.applied.backups;
    r["shell"] = gen::shell_runs_to_json(g.applied.shell);
    r["hooks"] = hooks::to_json(g.hooks)["runs"];
    h->emit("generated", r.dump());
  };
  ev.on_error = [weak](const Error& e, uint64_t seq) {
    if (auto h = weak.lock())
      h->emit("error", ojson{{"seq", seq}, {"error", error_json(e)}}.dump());
  };
  return ev;
}

Napi::Value to_handle(Napi::Env env, const HandlePtr& h) {
  ojson info;
  info["root"] = h->root.generic_string();
  auto roots = h->watcher->roots();
  ojson dirs = ojson::array();
  for (const auto& d : roots.template_dirs) dirs.push_back(d.generic_string());
  for (const auto& d : roots.graph_dirs) dirs.push_back(d.generic_string());
  ojson files = ojson::array();
  for (const auto& f : roots.files) files.push_back(f.generic_string());
  info["folders"] = dirs;
  info["files"] = files;
  info["output"] = roots.output.generic_string();
  Napi::Object o = Napi::Object::New(env);
  o.Set("handle", Napi::External<HandlePtr>::New(env, new HandlePtr(h),
                                                 [](Napi::Env, HandlePtr* p) { delete p; }));
  o.Set("info", info.dump());
  return o;
}

// start(json, cancelId, onEvent(type, json)) -> Promise<{ handle, info }>
Napi::Value Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  json opts = json_arg(info, 0);
  if (info.Length() < 3 || !info[2].IsFunction())
    throw Napi::TypeError::New(env, "watch.start needs an event callback");
  auto h = std::make_shared<Handle>();
  auto* holder = new HandlePtr(h);
  napi_value name;
  napi_create_string_utf8(env, "ggen.watch", NAPI_AUTO_LENGTH, &name);
  if (napi_create_threadsafe_function(env, info[2], nullptr, name, 0, 1, holder, finalize_tsfn,
                                      nullptr, call_js, &h->tsfn) != napi_ok) {
    delete holder;
    throw Napi::Error::New(env, "ggen: cannot create the watch event queue");
  }
  napi_add_env_cleanup_hook(env, cleanup_hook, holder);
  auto work = [h, opts](runtime::Context& ctx) -> Result<HandlePtr> {
    auto o = watch_options(opts);
    if (!o.ok()) {
      h->release(napi_tsfn_release);
      return o.error();
    }
    auto w = watch::Watcher::start(o.value(), events_for(h));
    if (!w.ok()) {
      h->release(napi_tsfn_release);
      return w.error();
    }
    h->watcher = w.value();
    h->root = h->watcher->roots().root;
    if (ctx.token.cancelled()) {  // aborted while starting: do not leave it running
      h->watcher->close([h] { h->release(napi_tsfn_release); });
      return ctx.token.reason();
    }
    return h;
  };
  return run_async(env, cancel_id_arg(info, 1), work, &to_handle);
}

struct Closed final : Completion {
  void settle(Napi::Env env) override { napi_resolve_deferred(env, deferred, env.Undefined()); }
};

// close(handle) -> Promise<void>, settled once no event will follow.
Napi::Value Close(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsExternal())
    throw Napi::TypeError::New(env, "watch.close needs a handle");
  HandlePtr h = *info[0].As<Napi::External<HandlePtr>>().Data();
  napi_value promise;
  auto op = std::make_unique<Closed>();
  napi_create_promise(env, &op->deferred, &promise);
  EnvState& state = EnvState::of(env);
  runtime::CancellationToken unused;
  state.begin(*op, unused);
  auto* raw = op.release();
  auto finish = [h, raw, self = state.shared_from_this()] {
    h->release(napi_tsfn_release);
    self->complete(std::unique_ptr<Completion>(raw));
  };
  if (h->watcher) {
    h->watcher->close(finish);
  } else {
    finish();
  }
  return Napi::Value(env, promise);
}

}  // namespace

void register_watch(Napi::Env env, Napi::Object exports) {
  Napi::Object w = Napi::Object::New(env);
  w.Set("start", Napi::Function::New(env, Start, "start"));
  w.Set("close", Napi::Function::New(env, Close, "close"));
  exports.Set("watch", w);
}

}  // namespace ggen::binding
