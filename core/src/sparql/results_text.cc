// CSV and TSV (W3C SPARQL 1.1 Query Results CSV and TSV Formats), the aligned text table, and
// N-Triples for graph results.
#include <algorithm>

#include "ggen/sparql/results.h"
#include "sparql/utf8.h"
#include "sparql/value_ops.h"

namespace ggen::sparql {
namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// TSV cells use Turtle syntax; integers, decimals and doubles in canonical form may be bare.
std::string tsv_cell(const Value& v) {
  if (v.is_literal() &&
      (v.datatype == xsd::kInteger || v.datatype == xsd::kDecimal || v.datatype == xsd::kDouble)) {
    const std::string& l = v.lex;
    bool bare = !l.empty() && l.find_first_not_of("+-0123456789.eE") == std::string::npos &&
                (v.datatype != xsd::kDecimal || l.find('.') != std::string::npos) &&
                (v.datatype != xsd::kDouble || l.find_first_of("eE") != std::string::npos);
    if (bare) return l;
  }
  std::string s = v.to_string();
  return s;
}

std::string plain(const Value& v) {
  return v.is_blank() ? "_:" + v.lex : v.lex;
}

}  // namespace

std::string write_csv(const QueryResult& r) {
  std::string out;
  if (r.kind == QueryResult::Boolean) return r.boolean ? "true\r\n" : "false\r\n";
  for (size_t i = 0; i < r.variables.size(); ++i) {
    if (i) out += ',';
    out += csv_field(r.variables[i]);
  }
  out += "\r\n";
  for (const auto& row : r.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      if (row[i]) out += csv_field(plain(*row[i]));
    }
    out += "\r\n";
  }
  return out;
}

std::string write_tsv(const QueryResult& r) {
  std::string out;
  if (r.kind == QueryResult::Boolean) return r.boolean ? "true\n" : "false\n";
  for (size_t i = 0; i < r.variables.size(); ++i) out += (i ? "\t?" : "?") + r.variables[i];
  out += "\n";
  for (const auto& row : r.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out += '\t';
      if (row[i]) out += tsv_cell(*row[i]);
    }
    out += "\n";
  }
  return out;
}

std::string write_table(const QueryResult& r) {
  if (r.kind == QueryResult::Boolean) return r.boolean ? "true\n" : "false\n";
  if (r.kind == QueryResult::Graph) return write_ntriples(r);
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> width;
  std::vector<std::string> head;
  for (const auto& v : r.variables) head.push_back("?" + v);
  cells.push_back(head);
  for (const auto& row : r.rows) {
    std::vector<std::string> line;
    for (const auto& c : row) line.push_back(c ? c->to_string() : "");
    cells.push_back(std::move(line));
  }
  width.assign(r.variables.size(), 0);
  for (const auto& line : cells)
    for (size_t i = 0; i < line.size(); ++i) width[i] = std::max(width[i], utf8_length(line[i]));
  auto rule = [&]() {
    std::string s = "+";
    for (size_t w : width) s += std::string(w + 2, '-') + "+";
    return s + "\n";
  };
  std::string out = rule();
  for (size_t k = 0; k < cells.size(); ++k) {
    out += "|";
    for (size_t i = 0; i < cells[k].size(); ++i)
      out += " " + cells[k][i] + std::string(width[i] - utf8_length(cells[k][i]), ' ') + " |";
    out += "\n";
    if (k == 0) out += rule();
  }
  out += rule();
  return out;
}

}  // namespace ggen::sparql
