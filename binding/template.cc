// The template calls: render / renderString (in-memory templates), renderFile, lint, show, list.
// render is the hot path: the payload arrives as one JSON string (JSON.stringify is the cheapest
// way out of V8), copied out as UTF-8, parsed straight into template
// Values on a worker (tmpl::parse_json), and compiled engines are reused across calls that pass
// the same templates and options. The result goes back as an external string (string_transfer.h).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <list>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "ggen/gen/generate.h"
#include "ggen/gen/lint.h"
#include "ggen/template/json_value.h"
#include "json_call.h"
#include "nouns.h"
#include "string_transfer.h"

namespace ggen::binding {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// ---- compiled engines, reused across calls ------------------------------------------------------

// Engines keyed by (options, every name and source). The engine already shares compiled
// templates by content hash; this also skips hashing, registration and the load-time checks for
// the common case of rendering the same templates again with new data.
struct CachedEngine {
  std::string options;
  std::vector<std::pair<std::string, std::string>> templates;  // sorted by name
  std::shared_ptr<const tmpl::Engine> engine;
  // The size of the last output, so the next render reserves once instead of regrowing.
  mutable std::atomic<size_t> size_hint{0};
};

class EngineCache {
 public:
  Result<std::shared_ptr<const CachedEngine>> get(const tmpl::Value& templates,
                                                  const tmpl::Options& o) {
    std::string opts;
    opts += o.autoescape ? (*o.autoescape ? 'y' : 'n') : 'd';
    opts += o.trim_blocks ? 't' : '-';
    opts += o.lstrip_blocks ? 'l' : '-';
    size_t h = std::hash<std::string>()(opts);
    for (const auto& [name, src] : templates.as_object()) {
      if (!src.is_string()) {
        return Error(std::string(codes::kInvalidArgument),
                     "templates['" + name + "'] must be a string");
      }
      h = h * 1099511628211ULL ^ std::hash<std::string>()(name);
      h = h * 1099511628211ULL ^ std::hash<std::string>()(src.as_string());
    }
    {
      std::lock_guard lock(mu_);
      auto it = entries_.find(h);
      if (it != entries_.end() && same(*it->second, opts, templates)) return it->second;
    }
    auto entry = std::make_shared<CachedEngine>();
    auto engine = std::make_shared<tmpl::Engine>(o);
    for (const auto& [name, src] : templates.as_object()) {
      auto added = engine->add(name, src.as_string());
      if (!added.ok()) return added.error();
      entry->templates.emplace_back(name, src.as_string());
    }
    auto checked = engine->check();
    if (!checked.ok()) return checked.error();
    entry->options = std::move(opts);
    entry->engine = std::move(engine);
    std::lock_guard lock(mu_);
    if (entries_.size() >= kMax) entries_.clear();  // a working set this large is not a cache
    entries_[h] = entry;
    return std::shared_ptr<const CachedEngine>(entry);
  }

 private:
  static bool same(const CachedEngine& e, const std::string& opts, const tmpl::Value& templates) {
    const tmpl::Object& t = templates.as_object();
    if (e.options != opts || e.templates.size() != t.size()) return false;
    for (size_t i = 0; i < t.size(); ++i) {
      if (e.templates[i].first != t[i].first || e.templates[i].second != t[i].second.as_string())
        return false;
    }
    return true;
  }

