#pragma once
// Shared between validate*.cc; not public API.
#include <string>
#include <string_view>
#include <vector>

namespace ggen::gen::detail {

// One read of a name inside a `{{ }}` or `{% %}` tag of a template body.
struct Use {
  size_t offset = 0;     // into the body
  bool guarded = false;  // in an `if`/`elif` condition (or its block), `| default(...)`,
                         // `is defined` / `is undefined`: generation does not fail on it
};

// Every read of the top-level `name` (not an attribute of something else, not inside raw
// blocks or comments), in body order.
std::vector<Use> uses_of(std::string_view body, std::string_view name);

// Every `object.member` read (`row.label`): the member names with their uses, in body order.
struct Member {
  std::string name;
  Use use;
};
std::vector<Member> members_of(std::string_view body, std::string_view object);

// The template names a body includes, extends or imports (string literals only), in order.
std::vector<std::string> referenced_templates(std::string_view body);

}  // namespace ggen::gen::detail

#include <filesystem>
#include <map>

#include "ggen/gen/generate.h"
#include "ggen/gen/lint.h"
#include "ggen/rdf/store.h"
#include "ggen/runtime/context.h"
#include "ggen/template/engine.h"

namespace ggen::gen::detail {

// A template file as validation loaded it.
struct TemplateSource {
  std::filesystem::path path;
  std::string name;     // engine name
  std::string display;  // relative to the project root
  std::string text;     // the whole file
  bool split_ok = false;
  bool has_frontmatter = false;
  std::string yaml;
  int yaml_line = 0;
  size_t body_offset = 0;  // where the body starts in text
  int body_line = 1;
  bool compiled = false;  // its body is in the engine
  std::string_view body() const { return std::string_view(text).substr(body_offset); }
};

// What every template's check reads; immutable while templates are checked in parallel.
struct ValidateScope {
  const GenerateOptions* options = nullptr;
  const tmpl::Engine* engine = nullptr;
  const rdf::Store* store = nullptr;
  std::map<std::string, const TemplateSource*> by_name;
};

struct TemplateReport {
  std::vector<Diagnostic> diagnostics;
  size_t queries = 0;
};

// Frontmatter, body, queries (run over the store) and variables of one template. Raises
// E_CANCELLED / E_TIMEOUT when the context stops.
TemplateReport check_template(const TemplateSource& t, const ValidateScope& scope,
                              const runtime::Context& ctx);

}  // namespace ggen::gen::detail
