#include <nlohmann/json.hpp>
#include <stdexcept>

#include "ggen/sparql/value.h"
#include "sparql/results.h"
#include "sparql/xml.h"

namespace sparql_conf {
namespace {

const std::string kRs = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#";
const std::string kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

Value literal(std::string lex, const std::string* dt, const std::string* lang) {
  if (lang && !lang->empty()) return Value::literal(std::move(lex), {}, *lang);
  return Value::literal(std::move(lex), dt ? *dt : std::string());
}

}  // namespace

ResultSet read_srx(const std::string& text) {
  ResultSet rs;
  auto doc = parse_xml(text);
  const XmlNode* sparql = doc->child("sparql");
  if (!sparql) throw std::runtime_error("no <sparql> element");
  if (const XmlNode* head = sparql->child("head"))
    for (const auto* v : head->children("variable")) rs.vars.push_back(*v->attr("name"));
  if (const XmlNode* b = sparql->child("boolean")) {
    rs.is_boolean = true;
    rs.boolean = b->text.find("true") != std::string::npos;
    return rs;
  }
  const XmlNode* results = sparql->child("results");
  if (!results) return rs;
  for (const auto* r : results->children("result")) {
    std::map<std::string, Value> row;
    for (const auto* b : r->children("binding")) {
      const std::string& name = *b->attr("name");
      if (const auto* u = b->child("uri"))
        row[name] = Value::iri(u->text);
      else if (const auto* n = b->child("bnode"))
        row[name] = Value::blank(n->text);
      else if (const auto* l = b->child("literal"))
        row[name] = literal(l->text, l->attr("datatype"), l->attr("lang"));
    }
    rs.rows.push_back(std::move(row));
  }
  return rs;
}

ResultSet read_srj(const std::string& text) {
  ResultSet rs;
  auto j = nlohmann::json::parse(text);
  if (j.contains("head") && j["head"].contains("vars"))
    for (const auto& v : j["head"]["vars"]) rs.vars.push_back(v.get<std::string>());
  if (j.contains("boolean")) {
    rs.is_boolean = true;
    rs.boolean = j["boolean"].get<bool>();
    return rs;
  }
  for (const auto& b : j["results"]["bindings"]) {
    std::map<std::string, Value> row;
    for (auto it = b.begin(); it != b.end(); ++it) {
      const auto& c = it.value();
      std::string type = c["type"], value = c["value"];
      if (type == "uri") {
        row[it.key()] = Value::iri(value);
      } else if (type == "bnode") {
        row[it.key()] = Value::blank(value);
      } else {
        std::string dt = c.contains("datatype") ? c["datatype"].get<std::string>() : "";
        std::string lang = c.contains("xml:lang") ? c["xml:lang"].get<std::string>() : "";
        row[it.key()] = literal(value, &dt, &lang);
      }
    }
    rs.rows.push_back(std::move(row));
  }
  return rs;
}

namespace {

// One Turtle-syntax term of a TSV cell.
Value tsv_term(const std::string& s) {
  if (s.empty()) throw std::runtime_error("empty term");
  if (s[0] == '<') return Value::iri(s.substr(1, s.size() - 2));
  if (s.rfind("_:", 0) == 0) return Value::blank(s.substr(2));
  if (s[0] == '"') {
    size_t end = s.rfind('"');
    std::string lex;
    for (size_t i = 1; i < end; ++i) {
      if (s[i] == '\\' && i + 1 < end) {
        char e = s[++i];
        lex += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
      } else {
        lex += s[i];
      }
    }
    std::string rest = s.substr(end + 1);
    if (rest.rfind("@", 0) == 0) return Value::literal(lex, {}, rest.substr(1));
    if (rest.rfind("^^<", 0) == 0) return Value::literal(lex, rest.substr(3, rest.size() - 4));
    return Value::literal(lex);
  }
  if (s == "true" || s == "false") return Value::boolean(s == "true");
  if (s.find_first_of("eE") != std::string::npos)
    return Value::literal(s, ggen::sparql::xsd::kDouble);
  if (s.find('.') != std::string::npos) return Value::literal(s, ggen::sparql::xsd::kDecimal);
  return Value::literal(s, ggen::sparql::xsd::kInteger);
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  size_t b = 0;
  for (;;) {
    size_t e = line.find(sep, b);
    out.push_back(line.substr(b, e == std::string::npos ? std::string::npos : e - b));
    if (e == std::string::npos) break;
    b = e + 1;
  }
  return out;
}

}  // namespace

ResultSet read_tsv(const std::string& text) {
  ResultSet rs;
  std::vector<std::string> lines = split(text, '\n');
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) return rs;
  for (auto& h : split(lines[0], '\t')) rs.vars.push_back(h.substr(1));
  for (size_t i = 1; i < lines.size(); ++i) {
    auto cells = split(lines[i], '\t');
    std::map<std::string, Value> row;
    for (size_t k = 0; k < cells.size() && k < rs.vars.size(); ++k)
      if (!cells[k].empty()) row[rs.vars[k]] = tsv_term(cells[k]);
    rs.rows.push_back(std::move(row));
  }
  return rs;
}

