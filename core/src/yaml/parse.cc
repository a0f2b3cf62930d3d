#include "ggen/yaml/parse.h"

#include "yaml/parser.h"

namespace ggen::yaml {

Result<Node> parse(std::string_view text, std::string_view file_name, int line_offset) {
  try {
    detail::Parser parser(text, file_name, line_offset);
    return parser.parse_document();
  } catch (...) {
    return error_from_current_exception();
  }
}

}  // namespace ggen::yaml
