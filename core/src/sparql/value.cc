#include "ggen/sparql/value.h"

namespace ggen::sparql {

std::string Value::to_string() const {
  switch (kind) {
    case Kind::Iri:
      return "<" + lex + ">";
    case Kind::Blank:
      return "_:" + lex;
    case Kind::Literal:
      break;
  }
  std::string s = "\"";
  for (char c : lex) {
    switch (c) {
      case '"':
        s += "\\\"";
        break;
      case '\\':
        s += "\\\\";
        break;
      case '\n':
        s += "\\n";
        break;
      case '\r':
        s += "\\r";
        break;
      case '\t':
        s += "\\t";
        break;
      default:
        s += c;
    }
  }
  s += '"';
  if (!lang.empty()) return s + "@" + lang;
  if (!datatype.empty()) return s + "^^<" + datatype + ">";
  return s;
}

}  // namespace ggen::sparql
