#pragma once
// Text -> algebra. Syntax errors are E_SPARQL_SYNTAX with the position and what was expected.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/sparql/algebra.h"

namespace ggen::sparql {

struct ParseOptions {
  std::string file = "<query>";  // reported in error locations
  std::string base;              // base IRI before any BASE declaration
  // Prefixes injected from outside (template front matter); the query may redefine them.
  std::vector<std::pair<std::string, std::string>> prefixes;
};

Result<std::shared_ptr<const Query>> parse_query(std::string_view text,
                                                 const ParseOptions& options = {});
Result<std::shared_ptr<const Update>> parse_update(std::string_view text,
                                                   const ParseOptions& options = {});

}  // namespace ggen::sparql
