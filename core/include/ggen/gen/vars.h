#pragma once
// Template variables from the command line (`--var k=v`), from files (`--vars f.json|f.yaml`),
// and from defaults. Precedence: command line > file > project (ggen.toml) > frontmatter.
// No environment variable enters the context (only through get_env()).
#include <string>
#include <string_view>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/template/value.h"

namespace ggen::gen {

inline constexpr std::string_view kBadVar = "E_BAD_VAR";

// "name=value": split at the first '='; the value may contain '=' and ','. The name must be an
// identifier (letters, digits, '_', not starting with a digit).
Result<std::pair<std::string, std::string>> parse_var(std::string_view assignment);
Result<tmpl::Value> vars_from_assignments(const std::vector<std::string>& assignments);
// A JSON or YAML file (by extension; .yml/.yaml are YAML) whose top level is a mapping.
Result<tmpl::Value> vars_from_file(const std::string& path);
// Shallow merge: keys of `over` win.
tmpl::Value merge_vars(const tmpl::Value& base, const tmpl::Value& over);

}  // namespace ggen::gen