  static constexpr size_t kMax = 64;
  std::mutex mu_;
  std::unordered_map<size_t, std::shared_ptr<const CachedEngine>> entries_;
};

EngineCache& engine_cache() {
  static EngineCache* cache = new EngineCache();  // never destroyed: workers may outlive statics
  return *cache;
}

tmpl::Options engine_options(const tmpl::Value& p) {
  tmpl::Options o;
  if (const tmpl::Value* a = p.find("autoescape"); a && a->is_bool()) o.autoescape = a->as_bool();
  if (const tmpl::Value* t = p.find("trimBlocks"); t && t->is_bool()) o.trim_blocks = t->as_bool();
  if (const tmpl::Value* l = p.find("lstripBlocks"); l && l->is_bool())
    o.lstrip_blocks = l->as_bool();
  return o;
}

// A rendered page. ASCII (the common case for code) goes back to JS as latin1, anything else as
// UTF-16 decoded here on the worker: either way the JS thread does not convert. Large pages are
// written here straight into the memory V8 will own (`external_*`, see ExternalText); smaller
// ones are copied by V8 from `text` / `wide`, buffers that come from BufferPool and go back to
// it. The converter hands them on, hence `mutable`.
struct Output {
  Output() : text(BufferPool<std::string>::take()) { text.clear(); }
  Output(Output&&) = default;
  Output& operator=(Output&&) = default;
  ~Output() {
    BufferPool<std::string>::give(std::move(text));
    BufferPool<U16Buffer>::give(std::move(wide));
  }
  mutable std::string text;
  mutable U16Buffer wide;
  mutable ExternalText<char> external_latin1;
  mutable ExternalText<char16_t> external_utf16;
  bool ascii = false;
};

// UTF-8 (valid: the engine only produces what it was given) -> UTF-16 at `w`, which has room for
// s.size() units (a UTF-16 string never has more code units than the UTF-8 has bytes); returns
// the units written. ASCII runs are widened 16 bytes at a time (SSE2, x86-64's baseline): a page
// with one `…` per line is UTF-16 but mostly ASCII, and widening it a byte at a time was ~14% of
// a render call (filters case).
size_t widen(const std::string& s, char16_t* w) {
  char16_t* const start = w;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    while (end - p >= 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      auto high = static_cast<unsigned>(_mm_movemask_epi8(v));
      if (high != 0) {
        // The ASCII bytes before the first non-ASCII one, then decode below.
        for (int n = __builtin_ctz(high); n > 0; --n) *w++ = *p++;
        break;
      }
      _mm_storeu_si128(reinterpret_cast<__m128i*>(w), _mm_unpacklo_epi8(v, zero));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(w + 8), _mm_unpackhi_epi8(v, zero));
      p += 16;
      w += 16;
    }
    if (p == end) break;
#endif
    if (*p < 0x80) {
      *w++ = *p++;
      continue;
    }
    unsigned char c = *p;
    uint32_t cp;
    ptrdiff_t n;
    if ((c >> 5) == 0x6) {
      cp = c & 0x1F, n = 2;
    } else if ((c >> 4) == 0xE) {
      cp = c & 0x0F, n = 3;
    } else {
      cp = c & 0x07, n = 4;
    }
    if (n > end - p) n = end - p;
    for (ptrdiff_t k = 1; k < n; ++k) cp = (cp << 6) | (p[k] & 0x3F);
    p += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      *w++ = static_cast<char16_t>(0xD800 + (cp >> 10));
      *w++ = static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      *w++ = static_cast<char16_t>(cp);
    }
  }
  return static_cast<size_t>(w - start);
}

Napi::Value output_to_js(Napi::Env env, const Output& out) {
  napi_value v;
  napi_status st;
  if (out.external_latin1.ok())
    st = out.external_latin1.to_js(env, &v);
  else if (out.external_utf16.ok())
    st = out.external_utf16.to_js(env, &v);
  else
    st = out.ascii ? latin1_to_js(env, std::move(out.text), &v)
                   : utf16_to_js(env, std::move(out.wide), &v);
  NAPI_THROW_IF_FAILED(env, st, Napi::Value());
  return Napi::Value(env, v);
}

using SharedValue = std::shared_ptr<const tmpl::Value>;

// The JSON argument's text, read on the JS thread (see string_transfer.h): one string, or
// an array of pieces whose concatenation is the JSON (lib/template.js, jsonPieces).
Utf8Text json_text_arg(const Napi::CallbackInfo& info) {
  Utf8Text text;
  napi_status st = napi_invalid_arg;
  if (info.Length() >= 1) {
    st = info[0].IsArray() ? Utf8Text::read_pieces(info.Env(), info[0], text)
                           : Utf8Text::read(info.Env(), info[0], text);
  }
  if (st != napi_ok) throw Napi::TypeError::New(info.Env(), "expected a JSON string argument");
  return text;
}

// Parses the payload and gives its buffer back to the pool at once (not when the call's
// bookkeeping is freed on the JS thread).
Result<tmpl::Value> parse_payload(Utf8Text& text) {
  auto parsed = tmpl::parse_json(text.view());
  text.release();
  return parsed;
}

// Freeing a large context (tens of thousands of nodes) is left to a task of its own, so the
// result reaches JS first; smaller ones (now a few blocks and vectors, see value_arena.h) are
// freed at once, on the thread that built them.
void release_payload(tmpl::Value&& v, size_t units) {
  runtime::Runtime* rt =
      units > (size_t{256} << 10) ? runtime::Runtime::global_if_created() : nullptr;
  if (rt) rt->post([v = std::move(v)]() mutable { v = tmpl::Value(); });
  v = tmpl::Value();
}

