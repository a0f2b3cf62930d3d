#pragma once
// The template frontmatter, schema version 1 (docs/templates.md). Strict: an unknown key is an
// error with a "did you mean", every key has one type, and contradictory keys are refused.
// String values that name outputs, inputs or graph content are themselves templates; they are
// kept raw here and rendered by the planner once the context exists.
#include <optional>
#include <string>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/template/value.h"
#include "ggen/yaml/node.h"

namespace ggen::gen {

inline constexpr std::string_view kFrontmatter = "E_FRONTMATTER";
inline constexpr int kSchemaVersion = 1;

struct Located {
  std::string value;
  Location where;
};

struct NamedQuery {
  std::string name;
  std::string text;  // a template, rendered with the variables before it runs
  Location where;
};

struct Frontmatter {
  int schema = kSchemaVersion;
  std::optional<Located> to;        // output path (template)
  std::optional<Located> from;      // body from this file, relative to the template (template)
  bool force = false;               // overwrite files ggen did not generate (or that were edited)
  bool unless_exists = false;       // never touch an existing file
  bool inject = false;              // edit the existing file instead of replacing it
  bool prepend = false;
  bool append = false;
  std::optional<Located> before;    // regex
  std::optional<Located> after;     // regex
  std::optional<int> at_line;       // 1-based
  std::optional<Located> skip_if;   // regex
  bool idempotent = false;
  bool backup = false;
  std::optional<bool> eof_last;
  std::vector<Located> sh_before;   // commands (templates), run only with --allow-shell
  std::vector<Located> sh_after;
  std::string base;                 // BASE for rdf_inline and queries
  std::vector<std::pair<std::string, std::string>> prefixes;  // sorted by prefix
  std::vector<Located> rdf;         // graph files (templates), relative to the template
  std::vector<Located> rdf_inline;  // Turtle snippets (templates)
  std::vector<NamedQuery> sparql;   // in declaration order; names unique
  tmpl::Value vars;                 // defaults (an object, or null)
  std::optional<Located> matrix;    // name of the query whose rows each give one output
  std::optional<int64_t> seed;      // determinism.seed: seeds get_random
  std::optional<std::string> now;   // determinism.now: the value now() returns
  std::string description;
  std::vector<std::string> tags;
  Location where;                   // the frontmatter block itself

  bool is_injection() const { return inject; }
};

// Parses and validates the frontmatter mapping. `file` is the template path for locations.
Result<Frontmatter> parse_frontmatter(const yaml::Node& root, const std::string& file);

// The recognised keys, for completion and docs.
const std::vector<std::string>& frontmatter_keys();

// The closest of `candidates` to `word` (edit distance), or "" when none is close.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// yaml::Node -> template Value (mappings become objects, sorted as Tera sorts them).
tmpl::Value to_value(const yaml::Node& node);

}  // namespace ggen::gen
