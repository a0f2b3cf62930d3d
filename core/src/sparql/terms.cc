#include "sparql/terms.h"

namespace ggen::sparql {

Value to_value(rdf::TermRef t) {
  switch (t.kind) {
    case rdf::TermKind::Iri:
      return Value::iri(std::string(t.value));
    case rdf::TermKind::Blank:
      return Value::blank(std::string(t.value));
    case rdf::TermKind::Literal:
      if (!t.lang.empty()) return Value::literal(std::string(t.value), {}, std::string(t.lang));
      if (t.datatype == rdf::vocab::kXsdString || t.datatype.empty())
        return Value::literal(std::string(t.value));
      return Value::literal(std::string(t.value), std::string(t.datatype));
  }
  return {};
}

rdf::Term to_term(const Value& v) {
  switch (v.kind) {
    case Kind::Iri:
      return rdf::Term::iri(v.lex);
    case Kind::Blank:
      return rdf::Term::blank(v.lex);
    case Kind::Literal:
      if (!v.lang.empty()) return rdf::Term::lang_literal(v.lex, rdf::lowercase_ascii(v.lang));
      return rdf::Term::literal(
          v.lex, v.datatype.empty() ? std::string(rdf::vocab::kXsdString) : v.datatype);
  }
  return {};
}

Id Terms::store_id(const Value& v) const {
  rdf::TermRef r;
  std::string lang;
  switch (v.kind) {
    case Kind::Iri:
      r = rdf::TermRef::iri(v.lex);
      break;
    case Kind::Blank:
      r = rdf::TermRef::blank(v.lex);
      break;
    case Kind::Literal:
      if (!v.lang.empty()) {
        lang = rdf::lowercase_ascii(v.lang);
        r = rdf::TermRef::lang_literal(v.lex, lang);
      } else {
        r = rdf::TermRef::literal(
            v.lex, v.datatype.empty() ? rdf::vocab::kXsdString : std::string_view(v.datatype));
      }
      break;
  }
  return store_.find(r);
}

Id Terms::intern(const Value& v) {
  if (Id id = store_id(v)) return id;
  Value key = v;
  if (!key.lang.empty()) key.lang = rdf::lowercase_ascii(key.lang);
  auto it = local_index_.find(key);
  if (it != local_index_.end()) return it->second;
  local_.push_back(key);
  Id id = static_cast<Id>(local_.size());
  local_index_.emplace(std::move(key), id);
  return id;
}

Value Terms::value(Id id) const {
  if (is_local(id)) return local_[id - 1];
  return to_value(store_.term(id));
}

Kind Terms::kind(Id id) const {
  if (is_local(id)) return local_[id - 1].kind;
  switch (rdf::kind_of(id)) {
    case rdf::TermKind::Iri:
      return Kind::Iri;
    case rdf::TermKind::Blank:
      return Kind::Blank;
    default:
      return Kind::Literal;
  }
}

}  // namespace ggen::sparql
