// Session::plan: make_plan over the session's caches and the dependency graph of the previous
// plan. An output is reused as it was when its template, the templates that one reads, the
// options, and every file it read (graphs, rdf:, from:) hash as they did; otherwise its
// template runs again, with each query answered from the cache when the graph's hash and the
// query text match, and its rendering skipped when the query results hash as before.
#include "ggen/gen/session.h"

#include <atomic>
#include <set>

#include "ggen/cache/file_hash.h"
#include "ggen/gen/sparql_context.h"
#include "ggen/rdf/loader.h"
#include "ggen/runtime/parallel.h"
#include "session_internal.h"

namespace ggen::gen {

namespace fs = std::filesystem;
using namespace session;

namespace {

// Part of every key: bump it when what a key covers or a payload's layout changes.
constexpr std::string_view kSalt = "ggen-session-1";

std::string abs_key(const fs::path& p) {
  if (p.empty()) return {};
  std::error_code ec;
  return fs::absolute(p, ec).lexically_normal().generic_string();
}

std::string options_key(const GenerateOptions& o, const fs::path& root) {
  std::string s(kSalt);
  auto add = [&](std::string_view v) {
    s += v;
    s += '\0';
  };
  add(root.generic_string());
  add(abs_key(o.templates_dir));
  add(abs_key(o.output_dir));
  for (const auto& t : o.templates) add(abs_key(t));
  add("graphs");
  for (const auto& g : o.graphs) add(abs_key(g));
  add("prefixes");
  for (const auto& [p, iri] : o.prefixes) {
    add(p);
    add(iri);
  }
  add(o.base);
  add(o.vars.to_json());
  add(o.engine.autoescape ? (*o.engine.autoescape ? "1" : "0") : "-");
  for (const auto& x : o.engine.autoescape_suffixes) add(x);
  add(o.engine.trim_blocks ? "1" : "0");
  add(o.engine.lstrip_blocks ? "1" : "0");
  return sha256_hex(s);
}

// What a whole previous plan is valid for, besides its files' hashes: the options, what only
// the plan (not the rendering) depends on, and the names of the template files (a template
// added to or removed from the folder changes what runs).
std::string last_plan_key(const std::string& okey, const GenerateOptions& o,
                          const std::vector<std::pair<fs::path, std::string>>& tfiles) {
  std::string s = okey;
  s += o.force ? "\0force" : "\0-";
  s += o.allow_shell ? "\0shell" : "\0-";
  for (const auto& [path, name] : tfiles) s += '\0' + abs_key(path) + '\0' + name;
  return sha256_hex(s);
}

// A file's sha256 by its stat stamp when `stamps` holds a trusted record of it, else read and
// hashed (and recorded). nullopt when it is not a regular file or cannot be read.
std::optional<std::string> stamped_sha(const std::string& path, cache::FileHashes& stamps,
                                       const runtime::Context& ctx) {
  const int64_t taken = cache::now_ns();  // before the stat: see FileHashes::trusted
  auto stamp = cache::stamp_of(path);
  if (!stamp) return std::nullopt;
  if (auto known = stamps.lookup(path, *stamp)) return known;
  auto h = cache::hash_file(path, [&ctx] { ctx.check(); });
  if (!h.ok()) return std::nullopt;
  stamps.record(path, *stamp, h.value(), taken);
  return std::move(h).value();
}

// The files one plan looks at. A file the watcher did not name in `changed` keeps the hash the
// previous plan saw (no read); any other is hashed, unless its stat stamp matches a trusted
// record of `stamps` (cache/file_hash.h: same-size edits within a timestamp tick are caught).
class Files {
 public:
  Files(const std::map<std::string, std::string>& previous, const std::vector<fs::path>* changed,
        cache::FileHashes& stamps, const runtime::Context& ctx)
      : previous_(previous), stamps_(stamps), ctx_(ctx) {
    if (changed) {
      changed_.emplace();
      for (const auto& p : *changed) changed_->insert(abs_key(p));
    }
  }

  // The file's sha256, or nullopt when it cannot be read. Raises on cancellation.
  std::optional<std::string> sha(const fs::path& p) {
    std::string k = abs_key(p);
    if (auto it = now.find(k); it != now.end()) return it->second;
    if (changed_ && !changed_->count(k)) {
      if (auto it = previous_.find(k); it != previous_.end()) return now[k] = it->second;
    }
    auto h = stamped_sha(k, stamps_, ctx_);
    if (!h) return std::nullopt;
    return now[k] = std::move(*h);
  }

