#include "ggen/gen/locations.h"

#include <string_view>

namespace ggen::gen {

Location value_origin(std::string_view text, Location where) {
  if (where.line <= 0 || where.column <= 0) return where;
  size_t start = 0;
  for (int l = 1; l < where.line && start != std::string_view::npos; ++l) {
    start = text.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos) return where;
  size_t at = start + where.column - 1;
  if (at >= text.size() || (text[at] != '|' && text[at] != '>')) return where;
  size_t next = text.find('\n', at);
  if (next == std::string_view::npos) return where;
  size_t indent = next + 1;
  while (indent < text.size() && text[indent] == ' ') ++indent;
  where.line += 1;
  where.column = static_cast<int>(indent - next);
  return where;
}

Location relocate(const Location& inner, const Location& where, bool block) {
  Location loc = where;
  if (inner.line > 1) {
    loc.line = where.line + inner.line - 1;
    loc.column = block ? where.column + inner.column - 1 : inner.column;
  } else if (inner.column > 0) {
    loc.column = where.column + inner.column - 1;
  }
  if (inner.end_line > 0 && inner.end_line == inner.line) {
    loc.end_line = loc.line;
    loc.end_column = loc.column + (inner.end_column - inner.column);
  }
  return loc;
}

}  // namespace ggen::gen
