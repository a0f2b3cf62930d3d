#pragma once
// YAML 1.2 (core schema) parser for frontmatter and vars files. Supports block and flow
// collections, all scalar styles, comments, anchors/aliases and merge keys (`<<`). One document
// per text. Duplicate keys and tabs in indentation are errors.
#include <string_view>

#include "ggen/error/result.h"
#include "ggen/yaml/node.h"

namespace ggen::yaml {

inline constexpr std::string_view kYamlSyntax = "E_YAML_SYNTAX";

// Parses one YAML document; an empty or comment-only text gives a null node. `file_name` goes
// into error locations; `line_offset` is added to every line number, so frontmatter that starts
// on line 2 of a template is parsed with line_offset = 1 and reports the template's lines.
// Errors are E_YAML_SYNTAX with the position of the offending character and a hint.
Result<Node> parse(std::string_view text, std::string_view file_name, int line_offset = 0);

}  // namespace ggen::yaml