// A parsed render call: what to render, with what, on which engine.
struct RenderJob {
  tmpl::Value payload;   // the parsed JSON; holds the context unless `prepared` is set
  SharedValue prepared;  // a context converted once by template.context()
  std::shared_ptr<const CachedEngine> engine;  // null until attach_engine found or built it
  std::string name;
  tmpl::Value templates;  // name -> source (borrowing from `payload`)
  tmpl::Options options;
  size_t units = 0;  // the payload's size, to decide where it is freed
};

// Finds the job's compiled engine, compiling it when it is not cached yet.
Result<void> attach_engine(RenderJob& job) {
  auto cached = engine_cache().get(job.templates, job.options);
  if (!cached.ok()) return cached.error();
  job.engine = std::move(cached).value();
  const tmpl::Engine& engine = *job.engine->engine;
  if (!engine.contains(job.name)) {
    std::vector<std::string> names = engine.template_names();
    std::string guess = gen::closest(job.name, names);
    return Error(std::string(tmpl::kTemplateNotFound), "Template '" + job.name + "' not found")
        .with_hint(guess.empty() ? "pass it in `templates`" : "did you mean '" + guess + "'?");
  }
  return {};
}

Result<RenderJob> prepare_render(Utf8Text& text, SharedValue prepared) {
  RenderJob job;
  job.units = text.view().size();
  job.prepared = std::move(prepared);
  {
    auto r = parse_payload(text);
    if (!r.ok()) return r.error();
    job.payload = std::move(r).value();
  }
  const tmpl::Value& p = job.payload;
  job.options = engine_options(p);
  tmpl::Value& templates = job.templates;
  if (const tmpl::Value* src = p.find("source")) {
    // renderString: the source is one more template, so it is compiled once and cached too.
    job.name = "__one_off";
    tmpl::Object t = p.find("templates") && p.find("templates")->is_object()
                         ? p.find("templates")->as_object()
                         : tmpl::Object{};
    t.emplace_back(job.name, *src);
    templates = tmpl::Value(std::move(t));
  } else {
    const tmpl::Value* n = p.find("name");
    const tmpl::Value* t = p.find("templates");
    if (!n || !n->is_string())
      return Error(std::string(codes::kInvalidArgument), "render: `name` must be a string");
    if (!t || !t->is_object())
      return Error(std::string(codes::kInvalidArgument), "render: `templates` must be an object");
    job.name = n->as_string();
    templates = *t;
  }
  auto attached = attach_engine(job);
  if (!attached.ok()) return attached.error();
  return job;
}

bool all_ascii(const std::string& s) {
  const char* p = s.data();
  const char* end = p + s.size();
  for (; end - p >= 8; p += 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    if (w & 0x8080808080808080ULL) return false;
  }
  for (; p < end; ++p)
    if (*p & 0x80) return false;
  return true;
}

Result<Output> run_job(RenderJob& job) {
  static const tmpl::Value kEmpty{tmpl::Object{}};
  const tmpl::Value* ctx = job.prepared ? job.prepared.get() : job.payload.find("context");
  if (!ctx || ctx->is_null()) ctx = &kEmpty;
  const CachedEngine& cached = *job.engine;
  Output out;
  out.text.reserve(cached.size_hint.load(std::memory_order_relaxed));
  auto r = cached.engine->render_to(out.text, job.name, *ctx);
  release_payload(std::move(job.payload), job.units);
  if (!r.ok()) return r.error();
  cached.size_hint.store(out.text.size() + out.text.size() / 8, std::memory_order_relaxed);
  out.ascii = all_ascii(out.text);
  if (out.ascii) {
    out.external_latin1 = ExternalText<char>::reserve(out.text.size());
    if (out.external_latin1.ok()) {
      std::memcpy(out.external_latin1.data(), out.text.data(), out.text.size());
      out.external_latin1.set_size(out.text.size());
    }
  } else {
    out.external_utf16 = ExternalText<char16_t>::reserve(out.text.size());
    if (out.external_utf16.ok()) {
      out.external_utf16.set_size(widen(out.text, out.external_utf16.data()));
    } else {
      out.wide = BufferPool<U16Buffer>::take();
      out.wide.set_size(widen(out.text, out.wide.prepare(out.text.size())));
    }
  }
  return out;
}

