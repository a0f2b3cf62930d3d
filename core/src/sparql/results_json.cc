// application/sparql-results+json (W3C SPARQL 1.1 Query Results JSON Format).

#include "ggen/sparql/results.h"
#include "ggen/text/json_string.h"

namespace ggen::sparql {
namespace {

void str(std::string& out, const std::string& s) {
  text::append_json_string(out, s);
}

}  // namespace

std::string write_json(const QueryResult& r) {
  std::string out = "{\"head\":{";
  if (r.kind == QueryResult::Boolean) {
    out += "},\"boolean\":";
    out += r.boolean ? "true" : "false";
    out += "}\n";
    return out;
  }
  out += "\"vars\":[";
  for (size_t i = 0; i < r.variables.size(); ++i) {
    if (i) out += ',';
    str(out, r.variables[i]);
  }
  out += "]},\"results\":{\"bindings\":[";
  for (size_t k = 0; k < r.rows.size(); ++k) {
    if (k) out += ',';
    out += '{';
    bool first = true;
    for (size_t i = 0; i < r.variables.size(); ++i) {
      const auto& c = r.rows[k][i];
      if (!c) continue;
      if (!first) out += ',';
      first = false;
      str(out, r.variables[i]);
      out += ":{\"type\":";
      switch (c->kind) {
        case Kind::Iri:
          out += "\"uri\"";
          break;
        case Kind::Blank:
          out += "\"bnode\"";
          break;
        case Kind::Literal:
          out += "\"literal\"";
          break;
      }
      out += ",\"value\":";
      str(out, c->lex);
      if (c->is_literal()) {
        if (!c->lang.empty()) {
          out += ",\"xml:lang\":";
          str(out, c->lang);
        } else if (!c->datatype.empty()) {
          out += ",\"datatype\":";
          str(out, c->datatype);
        }
      }
      out += '}';
    }
    out += '}';
  }
  out += "]}}\n";
  return out;
}

}  // namespace ggen::sparql