ResultSet read_csv(const std::string& text) {
  ResultSet rs;
  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> cur;
  std::string cell;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        cell += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        cell += c;
    } else if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      cur.push_back(cell), cell.clear();
    } else if (c == '\r') {
    } else if (c == '\n') {
      cur.push_back(cell), cell.clear();
      lines.push_back(cur), cur.clear();
    } else {
      cell += c;
    }
  }
  if (!cell.empty() || !cur.empty()) cur.push_back(cell), lines.push_back(cur);
  if (lines.empty()) return rs;
  rs.vars = lines[0];
  for (size_t i = 1; i < lines.size(); ++i) {
    std::map<std::string, Value> row;
    for (size_t k = 0; k < lines[i].size() && k < rs.vars.size(); ++k) {
      const std::string& v = lines[i][k];
      if (v.empty()) continue;
      row[rs.vars[k]] = v.rfind("_:", 0) == 0 ? Value::blank(v.substr(2)) : Value::literal(v);
    }
    rs.rows.push_back(std::move(row));
  }
  (void)any;
  return rs;
}

ResultSet read_rs_rdfxml(const std::string& text) {
  ResultSet rs;
  auto doc = parse_xml(text);
  const XmlNode* rdf = doc->child("RDF");
  const XmlNode* set = rdf ? rdf->child("ResultSet") : doc->child("ResultSet");
  if (!set) throw std::runtime_error("no rs:ResultSet");
  for (const auto* v : set->children("resultVariable")) rs.vars.push_back(v->text);
  std::vector<std::pair<long, std::map<std::string, Value>>> sols;
  for (const auto* s : set->children("solution")) {
    long index = -1;
    if (const auto* ix = s->child("index")) {
      index = std::stol(ix->text);
      rs.ordered = true;
    }
    std::map<std::string, Value> row;
    for (const auto* b : s->children("binding")) {
      const auto* var = b->child("variable");
      const auto* val = b->child("value");
      if (!var || !val) continue;
      if (const auto* r = val->attr("resource"))
        row[var->text] = Value::iri(*r);
      else if (const auto* n = val->attr("nodeID"))
        row[var->text] = Value::blank(*n);
      else
        row[var->text] = literal(val->text, val->attr("datatype"), val->attr("lang"));
    }
    sols.push_back({index, std::move(row)});
  }
  std::stable_sort(sols.begin(), sols.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& s : sols) rs.rows.push_back(std::move(s.second));
  return rs;
}

ResultSet read_rs_graph(const ggen::rdf::Store& store) {
  using namespace ggen::rdf;
  ResultSet rs;
  auto id = [&](const std::string& local) { return store.find(TermRef::iri(kRs + local)); };
  TermId type = store.find(TermRef::iri(kRdfType));
  TermId cls = id("ResultSet");
  TermId set = kNoTerm;
  store.for_each({kAny, type, cls, kAny}, [&](const Quad& q) { set = q.s; });
  if (!set) throw std::runtime_error("no rs:ResultSet in the expected graph");
  auto objects = [&](TermId s, TermId p) {
    std::vector<TermId> out;
    if (s && p) store.for_each({s, p, kAny, kAny}, [&](const Quad& q) { out.push_back(q.o); });
    return out;
  };
  auto val = [&](TermId t) {
    TermRef r = store.term(t);
    if (r.is_iri()) return Value::iri(std::string(r.value));
    if (r.is_blank()) return Value::blank(std::string(r.value));
    std::string dt(r.datatype), lang(r.lang);
    if (dt == "http://www.w3.org/2001/XMLSchema#string") dt.clear();
    if (!lang.empty()) dt.clear();
    return Value::literal(std::string(r.value), dt, lang);
  };
  for (TermId v : objects(set, id("resultVariable"))) rs.vars.push_back(val(v).lex);
  for (TermId b : objects(set, id("boolean"))) {
    rs.is_boolean = true;
    rs.boolean = val(b).lex == "true";
  }
  std::vector<std::pair<long, std::map<std::string, Value>>> sols;
  for (TermId s : objects(set, id("solution"))) {
    long index = -1;
    for (TermId ix : objects(s, id("index"))) {
      index = std::stol(val(ix).lex);
      rs.ordered = true;
    }
    std::map<std::string, Value> row;
    for (TermId b : objects(s, id("binding"))) {
      auto vars = objects(b, id("variable"));
      auto vals = objects(b, id("value"));
      if (!vars.empty() && !vals.empty()) row[val(vars[0]).lex] = val(vals[0]);
    }
    sols.push_back({index, std::move(row)});
  }
  std::stable_sort(sols.begin(), sols.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& s : sols) rs.rows.push_back(std::move(s.second));
  return rs;
}

ResultSet from_result(const ggen::sparql::QueryResult& r) {
  ResultSet rs;
  if (r.kind == ggen::sparql::QueryResult::Boolean) {
    rs.is_boolean = true;
    rs.boolean = r.boolean;
    return rs;
  }
  rs.vars = r.variables;
  for (const auto& row : r.rows) {
    std::map<std::string, Value> m;
    for (size_t i = 0; i < row.size(); ++i)
      if (row[i]) m[r.variables[i]] = *row[i];
    rs.rows.push_back(std::move(m));
  }
  return rs;
}

}  // namespace sparql_conf
