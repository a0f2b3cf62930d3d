#pragma once
// RFC 3986 reference resolution (section 5.2), for BASE and relative IRIs in queries.
#include <string>

namespace ggen::sparql {

std::string resolve_iri(const std::string& base, const std::string& ref);

}  // namespace ggen::sparql
