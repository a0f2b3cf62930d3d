// Engine: the named template set, the compiled-template cache, callables, render entry points.
#include <algorithm>
#include <functional>
#include <mutex>
#include <unordered_map>

#include "ggen/template/engine.h"
#include "template/engine_impl.h"
#include "template/parser.h"
#include "template/renderer.h"

namespace ggen::tmpl {

namespace {

// Process-wide cache: identical sources (e.g. the same template set loaded by several
// generation runs) are parsed once. Weak entries: the Ast lives as long as some engine uses it.
struct CompileCache {
  std::mutex mu;
  std::unordered_multimap<std::size_t, std::weak_ptr<const Ast>> entries;

  std::shared_ptr<const Ast> get(std::size_t key, std::string_view source) {
    std::lock_guard<std::mutex> lock(mu);
    auto [a, b] = entries.equal_range(key);
    for (auto it = a; it != b;) {
      auto ast = it->second.lock();
      if (!ast) {
        it = entries.erase(it);
        continue;
      }
      if (ast->source == source) return ast;
      ++it;
    }
    return nullptr;
  }
  void put(std::size_t key, const std::shared_ptr<const Ast>& ast) {
    std::lock_guard<std::mutex> lock(mu);
    entries.emplace(key, ast);
  }
};

CompileCache& cache() {
  static CompileCache c;
  return c;
}

Result<std::shared_ptr<const Ast>> compile(std::string_view name, std::string source,
                                           const Options& o) {
  ParseOptions po{o.trim_blocks, o.lstrip_blocks};
  std::size_t key = std::hash<std::string_view>()(source) * 4 + (po.trim_blocks ? 1 : 0) +
                    (po.lstrip_blocks ? 2 : 0);
  if (auto hit = cache().get(key, source)) return hit;
  try {
    std::shared_ptr<const Ast> ast = parse_template(name, std::move(source), po);
    cache().put(key, ast);
    return ast;
  } catch (const Exception& e) {
    return e.error();
  }
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

Engine::Engine(Options options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

const Options& Engine::options() const {
  return impl_->options;
}

Result<void> Engine::add(std::string name, std::string source) {
  auto ast = compile(name, std::move(source), impl_->options);
  if (!ast.ok()) return std::move(ast).take_error();
  TemplateRec rec{name, std::move(ast).value()};
  impl_->templates.insert_or_assign(std::move(name), std::move(rec));
  return {};
}

bool Engine::contains(std::string_view name) const {
  return impl_->find(name) != nullptr;
}

std::vector<std::string> Engine::template_names() const {
  std::vector<std::string> out;
  for (const auto& kv : impl_->templates) out.push_back(kv.first);
  return out;
}

std::optional<std::string_view> Engine::source(std::string_view name) const {
  const TemplateRec* t = impl_->find(name);
  if (!t) return std::nullopt;
  return std::string_view(t->ast->source);
}

Result<void> Engine::check() const {
  auto loc = [](const TemplateRec& t, const Span& s) {
    Location l;
    l.file = t.name;
    l.line = static_cast<int>(s.line);
    l.column = static_cast<int>(s.col);
    return l;
  };
  for (const auto& [name, rec] : impl_->templates) {
    // Parent chain: present and acyclic.
    std::vector<const TemplateRec*> seen{&rec};
    const TemplateRec* t = &rec;
    while (!t->ast->parent.empty()) {
      const TemplateRec* p = impl_->find(t->ast->parent);
      if (!p) {
        return Error(std::string(kTemplateNotFound), "Template '" + t->name +
                                                         "' is inheriting from '" + t->ast->parent +
                                                         "', which doesn't exist or isn't loaded.")
            .at(loc(*t, t->ast->parent_span))
            .with_hint(did_you_mean(t->ast->parent, template_names()));
      }
      if (std::find(seen.begin(), seen.end(), p) != seen.end()) {
        std::string chain;
        for (const auto* s : seen) chain += s->name + " -> ";
        chain += p->name;
        return Error(std::string(codes::kTemplateSyntax),
                     "Circular extend detected for template '" + name +
                         "'. Inheritance chain: " + chain)
            .at(loc(*t, t->ast->parent_span))
            .with_hint("a template cannot (indirectly) extend itself");
      }
      seen.push_back(p);
      t = p;
    }
    for (const auto& im : rec.ast->imports) {
      if (!impl_->find(im.file)) {
        return Error(std::string(kTemplateNotFound), "Template `" + name + "` loads macros from `" +
                                                         im.file + "` which isn't present in Tera")
            .at(loc(rec, im.span))
            .with_hint(did_you_mean(im.file, template_names()));
      }
    }
  }
  return {};
}

namespace {

Result<void> run_render(const Engine::Impl& impl, const TemplateRec& rec, const Value& context,
                        const RenderOptions& opts, std::string& out) {
  bool esc;
  if (opts.autoescape) {
    esc = *opts.autoescape;
  } else if (impl.options.autoescape) {
    esc = *impl.options.autoescape;
  } else {
    esc = false;
    for (const auto& s : impl.options.autoescape_suffixes) esc = esc || ends_with(rec.name, s);
  }
  static const Value kEmpty = Value(Object{});
  const Value& ctx = context.is_object() ? context : kEmpty;
  if (!context.is_object() && !context.is_null()) {
    return Error(std::string(codes::kInvalidArgument),
                 std::string("the render context must be an object, got a ") + context.type_name())
        .with_hint("pass an object such as {\"name\": ...}");
  }
  out.reserve(out.size() + rec.ast->source.size() * 2);
  try {
    Renderer r(impl, rec, ctx, esc, out);
    r.run();
  } catch (...) {
    return error_from_current_exception();
  }
  return {};
}

}  // namespace

Result<void> Engine::render_to(std::string& out, std::string_view name, const Value& context,
                               const RenderOptions& opts) const {
  const TemplateRec* rec = impl_->find(name);
  if (!rec) {
    std::string hint = did_you_mean(name, template_names());
    return Error(std::string(kTemplateNotFound), "Template '" + std::string(name) + "' not found")
        .with_hint(hint.empty() ? "add it with Engine::add before rendering" : hint);
  }
  return run_render(*impl_, *rec, context, opts, out);
}

Result<std::string> Engine::render(std::string_view name, const Value& context,
                                   const RenderOptions& opts) const {
  // Render into a per-thread scratch buffer that keeps its capacity between renders, then copy
  // once: growing a fresh string by doubling costs more (copies + page faults) than the render.
  // A user function may render re-entrantly on the same thread: only the outermost render
  // uses the scratch buffer.
  thread_local std::string scratch;
  thread_local bool busy = false;
  if (busy) {
    std::string out;
    auto r = render_to(out, name, context, opts);
    if (!r.ok()) return std::move(r).take_error();
    return out;
  }
  busy = true;
  scratch.clear();
  auto r = render_to(scratch, name, context, opts);
  busy = false;
  std::string out = r.ok() ? std::string(scratch) : std::string();
  if (scratch.capacity() > (std::size_t{64} << 20)) std::string().swap(scratch);
  if (!r.ok()) return std::move(r).take_error();
  return out;
}

Result<std::string> Engine::render_string(std::string_view source, const Value& context,
                                          std::string_view name, const RenderOptions& opts) const {
  auto ast = compile(name, std::string(source), impl_->options);
  if (!ast.ok()) return std::move(ast).take_error();
  TemplateRec rec{std::string(name), std::move(ast).value()};
  std::string out;
  auto r = run_render(*impl_, rec, context, opts, out);
  if (!r.ok()) return std::move(r).take_error();
  return out;
}

void Engine::register_function(std::string name, Function fn) {
  impl_->functions.insert_or_assign(std::move(name), std::move(fn));
}
void Engine::register_filter(std::string name, FilterFunction fn) {
  impl_->filters.insert_or_assign(std::move(name), std::move(fn));
}
void Engine::register_test(std::string name, TestFunction fn) {
  impl_->tests.insert_or_assign(std::move(name), std::move(fn));
}

}  // namespace ggen::tmpl
