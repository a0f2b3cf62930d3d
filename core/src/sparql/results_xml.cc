// application/sparql-results+xml (W3C SPARQL Query Results XML Format).
#include "ggen/sparql/results.h"

namespace ggen::sparql {
namespace {

std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string write_xml(const QueryResult& r) {
  std::string out =
      "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
      "  <head>\n";
  if (r.kind == QueryResult::Boolean) {
    out += "  </head>\n  <boolean>";
    out += r.boolean ? "true" : "false";
    return out + "</boolean>\n</sparql>\n";
  }
  for (const auto& v : r.variables) out += "    <variable name=\"" + esc(v) + "\"/>\n";
  out += "  </head>\n  <results>\n";
  for (const auto& row : r.rows) {
    out += "    <result>\n";
    for (size_t i = 0; i < row.size(); ++i) {
      if (!row[i]) continue;
      const Value& v = *row[i];
      out += "      <binding name=\"" + esc(r.variables[i]) + "\">";
      if (v.is_iri()) {
        out += "<uri>" + esc(v.lex) + "</uri>";
      } else if (v.is_blank()) {
        out += "<bnode>" + esc(v.lex) + "</bnode>";
      } else {
        out += "<literal";
        if (!v.lang.empty())
          out += " xml:lang=\"" + esc(v.lang) + "\"";
        else if (!v.datatype.empty())
          out += " datatype=\"" + esc(v.datatype) + "\"";
        out += '>';
        out += esc(v.lex);
        out += "</literal>";
      }
      out += "</binding>\n";
    }
    out += "    </result>\n";
  }
  return out + "  </results>\n</sparql>\n";
}

}  // namespace ggen::sparql
