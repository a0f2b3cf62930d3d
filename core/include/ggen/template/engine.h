#pragma once
// ggen's Tera 1.x template engine.
//
//   ggen::tmpl::Engine engine;
//   engine.add("base.html", "...").value();          // parses now; syntax errors come back here
//   engine.register_function("sparql", [](const Kwargs& a) { ... });
//   std::string out = engine.render("page.html", Value::from_json(ctx)).value();
//
// Thread safety: add/register_* must not run concurrently with anything else; once templates and
// callables are in place, render() is const and may run on many threads at once (a render
// keeps all of its state on its own stack; templates are immutable and shared).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ggen/error/error.h"
#include "ggen/error/result.h"
#include "ggen/template/callable.h"
#include "ggen/template/value.h"

namespace ggen::tmpl {

inline constexpr std::string_view kTemplateNotFound = "E_TEMPLATE_NOT_FOUND";
inline constexpr std::string_view kFilterArgsCode = "E_FILTER_ARGS";

struct Options {
  // nullopt: escape HTML when the rendered template's name ends in one of autoescape_suffixes
  // (Tera's rule); true/false force it for every render.
  std::optional<bool> autoescape;
  std::vector<std::string> autoescape_suffixes{".html", ".htm", ".xml"};
  // Jinja-style opt-ins (off = strict Tera): drop the newline after a `{% %}` tag, and strip the
  // indentation before a tag that starts its line, so a tag alone on its line leaves no trace.
  bool trim_blocks = false;
  bool lstrip_blocks = false;
};

struct RenderOptions {
  std::optional<bool> autoescape;  // overrides Options::autoescape for this render
};

class Engine {
 public:
  explicit Engine(Options options = {});
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;

  // Parses and stores (or replaces) a template. Identical sources share one compiled form
  // (process-wide cache keyed by content hash and parse options).
  Result<void> add(std::string name, std::string source);
  bool contains(std::string_view name) const;
  std::vector<std::string> template_names() const;
  // The source of a loaded template (for error snippets), or nullopt.
  std::optional<std::string_view> source(std::string_view name) const;

  // Cross-template checks Tera does at load time: missing/circular parents, missing macro files.
  Result<void> check() const;

  Result<std::string> render(std::string_view name, const Value& context,
                             const RenderOptions& opts = {}) const;
  // Appends to `out` (no intermediate copy).
  Result<void> render_to(std::string& out, std::string_view name, const Value& context,
                         const RenderOptions& opts = {}) const;
  // Parses and renders a template that is not stored; it may include/extend/import stored ones.
  Result<std::string> render_string(std::string_view source, const Value& context,
                                    std::string_view name = "__one_off",
                                    const RenderOptions& opts = {}) const;

  void register_function(std::string name, Function fn);
  void register_filter(std::string name, FilterFunction fn);
  void register_test(std::string name, TestFunction fn);

  // Top-level names the template (with its parents, includes and macros) reads from the
  // context, sorted: names bound by set/for/macro parameters and `loop` are excluded.
  Result<std::vector<std::string>> variables(std::string_view name) const;

  const Options& options() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// The offending line of `source` with a caret under loc.column (and `~` up to end_column on the
// same line), for CLI output:
//    3 |     {{ nmae }}
//      |        ^^^^
std::string render_snippet(std::string_view source, const Location& loc);

// The whole report as the CLI prints it: error[CODE]: message / --> file:line:col / snippet /
// = hint. `source` may be empty when unknown.
std::string format_error(const Error& error, std::string_view source);

}  // namespace ggen::tmpl
