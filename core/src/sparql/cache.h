#pragma once
// Process-wide caches: parsed queries by text, results by (store version, text). Store versions
// are unique across stores in the process, so a version never names two different contents.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ggen/sparql/engine.h"

namespace ggen::sparql {

std::string cache_key(std::string_view text, const ParseOptions& o);
std::shared_ptr<const Query> parse_cache_get(const std::string& key);
void parse_cache_put(const std::string& key, std::shared_ptr<const Query> q);
std::optional<QueryResult> result_cache_get(uint64_t version, const std::string& key);
void result_cache_put(uint64_t version, const std::string& key, const QueryResult& r);

}  // namespace ggen::sparql
