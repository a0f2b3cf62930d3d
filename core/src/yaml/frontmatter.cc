#include "ggen/yaml/frontmatter.h"

#include <string>

#include "ggen/yaml/parse.h"

namespace ggen::yaml {
namespace {

// The line starting at `pos` without its terminator; `next` is where the following line starts.
std::string_view line_at(std::string_view text, std::size_t pos, std::size_t* next) {
  std::size_t eol = text.find('\n', pos);
  if (eol == std::string_view::npos) {
    *next = text.size();
    return text.substr(pos);
  }
  *next = eol + 1;
  return text.substr(pos, eol - pos);
}

bool is_delimiter(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  return line == "---";
}

}  // namespace

Result<Frontmatter> split_frontmatter(std::string_view text, std::string_view file_name) {
  Frontmatter fm;
  fm.body = text;
  std::size_t start = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  std::size_t pos = 0;
  if (!is_delimiter(line_at(text, start, &pos))) return fm;

  std::size_t yaml_begin = pos;
  int line = 2;
  while (pos < text.size()) {
    std::size_t next = 0;
    std::string_view l = line_at(text, pos, &next);
    if (is_delimiter(l)) {
      fm.present = true;
      fm.yaml = text.substr(yaml_begin, pos - yaml_begin);
      fm.yaml_line = 2;
      fm.body = text.substr(next);
      fm.body_line = line + 1;
      return fm;
    }
    pos = next;
    ++line;
  }
  return Error(std::string(kYamlSyntax), "frontmatter is not closed")
      .at(Location{std::string(file_name), 1, 1})
      .with_hint("the frontmatter opened by `---` on line 1 needs a closing `---` line");
}

}  // namespace ggen::yaml
