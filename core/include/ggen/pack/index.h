#pragma once
// A registry's index.json, search over it, and dependency resolution against it.
//
//   { "schema": 1,
//     "packs": { "<id>": { "name", "description", "keywords": [...], "license",
//                          "versions": { "<semver>": { "archive": "<id>-<version>.tgz",
//                                                      "sha256": "<64 hex>", "size": <bytes>,
//                                                      "ggen": "<range>",
//                                                      "dependencies": { "<id>": "<range>" } } } }
//                                                      } }
//
// Pack-level fields describe the highest version. Written with sorted keys, two-space indent and
// a final newline, so publishing the same packs yields the same bytes.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/pack/manifest.h"
#include "ggen/pack/semver.h"

namespace ggen::pack {

inline constexpr std::string_view kBadIndex = "E_REGISTRY_INDEX";
inline constexpr std::string_view kDepCycle = "E_DEP_CYCLE";
inline constexpr std::string_view kDepConflict = "E_DEP_CONFLICT";
inline constexpr std::string_view kNoMatch = "E_NO_MATCHING_VERSION";
inline constexpr int kIndexSchema = 1;

struct IndexVersion {
  Version version;
  std::string archive;  // relative to the registry base
  std::string sha256;
  uint64_t size = 0;
  std::string ggen = "*";
  std::map<std::string, std::string> dependencies;
};

struct IndexPack {
  std::string id, name, description, license;
  std::vector<std::string> keywords;
  std::vector<IndexVersion> versions;  // ascending
  const IndexVersion& latest() const { return versions.back(); }
  const IndexVersion* find(const Version& v) const;
};

struct Index {
  std::map<std::string, IndexPack> packs;
};

Result<Index> parse_index(std::string_view text, const std::string& source);
std::string index_to_json(const Index& index);
// Adds (or, with the same bytes, keeps) a version; E_PACK_EXISTS when that version was published
// with different bytes (published versions are immutable).
Result<void> add_to_index(Index& index, const Manifest& m, const std::string& archive,
                          const std::string& sha256, uint64_t size);

// Search: every whitespace-separated term must match the pack somewhere; each term scores its
// best field: 100 exact id, 80 exact name, 60 id or name contains it, 40 keyword equals it,
// 30 keyword contains it, 20 description contains it (case-insensitive). Sorted by total score,
// then id. An empty query lists every pack by id.
struct SearchHit {
  const IndexPack* pack;
  int score;
  std::string matched;  // the best field of the first term: "id", "name", "keyword", "description"
};
std::vector<SearchHit> search(const Index& index, std::string_view query);

// Resolution: for each requested (id, range) and, depth first in id order, each dependency, the
// highest version that satisfies the range and whose `ggen` range admits this ggen. A locked
// (preferred) version is kept while it satisfies. A pack met again on its own dependency path is
// a cycle (E_DEP_CYCLE, naming the chain); a pack already chosen at a version that a later range
// excludes is a conflict (E_DEP_CONFLICT, naming both requirers).
struct Resolved {
  std::string id;
  const IndexVersion* version;
  std::string required_by;  // "" for a requested pack, else "<id>@<version>"
};
struct Request {
  std::string id;
  std::string range;
};
Result<std::vector<Resolved>> resolve(const Index& index, const std::vector<Request>& requests,
                                      const std::map<std::string, Version>& preferred,
                                      const Version& ggen_version);

}  // namespace ggen::pack
