#pragma once
// The output's manifest, .ggen/generated.json: every whole file ggen wrote, with its hash and the
// template that wrote it (relative to the output root). Version 2; version 1 (hash only) is still
// read, its entries just never count as stale. Not public API.
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "internal.h"

namespace ggen::gen::detail {

struct ManifestEntry {
  std::string sha256;
  std::string template_path;  // "" when unknown (version 1, file-tree specs, scaffolds)
};

// A damaged or unknown manifest reads as empty: nothing is then trusted as ggen's.
std::map<std::string, ManifestEntry> parse_manifest(const std::string& text);

// The manifest's text for `entries`: byte for byte what nlohmann's dump(2) of
// {"version": 2, "files": {path: {"sha256", "template"?}}} gives, plus a newline, written
// directly so that `poll(i)` can be called per entry (i counts from 1; it may raise to stop).
std::string write_manifest(const std::map<std::string, ManifestEntry>& entries,
                           const std::function<void(size_t)>& poll = nullptr);

// How the manifest names `u`'s template: relative to the output root, so it does not depend on
// the working directory; "" for units without a file.
std::string manifest_template(const Plan& plan, const Unit& u);

// Stale outputs: files the manifest records that this run no longer produces, because their
// template is part of this run or no longer exists. Unchanged since ggen wrote them: a `delete`
// action; edited since: E_CONFLICT unless --force; already gone: just forgotten. Removes every
// stale entry from `owned` and appends the deletions to `plan.outputs` (sorted by path).
Result<void> plan_deletions(Plan& plan, const std::vector<Unit>& units,
                            const std::set<std::string>& produced,
                            std::map<std::string, ManifestEntry>& owned, const GenerateOptions& o);

}  // namespace ggen::gen::detail
