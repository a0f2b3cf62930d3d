// index.json: parse (strict about types, tolerant of unknown keys for later schema additions
// within schema 1), write (sorted, stable), and add a published version.
#include "ggen/pack/index.h"

#include <nlohmann/json.hpp>

namespace ggen::pack {

using json = nlohmann::json;

const IndexVersion* IndexPack::find(const Version& v) const {
  for (const auto& iv : versions) {
    if (iv.version == v) return &iv;
  }
  return nullptr;
}

Result<Index> parse_index(std::string_view text, const std::string& source) {
  auto bad = [&](std::string m) {
    return Error(std::string(kBadIndex), "invalid registry index " + source + ": " + m)
        .with_hint(
            "index.json follows the schema in docs/packs.md; `ggen marketplace publish` writes it");
  };
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
  if (!j.contains("schema") || !j["schema"].is_number_integer()) return bad("no integer `schema`");
  if (j["schema"].get<int>() != kIndexSchema) {
    return bad("schema " + std::to_string(j["schema"].get<int>()) +
               " is not supported (this ggen reads schema 1)");
  }
  if (!j.contains("packs") || !j["packs"].is_object()) return bad("no `packs` object");
  Index index;
  auto s = [](const json& o, const char* k) {
    return o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : std::string();
  };
  for (auto& [id, p] : j["packs"].items()) {
    if (!valid_id(id) || !p.is_object()) return bad("pack `" + id + "` is malformed");
    IndexPack pack{id, s(p, "name"), s(p, "description"), s(p, "license"), {}, {}};
    if (pack.name.empty()) pack.name = id;
    if (p.contains("keywords") && p["keywords"].is_array()) {
      for (const auto& k : p["keywords"]) {
        if (k.is_string()) pack.keywords.push_back(k.get<std::string>());
      }
    }
    if (!p.contains("versions") || !p["versions"].is_object() || p["versions"].empty())
      return bad("pack `" + id + "` has no versions");
    for (auto& [ver, v] : p["versions"].items()) {
      auto parsed = parse_version(ver);
      if (!parsed.ok() || !v.is_object())
        return bad("pack `" + id + "` has a malformed version `" + ver + "`");
      IndexVersion iv;
      iv.version = parsed.value();
      iv.archive = s(v, "archive");
      iv.sha256 = s(v, "sha256");
      iv.ggen = v.contains("ggen") ? s(v, "ggen") : "*";
      if (iv.archive.empty() || iv.sha256.size() != 64 ||
          iv.sha256.find_first_not_of("0123456789abcdef") != std::string::npos) {
        return bad("`" + id + "@" + ver + "` needs an `archive` and a lowercase hex `sha256`");
      }
      if (v.contains("size") && v["size"].is_number_unsigned()) iv.size = v["size"].get<uint64_t>();
      if (v.contains("dependencies")) {
        if (!v["dependencies"].is_object())
          return bad("`" + id + "@" + ver + "` dependencies must be an object");
        for (auto& [d, r] : v["dependencies"].items()) {
          if (!r.is_string() || !parse_range(r.get<std::string>()).ok())
            return bad("`" + id + "@" + ver + "` has a bad range for `" + d + "`");
          iv.dependencies[d] = r.get<std::string>();
        }
      }
      pack.versions.push_back(std::move(iv));
    }
    std::sort(pack.versions.begin(), pack.versions.end(),
              [](const auto& a, const auto& b) { return a.version < b.version; });
    index.packs.emplace(id, std::move(pack));
  }
  return index;
}

std::string index_to_json(const Index& index) {
  json packs = json::object();
  for (const auto& [id, p] : index.packs) {
    json versions = json::object();
    for (const auto& v : p.versions) {
      versions[v.version.to_string()] = {{"archive", v.archive},
                                         {"sha256", v.sha256},
                                         {"size", v.size},
                                         {"ggen", v.ggen},
                                         {"dependencies", v.dependencies}};
    }
    packs[id] = {{"name", p.name},
                 {"description", p.description},
                 {"keywords", p.keywords},
                 {"license", p.license},
                 {"versions", versions}};
  }
  json j = {{"schema", kIndexSchema}, {"packs", packs}};
  return j.dump(2) + "\n";
}

Result<void> add_to_index(Index& index, const Manifest& m, const std::string& archive,
                          const std::string& sha256, uint64_t size) {
  IndexPack& p = index.packs[m.id];
  p.id = m.id;
  if (const IndexVersion* existing = p.find(m.version)) {
    if (existing->sha256 == sha256) return {};
    return Error("E_PACK_EXISTS", m.id + "@" + m.version.to_string() +
                                      " is already published with different contents")
        .with_hint("published versions never change: bump [pack] version");
  }
  IndexVersion iv{m.version, archive, sha256, size, m.ggen, m.dependencies};
  p.versions.push_back(iv);
  std::sort(p.versions.begin(), p.versions.end(),
            [](const auto& a, const auto& b) { return a.version < b.version; });
  if (p.latest().version == m.version) {
    p.name = m.name;
    p.description = m.description;
    p.keywords = m.keywords;
    p.license = m.license;
  }
  return {};
}

}  // namespace ggen::pack
