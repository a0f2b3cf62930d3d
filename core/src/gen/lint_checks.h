#pragma once
// Lint's checks, shared with project validation (validate*.cc); not public API. Each records
// diagnostics instead of stopping at the first problem.
#include <string>
#include <string_view>
#include <vector>

#include "ggen/gen/lint.h"
#include "ggen/template/engine.h"
#include "ggen/yaml/node.h"

namespace ggen::gen::detail {

bool has_template_syntax(std::string_view s);
Diagnostic diag(const Error& e, Severity sev = Severity::Error);
// An engine location (template name, body-relative line) moved to the file.
Error in_file(Error e, const std::string& name, const std::string& display, int body_line);
// Validates the frontmatter, reporting every bad key; returns what validates of the rest.
Frontmatter check_frontmatter(const yaml::Node& root, const std::string& display,
                              std::vector<Diagnostic>& out);
// Syntax of `to:` / `from:` when they are templates.
void check_value_templates(const Frontmatter& fm, std::vector<Diagnostic>& out);
// Includes that name no loaded template (unless `ignore missing`).
void check_includes(const tmpl::Engine& engine, std::string_view body, const std::string& display,
                    int body_line, std::vector<Diagnostic>& out);
bool is_ident(char c);
// A position in a template body as a file location spanning `length` characters.
Location location_of(std::string_view body, size_t offset, const std::string& display,
                     int body_line, size_t length);

}  // namespace ggen::gen::detail
