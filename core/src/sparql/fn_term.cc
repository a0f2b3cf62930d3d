// Functions on RDF terms (spec 17.4.1-2): accessors, constructors, tests.
#include <cstdio>

#include "sparql/functions.h"
#include "sparql/iri.h"
#include "sparql/value_ops.h"

namespace ggen::sparql {
namespace {

using Args = std::vector<Value>;
using Out = std::optional<Value>;

Out str(Args& a, FnEnv&) {
  if (a[0].is_blank()) return {};
  return Value::literal(a[0].lex);
}
Out lang(Args& a, FnEnv&) {
  if (!a[0].is_literal()) return {};
  return Value::literal(a[0].lang);
}
Out datatype(Args& a, FnEnv&) {
  if (!a[0].is_literal()) return {};
  return Value::iri(a[0].datatype_iri());
}
Out iri(Args& a, FnEnv& env) {
  if (a[0].is_iri()) return a[0];
  if (!a[0].is_plain_string()) return {};
  return Value::iri(resolve_iri(env.base, a[0].lex));
}
std::string fresh_label(FnEnv& env) {
  std::string s = "f";
  s += std::to_string(env.bnode_counter++);
  return s;
}

Out bnode(Args& a, FnEnv& env) {
  if (a.empty()) return Value::blank(fresh_label(env));
  if (!a[0].is_plain_string()) return {};
  auto [it, fresh] = env.bnode_labels.emplace(std::make_pair(env.row, a[0].lex), std::string());
  if (fresh) it->second = fresh_label(env);
  return Value::blank(it->second);
}
Out strdt(Args& a, FnEnv&) {
  if (!a[0].is_plain_string() || !a[1].is_iri()) return {};
  return Value::literal(a[0].lex, a[1].lex);
}
Out strlang(Args& a, FnEnv&) {
  if (!a[0].is_plain_string() || !a[1].is_plain_string() || a[1].lex.empty()) return {};
  std::string l = a[1].lex;
  for (auto& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return Value::literal(a[0].lex, {}, l);
}
Out same_term(Args& a, FnEnv&) {
  return Value::boolean(a[0] == a[1]);
}
Out is_iri(Args& a, FnEnv&) {
  return Value::boolean(a[0].is_iri());
}
Out is_blank(Args& a, FnEnv&) {
  return Value::boolean(a[0].is_blank());
}
Out is_literal(Args& a, FnEnv&) {
  return Value::boolean(a[0].is_literal());
}
Out is_numeric(Args& a, FnEnv&) {
  return Value::boolean(as_numeric(a[0]).has_value());
}

Out langmatches(Args& a, FnEnv&) {
  if (!a[0].is_plain_string() || !a[1].is_plain_string()) return {};
  std::string tag = a[0].lex, range = a[1].lex;
  for (auto& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto& c : range) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (range == "*") return Value::boolean(!tag.empty());
  bool m = tag == range || (tag.size() > range.size() && tag.compare(0, range.size(), range) == 0 &&
                            tag[range.size()] == '-');
  return Value::boolean(m);
}

std::string uuid4(FnEnv& env) {
  uint64_t a = env.rng(), b = env.rng();
  a = (a & ~0xF000ull) | 0x4000ull;
  b = (b & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFFF),
                static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFull));
  return buf;
}
Out uuid(Args&, FnEnv& env) {
  return Value::iri("urn:uuid:" + uuid4(env));
}
Out struuid(Args&, FnEnv& env) {
  return Value::literal(uuid4(env));
}

}  // namespace

void register_term_functions(std::vector<Function>& out) {
  out.insert(out.end(), {{"STR", 1, 1, str},
                         {"LANG", 1, 1, lang},
                         {"DATATYPE", 1, 1, datatype},
                         {"IRI", 1, 1, iri},
                         {"URI", 1, 1, iri},
                         {"BNODE", 0, 1, bnode},
                         {"STRDT", 2, 2, strdt},
                         {"STRLANG", 2, 2, strlang},
                         {"SAMETERM", 2, 2, same_term},
                         {"ISIRI", 1, 1, is_iri},
                         {"ISURI", 1, 1, is_iri},
                         {"ISBLANK", 1, 1, is_blank},
                         {"ISLITERAL", 1, 1, is_literal},
                         {"ISNUMERIC", 1, 1, is_numeric},
                         {"LANGMATCHES", 2, 2, langmatches},
                         {"UUID", 0, 0, uuid},
                         {"STRUUID", 0, 0, struuid}});
}

}  // namespace ggen::sparql