// Every render runs on the runtime's workers, payload parse included: the JS thread does no
// domain work (a slow template never blocks the event loop) and renders in flight overlap.
// Parsing small payloads on the calling thread was tried and measured slower on an idle machine
// (inheritance 0.65x vs 1.04x nunjucks per call): the parse then serialises with the JS thread's
// other work instead of overlapping it.
Napi::Value Render(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Utf8Text payload = json_text_arg(info);
  SharedValue prepared;
  if (info.Length() > 2 && info[2].IsExternal())
    prepared = *info[2].As<Napi::External<SharedValue>>().Data();
  uint64_t cancel_id = cancel_id_arg(info, 1);
  auto work = [payload = std::move(payload),
               prepared = std::move(prepared)]() mutable -> Result<Output> {
    Result<RenderJob> job = prepare_render(payload, std::move(prepared));
    if (!job.ok()) return job.error();
    return run_job(job.value());
  };
  return run_async(env, cancel_id, std::move(work), &output_to_js);
}

// template.context(json): the context converted once into native values, for many renders.
Napi::Value context_to_js(Napi::Env env, const SharedValue& v) {
  return Napi::External<SharedValue>::New(env, new SharedValue(v),
                                          [](Napi::Env, SharedValue* p) { delete p; });
}

Napi::Value Context(const Napi::CallbackInfo& info) {
  Utf8Text json = json_text_arg(info);
  auto work = [json = std::move(json)]() mutable -> Result<SharedValue> {
    auto v = parse_payload(json);
    if (!v.ok()) return v.error();
    return std::make_shared<const tmpl::Value>(std::move(v).value());
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), std::move(work), &context_to_js);
}

// ---- files: renderFile, lint, show, list --------------------------------------------------------

std::string str(const json& j, const char* key, std::string fallback = {}) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : fallback;
}

gen::InspectOptions inspect_options(const json& j) {
  gen::InspectOptions o;
  o.root = str(j, "root", fs::current_path().string());
  std::string dir = str(j, "dir");
  if (!dir.empty()) o.templates_dir = dir;
  return o;
}

json diagnostic_json(const gen::Diagnostic& d) {
  const Location& w = d.where;
  int line = std::max(w.line, 1), column = std::max(w.column, 1);
  int end_line = w.end_line > 0 ? w.end_line : line;
  int end_column = w.end_column > 0 ? w.end_column : column + 1;
  json j = {{"file", w.file},
            {"line", line},
            {"column", column},
            {"endLine", end_line},
            {"endColumn", end_column},
            {"severity", d.severity == gen::Severity::Error ? "error" : "warning"},
            {"code", d.code},
            {"message", d.message}};
  if (!d.hint.empty()) j["hint"] = d.hint;
  return j;
}

json located_json(const std::optional<gen::Located>& v) {
  if (!v) return nullptr;
  return {{"value", v->value}, {"line", v->where.line}};
}

json show_json(const gen::Inspection& ins) {
  json j;
  j["file"] = ins.file;
  j["hasFrontmatter"] = ins.has_frontmatter;
  j["frontmatter"] = ins.raw_frontmatter.is_null()
                         ? json(nullptr)
                         : json::parse(ins.raw_frontmatter.to_json().dump());
  j["valid"] = !ins.errors();
  if (ins.frontmatter) {
    const gen::Frontmatter& fm = *ins.frontmatter;
    json p;
    p["to"] = located_json(fm.to);
    p["from"] = located_json(fm.from);
    p["description"] = fm.description;
    p["tags"] = fm.tags;
    p["matrix"] = fm.matrix ? json(fm.matrix->value) : json(nullptr);
    p["base"] = fm.base;
    json prefixes = json::object();
    for (const auto& [k, v] : fm.prefixes) prefixes[k] = v;
    p["prefixes"] = prefixes;
    p["vars"] = fm.vars.is_null() ? json::object() : fm.vars.to_nlohmann();
    p["inject"] = fm.inject;
    p["force"] = fm.force;
    j["parsed"] = p;
    json queries = json::array();
    for (const auto& q : fm.sparql)
      queries.push_back({{"name", q.name}, {"text", q.text}, {"line", q.where.line}});
    j["queries"] = queries;
  } else {
    j["parsed"] = nullptr;
    j["queries"] = json::array();
  }
  j["variables"] = ins.variables;
  j["provided"] = ins.provided;
  json diags = json::array();
  for (const auto& d : ins.diagnostics) diags.push_back(diagnostic_json(d));
  j["diagnostics"] = diags;
  return j;
}

