#include "ggen/text/json_string.h"

#include "ggen/text/escape.h"

namespace ggen::text {

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  append_escaped(out, s, EscapeStyle{});
  out += '"';
}

}  // namespace ggen::text
