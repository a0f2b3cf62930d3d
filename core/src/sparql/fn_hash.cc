// Hash functions (spec 17.4.6): defined on simple literals and xsd:strings only.
#include "sparql/functions.h"
#include "sparql/hash.h"

namespace ggen::sparql {
namespace {

template <std::string (*H)(std::string_view)>
std::optional<Value> digest(std::vector<Value>& a, FnEnv&) {
  if (!a[0].is_plain_string()) return {};
  return Value::literal(H(a[0].lex));
}

}  // namespace

void register_hash_functions(std::vector<Function>& out) {
  out.insert(out.end(), {{"MD5", 1, 1, digest<md5_hex>},
                         {"SHA1", 1, 1, digest<sha1_hex>},
                         {"SHA256", 1, 1, digest<sha256_hex>},
                         {"SHA384", 1, 1, digest<sha384_hex>},
                         {"SHA512", 1, 1, digest<sha512_hex>}});
}

}  // namespace ggen::sparql