Napi::Value Lint(const Napi::CallbackInfo& info) {
  json opts = json_arg(info, 0);
  auto work = [opts](runtime::Context& ctx) -> Result<std::string> {
    gen::InspectOptions base = inspect_options(opts);
    json diags = json::array();
    json files = json::array();
    std::error_code ec;
    for (const auto& p : opts.value("paths", std::vector<std::string>{})) {
      // A folder lints every template in it, with the folder as the include root.
      std::vector<std::pair<fs::path, gen::InspectOptions>> to_inspect;
      if (fs::is_directory(p, ec)) {
        gen::InspectOptions o = base;
        if (o.templates_dir.empty()) o.templates_dir = p;
        for (const auto& rel : gen::list_templates(p))
          to_inspect.emplace_back(fs::path(p) / rel, o);
      } else {
        to_inspect.emplace_back(p, base);
      }
      for (const auto& [file, o] : to_inspect) {
        ctx.check();
        gen::Inspection ins = gen::inspect_template(file, o);
        size_t errors = 0, warnings = 0;
        for (const auto& d : ins.diagnostics) {
          (d.severity == gen::Severity::Error ? errors : warnings)++;
          diags.push_back(diagnostic_json(d));
        }
        files.push_back({{"file", ins.file}, {"errors", errors}, {"warnings", warnings}});
      }
    }
    return json{{"diagnostics", diags}, {"files", files}}.dump();
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &to_js_string);
}

Napi::Value Show(const Napi::CallbackInfo& info) {
  json opts = json_arg(info, 0);
  auto work = [opts]() -> Result<std::string> {
    gen::Inspection ins = gen::inspect_template(str(opts, "file"), inspect_options(opts));
    if (!ins.diagnostics.empty() && ins.diagnostics[0].code == codes::kNotFound) {
      const gen::Diagnostic& d = ins.diagnostics[0];
      return Error(d.code, d.message).with_hint(d.hint);
    }
    return show_json(ins).dump();
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &to_js_string);
}

Napi::Value List(const Napi::CallbackInfo& info) {
  json opts = json_arg(info, 0);
  auto work = [opts]() -> Result<std::string> {
    fs::path dir = str(opts, "dir", "templates");
    auto entries = gen::list_template_entries(dir);
    if (!entries.ok()) return entries.error();
    json out = json::array();
    for (const auto& e : entries.value()) {
      json j = {{"path", e.path}, {"description", e.description}};
      if (e.error) j["error"] = {{"code", e.error->code()}, {"message", e.error->message()}};
      out.push_back(j);
    }
    return json{{"dir", dir.generic_string()}, {"templates", out}}.dump();
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &to_js_string);
}

Napi::Value RenderFile(const Napi::CallbackInfo& info) {
  json opts = json_arg(info, 0);
  auto work = [opts]() -> Result<std::string> {
    tmpl::Value ctx(tmpl::Object{});
    if (opts.contains("context") && opts["context"].is_object())
      ctx = tmpl::Value::from_json(opts["context"]);
    tmpl::Options o;
    o.trim_blocks = opts.value("trimBlocks", false);
    o.lstrip_blocks = opts.value("lstripBlocks", false);
    if (opts.contains("autoescape") && opts["autoescape"].is_boolean())
      o.autoescape = opts["autoescape"].get<bool>();
    return gen::render_template_file(str(opts, "file"), inspect_options(opts), ctx, o);
  };
  return run_async(info.Env(), cancel_id_arg(info, 1), work, &to_js_string);
}

Napi::Value Starter(const Napi::CallbackInfo& info) {
  std::string name =
      info.Length() > 0 && info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
  return Napi::String::New(info.Env(), gen::starter_template(name));
}

}  // namespace

void register_template(Napi::Env env, Napi::Object exports) {
  Napi::Object t = Napi::Object::New(env);
  t.Set("render", Napi::Function::New(env, Render, "render"));
  t.Set("context", Napi::Function::New(env, Context, "context"));
  t.Set("renderFile", Napi::Function::New(env, RenderFile, "renderFile"));
  t.Set("lint", Napi::Function::New(env, Lint, "lint"));
  t.Set("show", Napi::Function::New(env, Show, "show"));
  t.Set("list", Napi::Function::New(env, List, "list"));
  t.Set("starter", Napi::Function::New(env, Starter, "starter"));
  exports.Set("template", t);
}

}  // namespace ggen::binding
