#pragma once
// ggen-pack.toml: a pack's identity, what it ships and what it needs. Strict: unknown sections
// and keys are errors with a "did you mean"; every error points at the key.
//
//   [pack]          id, version, name, description, keywords, license, ggen (range of ggen
//   versions) [contents]      templates = "templates" (a folder), graphs = [...], queries = [...]
//   (files or folders) [dependencies]  <pack-id> = "<semver range>"
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/pack/semver.h"

namespace ggen::pack {

inline constexpr std::string_view kManifestFile = "ggen-pack.toml";
inline constexpr std::string_view kBadManifest = "E_PACK_MANIFEST";

struct Manifest {
  std::string id;
  Version version;
  std::string name;  // display name; the id when absent
  std::string description;
  std::vector<std::string> keywords;
  std::string license;
  std::string ggen = "*";  // range of ggen versions the pack works with
  std::string templates = "templates";
  std::vector<std::string> graphs;
  std::vector<std::string> queries;
  std::map<std::string, std::string> dependencies;  // id -> range (validated)
};

// Ids: 1-64 characters of a-z 0-9 - . _, starting with a letter or digit (so `<id>:<path>`
// never looks like a Windows drive letter: at least two characters).
bool valid_id(std::string_view id);

Result<Manifest> parse_manifest(std::string_view text, const std::string& file);
Result<Manifest> read_manifest(const std::filesystem::path& pack_dir);

// Everything parse_manifest checks plus the files: contents exist inside the pack, the templates
// folder holds templates, ggen's own version satisfies `ggen`. One message per problem.
struct LintIssue {
  std::string severity;  // "error" | "warning"
  std::string code;
  std::string message;
  Location location;
  std::string hint;
};
std::vector<LintIssue> lint_pack(const std::filesystem::path& pack_dir,
                                 const Version& ggen_version);

// The pack's files, relative to pack_dir with '/' separators, sorted: the manifest, the
// templates folder and the contents' graphs and queries. Raises E_PACK_MANIFEST on a symlink or
// a path that leaves the pack.
std::vector<std::string> pack_files(const std::filesystem::path& pack_dir, const Manifest& m);

// `ggen pack new`: writes a minimal, lint-clean pack into dir (which must not exist or be empty).
Result<std::vector<std::string>> scaffold_pack(const std::filesystem::path& dir,
                                               const std::string& id);

}  // namespace ggen::pack