  // The file's text, which must still hash as sha() said: a graph saved again since is not
  // parsed under its old hash (the next run or the watcher's next event picks it up).
  Result<std::string> text(const fs::path& p, const std::string& display) {
    auto text = detail::read_graph(p, display, &ctx_);
    if (!text.ok()) return text;
    std::string k = abs_key(p);
    std::lock_guard lock(mu_);
    auto it = now.find(k);
    if (it != now.end() && sha256_hex(text.value()) != it->second) {
      return Error(std::string(codes::kIo), "the graph " + display + " changed while it was read")
          .with_hint("run again (a watcher does so on its next event)");
    }
    return text;
  }

  std::map<std::string, std::string> now;  // absolute path -> sha256

 private:
  const std::map<std::string, std::string>& previous_;
  std::optional<std::set<std::string>> changed_;
  cache::FileHashes& stamps_;
  const runtime::Context& ctx_;
  std::mutex mu_;
};

}  // namespace

struct Session::Impl {
  // What one template produced last time, and what that depended on.
  struct Memo {
    std::string unit_key;
    std::map<std::string, std::string> deps;  // absolute path -> sha256 of every file it read
    std::vector<detail::Rendered> outputs;
    std::map<std::string, std::string> inputs;  // for plan.inputs (display -> sha256)
  };

  SessionOptions options;
  cache::Lru lru;
  std::unique_ptr<cache::DiskCache> disk;
  bool disk_loaded = false;
  std::set<std::string> known;  // graph keys that parsed without error
  cache::FileHashes stamps;     // file hashes by stat stamp (persisted with the disk cache)
  std::mutex known_mu;

  std::mutex plan_mu;           // one plan at a time
  mutable std::mutex state_mu;  // the fields below, read by stats()/watched_inputs()/warnings()
  std::map<std::string, std::string> file_sha;  // absolute path -> sha256, as last read
  std::map<std::string, Memo> memo;             // template (absolute path) -> last outputs
  std::vector<fs::path> watched;
  std::vector<std::string> warnings;

  explicit Impl(SessionOptions o) : options(std::move(o)), lru(options.memory_budget) {
    if (options.persistent_dir) disk = std::make_unique<cache::DiskCache>(*options.persistent_dir);
  }

  Result<Plan> plan(const GenerateOptions& o, const runtime::Context& ctx,
                    const std::vector<fs::path>* changed);
  // The stored previous plan, when nothing it depends on changed; it then
  // also saves the cache and sets the session's state, as the end of plan() does.
  std::optional<Plan> replay_last(const std::string& key, const Plan& base, Files& files,
                                  const runtime::Context& ctx, std::vector<std::string>& notes);

  // Writes the persistent cache (abandoned, and left as it was, when ctx is cancelled); a
  // failure is a note in the report, never the run's error.
  void save_disk(const runtime::Context& ctx, std::vector<std::string>& notes) {
    auto saved = disk->save([&ctx] { ctx.check(); });
    if (saved.ok()) {
      stamps.mark_saved();
    } else {
      notes.push_back("the persistent cache was not saved: " + saved.error().message());
    }
  }

  // Every file the last plan read, and ggen.toml. state_mu held.
  void set_watched(const fs::path& root) {
    std::error_code ec;
    watched.clear();
    for (const auto& [path, sha] : file_sha) watched.emplace_back(path);
    fs::path config = root / "ggen.toml";
    if (fs::is_regular_file(config, ec) && !file_sha.count(abs_key(config)))
      watched.push_back(config);
    std::sort(watched.begin(), watched.end());
  }

