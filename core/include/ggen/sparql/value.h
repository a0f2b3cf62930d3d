#pragma once
// The term value the SPARQL engine computes with. Kept independent of the store's own term type:
// expressions create terms that are not in the store, and the evaluator converts at the edges.
#include <cstdint>
#include <string>
#include <string_view>

namespace ggen::sparql {

namespace xsd {
inline constexpr std::string_view kNs = "http://www.w3.org/2001/XMLSchema#";
inline const std::string kString = "http://www.w3.org/2001/XMLSchema#string";
inline const std::string kBoolean = "http://www.w3.org/2001/XMLSchema#boolean";
inline const std::string kInteger = "http://www.w3.org/2001/XMLSchema#integer";
inline const std::string kDecimal = "http://www.w3.org/2001/XMLSchema#decimal";
inline const std::string kFloat = "http://www.w3.org/2001/XMLSchema#float";
inline const std::string kDouble = "http://www.w3.org/2001/XMLSchema#double";
inline const std::string kDateTime = "http://www.w3.org/2001/XMLSchema#dateTime";
inline const std::string kDate = "http://www.w3.org/2001/XMLSchema#date";
inline const std::string kDayTimeDuration = "http://www.w3.org/2001/XMLSchema#dayTimeDuration";
inline const std::string kLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
}  // namespace xsd

enum class Kind : uint8_t { Iri, Blank, Literal };

struct Value {
  Kind kind = Kind::Iri;
  std::string lex;       // IRI, blank label (without "_:"), or lexical form
  std::string datatype;  // literals only; empty means xsd:string (plain) unless lang is set
  std::string lang;      // lowercase-insensitive language tag; implies rdf:langString

  static Value iri(std::string v) { return {Kind::Iri, std::move(v), {}, {}}; }
  static Value blank(std::string v) { return {Kind::Blank, std::move(v), {}, {}}; }
  static Value literal(std::string v, std::string dt = {}, std::string lang = {}) {
    if (dt == xsd::kString) dt.clear();
    return {Kind::Literal, std::move(v), std::move(dt), std::move(lang)};
  }
  static Value boolean(bool b) { return literal(b ? "true" : "false", xsd::kBoolean); }
  static Value integer(int64_t i) { return literal(std::to_string(i), xsd::kInteger); }

  bool is_iri() const { return kind == Kind::Iri; }
  bool is_blank() const { return kind == Kind::Blank; }
  bool is_literal() const { return kind == Kind::Literal; }
  // Simple literal or xsd:string: what string functions accept besides lang strings.
  bool is_plain_string() const { return is_literal() && datatype.empty() && lang.empty(); }
  bool is_string_like() const { return is_literal() && datatype.empty(); }
  // The datatype IRI as SPARQL's DATATYPE() reports it.
  const std::string& datatype_iri() const {
    if (!datatype.empty()) return datatype;
    return lang.empty() ? xsd::kString : xsd::kLangString;
  }
  bool operator==(const Value& o) const {
    return kind == o.kind && lex == o.lex && datatype == o.datatype && lang == o.lang;
  }
  // N-Triples-like rendering, for tables, keys and messages.
  std::string to_string() const;
};

struct ValueHash {
  size_t operator()(const Value& v) const {
    size_t h = std::hash<std::string>()(v.lex);
    h ^= std::hash<std::string>()(v.datatype) + 0x9e3779b9 + (h << 6) + (h >> 2);
    h ^= std::hash<std::string>()(v.lang) + (static_cast<size_t>(v.kind) << 3);
    return h;
  }
};

}  // namespace ggen::sparql
