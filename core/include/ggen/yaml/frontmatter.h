#pragma once
// Splits a template into its YAML frontmatter and its body. Frontmatter is present when the first
// line is `---`; it runs until the next line that is `---` (CRLF and trailing blanks tolerated).
#include <string_view>

#include "ggen/error/result.h"

namespace ggen::yaml {

struct Frontmatter {
  bool present = false;
  std::string_view yaml;  // between the delimiters; empty when absent
  int yaml_line = 0;      // 1-based line of yaml's first line; parse with line_offset = yaml_line-1
  std::string_view body;  // everything after the closing delimiter line (or the whole text)
  int body_line = 1;      // 1-based line of body's first line
};

// Views point into `text`. An opening `---` without a closing one is E_YAML_SYNTAX at line 1.
Result<Frontmatter> split_frontmatter(std::string_view text, std::string_view file_name = {});

}  // namespace ggen::yaml
