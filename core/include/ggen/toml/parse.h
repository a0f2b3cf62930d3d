#pragma once
// TOML for ggen.toml and pack manifests: tables, arrays of tables, dotted and quoted keys,
// basic/literal/multi-line strings, integers, floats, booleans, arrays and inline tables.
// (Dates and times are refused with a clear error: ggen's files have no use for them.)
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ggen/error/result.h"

namespace ggen::toml {

inline constexpr std::string_view kTomlSyntax = "E_TOML_SYNTAX";

struct Document {
  nlohmann::ordered_json root;               // tables are objects, in document order
  std::map<std::string, Location> keys;      // "a.b.c" (array items as "a[0].b") -> where written
  Location where(const std::string& dotted) const {
    auto it = keys.find(dotted);
    return it == keys.end() ? Location{} : it->second;
  }
};

Result<Document> parse(std::string_view text, const std::string& file);

}  // namespace ggen::toml