  // Whatever failed, the next plan starts from hashes, not from this plan's bookkeeping.
  Error forget(Error e, std::vector<std::string> notes) {
    std::lock_guard lock(state_mu);
    memo.clear();
    file_sha.clear();
    warnings = std::move(notes);
    return e;
  }
};

Result<Plan> Session::Impl::plan(const GenerateOptions& o, const runtime::Context& ctx,
                                 const std::vector<fs::path>* changed) {
  std::lock_guard plan_lock(plan_mu);
  std::vector<std::string> notes;
  if (disk) {
    if (!disk_loaded) {
      ctx.report({"cache", 0, 1});
      disk->load([&ctx] { ctx.check(); });
      disk_loaded = true;
      notes = disk->warnings();
      if (auto table = disk->find("files", "stamps")) {
        if (auto parsed = cache::FileHashes::parse(*table)) stamps = std::move(*parsed);
      }
    }
    disk->begin_run();
  }
  Plan plan;
  std::error_code ec;
  plan.root = o.root.empty() ? fs::current_path(ec) : fs::absolute(o.root, ec);
  plan.output_root = fs::absolute(o.output_dir, ec).lexically_normal();
  plan.allow_shell = o.allow_shell;
  std::map<std::string, std::string> inputs;  // display -> sha256
  std::map<std::string, std::string> previous;
  {
    std::lock_guard lock(state_mu);
    previous = file_sha;
  }
  Files files(previous, changed, stamps, ctx);
  const std::string okey = options_key(o, plan.root);

  // The template files: every file of the templates folder, the installed packs' templates, and
  // the targets that live elsewhere.
  std::vector<std::pair<fs::path, std::string>> tfiles;  // (path, engine name)
  std::set<std::string> listed;
  if (!o.templates_dir.empty()) {
    for (const auto& rel : list_templates(o.templates_dir)) {
      tfiles.emplace_back(o.templates_dir / rel, rel.generic_string());
      listed.insert(abs_key(o.templates_dir / rel));
    }
  }
  for (auto& [p, name] : pack_template_files(o)) {  // installed packs: "<pack-id>:<path>"
    listed.insert(abs_key(p));
    tfiles.emplace_back(std::move(p), std::move(name));
  }
  for (const auto& t : o.templates) {
    if (!listed.count(abs_key(t))) tfiles.emplace_back(t, t.filename().generic_string());
  }
  // Nothing changed since the last plan (every input hashes the same, the output folder is as
  // that plan left it): that plan again, without loading a template or reading a graph.
  const std::string fast_key = last_plan_key(okey, o, tfiles);
  if (disk && !changed && !o.preview) {
    if (auto replayed = replay_last(fast_key, plan, files, ctx, notes)) {
      ctx.report({"planned", replayed->outputs.size(), replayed->outputs.size()});
      return std::move(*replayed);
    }
  }

  // The shared graph: named by its files' hashes, parsed only when something needs it.
  std::vector<std::pair<fs::path, std::string>> graphs;  // (path, display)
  std::string gk(kSalt);
  for (size_t i = 0; i < o.graphs.size(); ++i) {
    const fs::path& g = o.graphs[i];
    ctx.report({"hashing", i, o.graphs.size()});
    ctx.check();
    std::string display = detail::display_path(plan.root, g);
    auto sha = files.sha(g);
    if (!sha) return forget(detail::read_graph(g, display).error(), notes);
    inputs[display] = *sha;
    gk += display + '\0' + *sha + '\0';
    graphs.emplace_back(g, display);
  }
  const std::string shared_key = sha256_hex(gk);
  std::shared_ptr<const rdf::Store> shared_store;
  std::mutex shared_mu;
  std::function<const rdf::Store&()> shared = [&]() -> const rdf::Store& {
    std::lock_guard lock(shared_mu);
    if (shared_store) return *shared_store;
    if (auto hit = lru.get<rdf::Store>(kGraphs, shared_key)) return *(shared_store = hit);
    auto store = std::make_shared<rdf::Store>();
    for (size_t i = 0; i < graphs.size(); ++i) {
      const auto& [g, display] = graphs[i];
      ctx.report({"parsing", i, graphs.size()});
      ctx.check();
      auto text = files.text(g, display);
      if (!text.ok()) raise(text.error());
      auto parsed = detail::load_graph_text(*store, g, display, text.value(), &ctx);
      if (!parsed.ok()) raise(parsed.error());
    }
    lru.put<rdf::Store>(kGraphs, shared_key, store, store->memory_usage().total());
    return *(shared_store = store);
  };
  Caches probe(lru, disk.get(), known, known_mu);
  if (!probe.graph_known(shared_key)) {
    try {
      shared();
    } catch (const Exception& e) {
      return forget(e.error(), notes);
    }
    probe.graph_ok(shared_key);
  }

  // The templates, loaded into one engine, reused while every file hashes the same.
  std::map<std::string, std::string> name_to_path;
  std::string tk = okey;
  bool readable = true;
  for (size_t i = 0; i < tfiles.size(); ++i) {
    const auto& [path, name] = tfiles[i];
    ctx.report({"hashing", o.graphs.size() + i, o.graphs.size() + tfiles.size()});
    ctx.check();
    auto sha = files.sha(path);
    if (!sha) {
      readable = false;
      continue;
    }
    inputs[detail::display_path(o.root, path)] = *sha;
    name_to_path[name] = abs_key(path);
    tk += '\0' + name + '\0' + abs_key(path) + '\0' + *sha;
  }
  const std::string templates_key = sha256_hex(tk);
  std::shared_ptr<const TemplateSet> set;
  if (readable) set = lru.get<TemplateSet>(kTemplates, templates_key);
  if (!set) {
    auto fresh = std::make_shared<TemplateSet>();
    fresh->engine = tmpl::Engine(o.engine);
    register_generation_functions(fresh->engine);
    detail::InputLog read;
    auto loaded = detail::load_templates(o, fresh->engine, read, &ctx);
    if (!loaded.ok()) return forget(loaded.error(), notes);
    fresh->loaded = std::move(loaded).value();
    analyse(*fresh, name_to_path);
    size_t bytes = 4096;
    for (const auto& [display, sha] : read.hashes) inputs[display] = sha;
    for (const auto& n : fresh->engine.template_names()) {
      auto src = fresh->engine.source(n);
      bytes += 8 * (src ? src->size() : 0) + 512;  // source, AST and frontmatter, roughly
    }
    fresh->bytes = bytes;
    if (readable) lru.put<TemplateSet>(kTemplates, templates_key, fresh, bytes);
    set = fresh;
  }
  const auto& units = set->loaded.units;
  if (auto shell = detail::check_shell(units, o); !shell.ok()) return forget(shell.error(), notes);
  ctx.report({"loaded", units.size(), units.size()});

  // The dependency graph: a template whose key and every file it read are unchanged keeps its
  // outputs of last time without running.
  OutputRoot out_root(o.output_dir);
  std::vector<std::string> unit_keys(units.size());
  std::vector<const Memo*> reuse(units.size(), nullptr);
  {
    std::lock_guard lock(state_mu);
    for (size_t i = 0; i < units.size(); ++i) {
      std::string uk = okey;
      for (const auto& path : set->closure[i]) uk += '\0' + path + '\0' + files.now[path];
      unit_keys[i] = sha256_hex(uk);
      auto m = memo.find(abs_key(units[i].path));
      if (m == memo.end() || m->second.unit_key != unit_keys[i]) continue;
      bool same = true;
      for (const auto& [path, sha] : m->second.deps) {
        auto now = files.sha(path);
        if (!now || *now != sha) {
          same = false;
          break;
        }
      }
      // Reused outputs must still land inside the output folder (see still_confined).
      if (same && still_confined(out_root, m->second.outputs)) reuse[i] = &m->second;
    }
  }

  runtime::BoundedOptions bo{o.jobs ? o.jobs : 0, o.keep_going ? runtime::FailMode::kKeepGoing
                                                               : runtime::FailMode::kFailFast};
  std::atomic<uint64_t> done{0};
  std::vector<Memo> fresh(units.size());
  auto results = runtime::parallel_for<std::vector<detail::Rendered>>(
      runtime::Runtime::global(), units.size(),
      [&](size_t i) -> Result<std::vector<detail::Rendered>> {
        Memo& m = fresh[i];
        if (reuse[i]) {
          m = *reuse[i];
        } else {
          Caches c(lru, disk.get(), known, known_mu);
          c.out_root = &out_root;
          c.poll = [&ctx] { ctx.check(); };
          c.unit_key = unit_keys[i];
          c.shared_graph_key = shared_key;
          c.render_reads_graph = set->reads_graph[i];
          detail::InputLog read;
          auto r = detail::render_unit(units[i], o, set->engine, shared, set->loaded.sources, read,
                                       ctx, &c);
          if (!r.ok()) return r.error();
          m.unit_key = unit_keys[i];
          m.outputs = std::move(r).value();
          m.inputs = std::move(read.hashes);
          // Read-only here: every key was filled before the workers started.
          const auto& now = files.now;
          for (const auto& path : set->closure[i]) m.deps[path] = now.at(path);
          for (const auto& [g, display] : graphs) m.deps[abs_key(g)] = inputs.at(display);
          for (const auto& [display, sha] : m.inputs) {
            fs::path p(display);
            m.deps[abs_key(p.is_relative() ? plan.root / p : p)] = sha;
          }
        }
        // A copy per output (the memo keeps its own): polled, as a matrix has thousands.
        std::vector<detail::Rendered> out;
        out.reserve(m.outputs.size());
        for (const auto& r : m.outputs) {
          if (out.size() % 256 == 255) ctx.check();
          out.push_back(r);
          out.back().unit = i;
        }
        ctx.report({"rendered", done.fetch_add(1) + 1, units.size()});
        return out;
      },
      bo, ctx);
  auto rendered = detail::gather(std::move(results), ctx);
  if (!rendered.ok()) return forget(rendered.error(), notes);
  auto decided = detail::decide(plan, units, std::move(rendered).value(), o, &ctx);
  if (!decided.ok()) return forget(decided.error(), notes);
  for (const auto& m : fresh) {
    for (const auto& [display, sha] : m.inputs) inputs[display] = sha;
  }
  plan.inputs = std::move(inputs);

  for (const auto& m : fresh) {
    for (const auto& [path, sha] : m.deps) files.now[path] = sha;
  }
  if (disk) {
    // The whole plan, for a next run in which nothing changed (an empty payload when this plan
    // cannot be replayed: it decodes as nothing).
    std::optional<LastPlan> last;
    auto poll = [&ctx] { ctx.check(); };
    if (!o.preview) last = last_plan_of(plan, fast_key, files.now, poll);
    disk->put("plan", "last", last ? encode_last_plan(*last, poll) : std::string());
    // Entries found damaged while this plan read them (the file was discarded then).
    for (auto& w : disk->warnings()) notes.push_back(std::move(w));
    // The stamps of exactly the files this plan read, for the next process.
    stamps.retain([&](const std::string& path) { return files.now.count(path) > 0; });
    disk->put("files", "stamps", stamps.serialize());
    save_disk(ctx, notes);
  }
  std::lock_guard lock(state_mu);
  memo.clear();
  for (size_t i = 0; i < units.size(); ++i) memo[abs_key(units[i].path)] = std::move(fresh[i]);
  file_sha = files.now;
  set_watched(plan.root);
  warnings = std::move(notes);
  ctx.report({"planned", plan.outputs.size(), plan.outputs.size()});
  return plan;
}

std::optional<Plan> Session::Impl::replay_last(const std::string& key, const Plan& base,
                                               Files& files, const runtime::Context& ctx,
                                               std::vector<std::string>& notes) {
  std::optional<LastPlan> last;
  if (auto payload = disk->find("plan", "last")) last = decode_last_plan(*payload);
  std::set<std::string> targets;
  std::optional<Plan> replayed;
  if (last && last->key == key) {
    replayed = replay(
        *last, base, [&](const std::string& p) { return files.sha(p); },
        [&](const std::string& p) {
          targets.insert(p);
          return stamped_sha(p, stamps, ctx);
        });
  }
  lru.record(kPlans, replayed.has_value());
  if (!replayed) return std::nullopt;
  // This run relied on everything the last one stored: keep it all.
  disk->touch_all();
  for (auto& w : disk->warnings()) notes.push_back(std::move(w));
  stamps.retain(
      [&](const std::string& p) { return files.now.count(p) > 0 || targets.count(p) > 0; });
  if (stamps.changed() || !disk->touch("files", "stamps"))
    disk->put("files", "stamps", stamps.serialize());
  save_disk(ctx, notes);
  std::lock_guard lock(state_mu);
  memo.clear();  // the templates did not run: the next plan checks each by its key
  file_sha = files.now;
  set_watched(base.root);
  warnings = std::move(notes);
  return replayed;
}

Session::Session(SessionOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Session::~Session() = default;

Result<Plan> Session::plan(const GenerateOptions& options, const runtime::Context& ctx,
                           const std::vector<fs::path>* changed) {
  try {
    return impl_->plan(options, ctx, changed);
  } catch (const Exception& e) {
    return impl_->forget(e.error(), {});
  }
}

std::vector<CacheCounters> Session::stats() const {
  std::vector<CacheCounters> out;
  auto all = impl_->lru.counters();
  for (const char* name : {kGraphs, kTemplates, kQueries, kRenders, kPlans}) {
    CacheCounters c;
    c.name = name;
    for (const auto& k : all) {
      if (k.name != name) continue;
      c.entries = k.entries;
      c.bytes = k.bytes;
      c.hits = k.hits;
      c.misses = k.misses;
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<fs::path> Session::watched_inputs() const {
  std::lock_guard lock(impl_->state_mu);
  return impl_->watched;
}

std::vector<std::string> Session::warnings() const {
  std::lock_guard lock(impl_->state_mu);
  return impl_->warnings;
}

}  // namespace ggen::gen
