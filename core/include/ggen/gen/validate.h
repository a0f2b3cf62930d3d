#pragma once
// Validation without writing (`ggen project validate`): everything generation would use is
// checked and every problem is reported at once, as lint diagnostics. ggen.toml; every graph
// (parsed once, into one store); every template's frontmatter and body; every SPARQL query
// (parsed and run over the graph: a query that fails at evaluation is a diagnostic); and that
// every variable a template reads is provided. Templates are checked in parallel on the
// runtime's pool; the diagnostics come out sorted (file, line, column, code), whatever the
// scheduling. Nothing is rendered to disk and nothing is written.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ggen/error/result.h"
#include "ggen/gen/generate.h"
#include "ggen/gen/lint.h"
#include "ggen/runtime/context.h"

namespace ggen::gen {

// A variable no source provides: an error when generation would fail on it, a warning when
// every use is guarded (`{% if x %}`, `x | default(...)`, `x is defined`).
inline constexpr std::string_view kUnprovidedVariable = "E_UNDEFINED_VARIABLE";
inline constexpr std::string_view kGuardedVariable = "W_UNDECLARED_VARIABLE";
// `row.col` / `sparql_results.name` naming a column or query that does not exist.
inline constexpr std::string_view kUnknownColumn = "E_UNKNOWN_COLUMN";
inline constexpr std::string_view kUnknownQuery = "E_UNKNOWN_QUERY";
inline constexpr std::string_view kGuardedColumn = "W_UNKNOWN_COLUMN";  // every use guarded

struct Validation {
  std::filesystem::path root;           // diagnostics' files are relative to it
  size_t templates = 0;                 // templates checked
  size_t graphs = 0;                    // graph files parsed
  size_t triples = 0;                   // in the shared store
  size_t queries = 0;                   // queries run
  std::vector<Diagnostic> diagnostics;  // sorted: file, line, column, code, message
  size_t count(Severity s) const;
  bool errors() const { return count(Severity::Error) > 0; }
};

// Validates what make_plan(options) would generate. Fails only when it cannot check at all
// (E_CANCELLED, E_TIMEOUT); every problem of the project itself is a diagnostic.
Result<Validation> validate(const GenerateOptions& options, const runtime::Context& ctx);

// What the command line adds to a project, as for `project gen`.
struct ProjectOverrides {
  tmpl::Value vars;                           // over ggen.toml's [vars] (an object, or null)
  std::vector<std::filesystem::path> graphs;  // --data: beside ggen.toml's graphs
  bool allow_shell = false;
  size_t jobs = 0;  // 0: ggen.toml's, else the runtime's threads
};

// The project at or above `start` (ggen.toml; a broken one is a diagnostic located in it).
// E_PROJECT when there is no ggen.toml.
Result<Validation> validate_project(const std::filesystem::path& start,
                                    const ProjectOverrides& overrides, const runtime::Context& ctx);

// { ok, root, templates, graphs, triples, queries, errors, warnings, diagnostics: [...] }; a
// diagnostic is { file, line, column, endLine, endColumn, severity, code, message, hint? }.
nlohmann::ordered_json validation_to_json(const Validation& v);

}  // namespace ggen::gen
