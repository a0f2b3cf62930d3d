#pragma once
// Entry points of the format parsers; they raise ggen::Exception on syntax errors.
#include <string_view>

#include "ggen/rdf/parser.h"

namespace ggen::rdf::detail {

void parse_line_based(std::string_view text, const ParseOptions& opts, QuadSink& sink);
void parse_turtle(std::string_view text, const ParseOptions& opts, QuadSink& sink);

}  // namespace ggen::rdf::detail
