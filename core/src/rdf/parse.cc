// Format names and the parse() entry point: dispatch and exception-to-Result conversion.
#include <cctype>

#include "ggen/rdf/parser.h"
#include "rdf/parsers.h"

namespace ggen::rdf {

std::optional<Format> format_from_name(std::string_view name) {
  std::string n = lowercase_ascii(name);
  if (n == "turtle" || n == "ttl" || n == "text/turtle") return Format::Turtle;
  if (n == "trig" || n == "application/trig") return Format::TriG;
  if (n == "ntriples" || n == "n-triples" || n == "nt" || n == "application/n-triples") {
    return Format::NTriples;
  }
  if (n == "nquads" || n == "n-quads" || n == "nq" || n == "application/n-quads") {
    return Format::NQuads;
  }
  return std::nullopt;
}

std::optional<Format> format_from_path(std::string_view path) {
  size_t dot = path.rfind('.');
  size_t slash = path.find_last_of("/\\");
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return std::nullopt;
  }
  return format_from_name(path.substr(dot + 1));
}

std::string_view format_name(Format f) {
  switch (f) {
    case Format::Turtle:
      return "Turtle";
    case Format::TriG:
      return "TriG";
    case Format::NTriples:
      return "N-Triples";
    case Format::NQuads:
      return "N-Quads";
  }
  return "?";
}

Result<void> parse(std::string_view text, const ParseOptions& options, QuadSink& sink) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
  try {
    if (options.format == Format::NTriples || options.format == Format::NQuads) {
      detail::parse_line_based(text, options, sink);
    } else {
      detail::parse_turtle(text, options, sink);
    }
    return {};
  } catch (...) {
    return error_from_current_exception();
  }
}

}  // namespace ggen::rdf
