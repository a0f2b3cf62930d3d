#pragma once
// Template tooling without generation: lint (every problem as an editor diagnostic), inspect
// (what `template show` prints), list a templates folder, render one file's body, and the
// starter template `template new` writes. Nothing here writes files or runs queries.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/gen/frontmatter.h"
#include "ggen/template/engine.h"
#include "ggen/yaml/node.h"

namespace ggen::gen {

// Codes of the problems that are warnings (errors keep the code of the error they report).
inline constexpr std::string_view kUndeclaredVariable = "W_UNDECLARED_VARIABLE";
inline constexpr std::string_view kTemplatedQuery = "W_TEMPLATED_QUERY";

enum class Severity { Error, Warning };

struct Diagnostic {
  Location where;  // file, 1-based line/column, end_line/end_column (0 = unknown)
  Severity severity = Severity::Error;
  std::string code;
  std::string message;
  std::string hint;
};

struct InspectOptions {
  std::filesystem::path root;  // paths are reported relative to it
  std::filesystem::path
      templates_dir;  // include/extends/import resolve here (default: the file's folder)
};

struct Inspection {
  std::string file;  // display path
  bool has_frontmatter = false;
  yaml::Node raw_frontmatter;              // as written (null when absent or unparsable)
  std::optional<Frontmatter> frontmatter;  // validated (nullopt when it has errors)
  std::vector<std::string> variables;      // free names the body reads (empty on syntax errors)
  std::vector<std::string> provided;       // names the generation context provides
  std::vector<Diagnostic> diagnostics;     // every problem found, in file order
  bool errors() const;
};

// Reads `file` and checks its frontmatter (all invalid keys, not just the first), its body,
// every SPARQL query (with the frontmatter's prefixes and base; templated queries are rendered
// with the `vars` defaults first) and that every variable the body reads is provided. I/O
// problems (a missing file) are a diagnostic too, so one bad path does not hide the others.
Inspection inspect_template(const std::filesystem::path& file, const InspectOptions& options);

struct TemplateEntry {
  std::string path;         // relative to the listed folder
  std::string description;  // from the frontmatter ("" when none or unreadable)
  std::optional<Error> error;
};

// Every template under `dir` (recursive, sorted) with its description.
Result<std::vector<TemplateEntry>> list_template_entries(const std::filesystem::path& dir);

// Renders the body of `file` (frontmatter stripped) with `context` over the frontmatter's `vars`
// defaults; the other templates of `templates_dir` are loaded for include/extends/import.
Result<std::string> render_template_file(const std::filesystem::path& file,
                                         const InspectOptions& options, const tmpl::Value& context,
                                         const tmpl::Options& engine_options);

// A template that lints clean and generates `<stem>.txt`, for `template new`.
std::string starter_template(std::string_view name);

}  // namespace ggen::gen
