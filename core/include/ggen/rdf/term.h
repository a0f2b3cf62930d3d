#pragma once
// The RDF term model. Terms live once in a Dictionary and are named by a 32-bit TermId; the two
// high bits of an id give its kind, so engines can test isIRI/isBlank/isLiteral without a lookup.
// TermRef is a non-owning view (what the dictionary and the parsers hand out); Term owns its
// strings.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace ggen::rdf {

using TermId = uint32_t;

enum class TermKind : uint8_t { Iri = 1, Blank = 2, Literal = 3 };

// 0 is never a term: "not found" from lookups, and the default graph in a Quad's graph slot.
inline constexpr TermId kNoTerm = 0;
inline constexpr TermId kDefaultGraph = 0;
// Wildcards for QuadPattern slots; never valid term ids.
inline constexpr TermId kAny = 0xFFFFFFFFu;
inline constexpr TermId kAnyNamed = 0xFFFFFFFEu;  // graph slot only: any named graph, not default

inline constexpr int kKindShift = 30;
inline constexpr TermId kIndexMask = (TermId{1} << kKindShift) - 1;

constexpr TermKind kind_of(TermId id) {
  return static_cast<TermKind>(id >> kKindShift);
}
constexpr bool is_iri(TermId id) {
  return id != kNoTerm && (id >> kKindShift) == 1;
}
constexpr bool is_blank(TermId id) {
  return (id >> kKindShift) == 2;
}
constexpr bool is_literal(TermId id) {
  return id < kAnyNamed && (id >> kKindShift) == 3;
}
constexpr bool is_wildcard(TermId id) {
  return id >= kAnyNamed;
}

namespace vocab {
inline constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";
inline constexpr std::string_view kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
inline constexpr std::string_view kRdfFirst = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
inline constexpr std::string_view kRdfRest = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
inline constexpr std::string_view kRdfNil = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
inline constexpr std::string_view kRdfLangString =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
inline constexpr std::string_view kXsdString = "http://www.w3.org/2001/XMLSchema#string";
inline constexpr std::string_view kXsdBoolean = "http://www.w3.org/2001/XMLSchema#boolean";
inline constexpr std::string_view kXsdInteger = "http://www.w3.org/2001/XMLSchema#integer";
inline constexpr std::string_view kXsdDecimal = "http://www.w3.org/2001/XMLSchema#decimal";
inline constexpr std::string_view kXsdDouble = "http://www.w3.org/2001/XMLSchema#double";
}  // namespace vocab

// A view of a term. For literals `datatype` is always set (xsd:string for simple literals,
// rdf:langString when `lang` is non-empty); for IRIs and blank nodes both are empty.
struct TermRef {
  TermKind kind = TermKind::Iri;
  std::string_view value;  // IRI, blank-node label (without "_:"), or lexical form
  std::string_view datatype;
  std::string_view lang;

  static TermRef iri(std::string_view v) { return {TermKind::Iri, v, {}, {}}; }
  static TermRef blank(std::string_view label) { return {TermKind::Blank, label, {}, {}}; }
  static TermRef literal(std::string_view lex, std::string_view dt = vocab::kXsdString) {
    return {TermKind::Literal, lex, dt, {}};
  }
  static TermRef lang_literal(std::string_view lex, std::string_view lang) {
    return {TermKind::Literal, lex, vocab::kRdfLangString, lang};
  }

  bool is_iri() const { return kind == TermKind::Iri; }
  bool is_blank() const { return kind == TermKind::Blank; }
  bool is_literal() const { return kind == TermKind::Literal; }
  // Exact equality (language tags as stored: the dictionary lowercases them).
  bool operator==(const TermRef& o) const {
    return kind == o.kind && value == o.value && datatype == o.datatype && lang == o.lang;
  }
};

// An owning term, for code that keeps terms beyond the life of a dictionary or parse buffer.
struct Term {
  TermKind kind = TermKind::Iri;
  std::string value;
  std::string datatype;
  std::string lang;

  Term() = default;
  explicit Term(TermRef r) : kind(r.kind), value(r.value), datatype(r.datatype), lang(r.lang) {}
  static Term iri(std::string v) { return Term(TermKind::Iri, std::move(v), {}, {}); }
  static Term blank(std::string label) { return Term(TermKind::Blank, std::move(label), {}, {}); }
  static Term literal(std::string lex, std::string dt = std::string(vocab::kXsdString)) {
    return Term(TermKind::Literal, std::move(lex), std::move(dt), {});
  }
  static Term lang_literal(std::string lex, std::string lang) {
    return Term(TermKind::Literal, std::move(lex), std::string(vocab::kRdfLangString),
                std::move(lang));
  }

  TermRef ref() const { return {kind, value, datatype, lang}; }
  operator TermRef() const { return ref(); }
  bool operator==(const Term& o) const { return ref() == o.ref(); }

 private:
  Term(TermKind k, std::string v, std::string dt, std::string l)
      : kind(k), value(std::move(v)), datatype(std::move(dt)), lang(std::move(l)) {}
};

struct TermHash {
  size_t operator()(const TermRef& t) const;
  size_t operator()(const Term& t) const { return (*this)(t.ref()); }
};

// N-Triples form of a term: <iri>, _:label, "lex"^^<dt>, "lex"@lang, "lex" (xsd:string elided).
std::string to_ntriples(TermRef t);
void append_ntriples(std::string& out, TermRef t);

// Lowercases ASCII letters: language tags compare case-insensitively, the store keeps lowercase.
std::string lowercase_ascii(std::string_view s);

}  // namespace ggen::rdf
