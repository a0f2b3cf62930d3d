// Dependency resolution: depth first, ids in sorted order, highest satisfying version (or the
// locked one while it still satisfies); a requested pack's own range also binds where it is met
// as a dependency. No backtracking: a conflict is reported, not searched
// around, so the outcome is easy to predict and explain.
#include <algorithm>

#include "ggen/pack/index.h"

namespace ggen::pack {

namespace {

struct Resolver {
  const Index& index;
  const std::map<std::string, Version>& preferred;
  const Version& ggen;
  std::vector<Resolved> out;
  std::map<std::string, size_t> chosen;  // id -> position in out
  std::vector<std::string> chain;        // "<id>@<version>" on the current path
  std::vector<std::string> chain_ids;
  std::map<std::string, Range> direct;  // the requests' own ranges bind wherever the pack is met

  std::string path_text(const std::string& tail) const {
    std::string s;
    for (const auto& c : chain) s += c + " -> ";
    return s + tail;
  }

  bool fits(const std::string& id, const Range& range, const Version& v) const {
    auto d = direct.find(id);
    return range.satisfied_by(v) && (d == direct.end() || d->second.satisfied_by(v));
  }

  Result<void> visit(const std::string& id, const std::string& range_text,
                     const std::string& requirer) {
    auto range = parse_range(range_text);
    if (!range.ok()) return range.error();
    if (std::find(chain_ids.begin(), chain_ids.end(), id) != chain_ids.end()) {
      return Error(std::string(kDepCycle), "dependency cycle: " + path_text(id))
          .with_hint("packs may not depend on themselves, directly or through others");
    }
    if (auto it = chosen.find(id); it != chosen.end()) {
      const Resolved& r = out[it->second];
      if (range.value().satisfied_by(r.version->version)) return {};
      std::string first = r.required_by.empty() ? "the request" : r.required_by;
      return Error(std::string(kDepConflict), "version conflict for `" + id + "`: " + first +
                                                  " selected " + r.version->version.to_string() +
                                                  ", but " +
                                                  (requirer.empty() ? "the request" : requirer) +
                                                  " needs `" + range_text + "`")
          .with_hint("path: " + path_text(id) +
                     "; relax one of the ranges or publish a version both accept");
    }
    auto pit = index.packs.find(id);
    if (pit == index.packs.end()) {
      return Error(std::string(codes::kNotFound),
                   "pack `" + id + "` is not in the registry" +
                       (requirer.empty() ? "" : " (required by " + requirer + ")"))
          .with_hint("`ggen marketplace search` lists what the registry holds");
    }
    const IndexPack& pack = pit->second;
    const IndexVersion* pick = nullptr;
    if (auto pref = preferred.find(id); pref != preferred.end()) {
      const IndexVersion* locked = pack.find(pref->second);
      if (locked && fits(id, range.value(), locked->version)) pick = locked;
    }
    bool excluded_by_ggen = false;
    if (!pick) {
      for (auto it = pack.versions.rbegin(); it != pack.versions.rend(); ++it) {
        if (!fits(id, range.value(), it->version)) continue;
        auto g = parse_range(it->ggen);
        if (g.ok() && !g.value().satisfied_by(ggen)) {
          excluded_by_ggen = true;
          continue;
        }
        pick = &*it;
        break;
      }
    }
    if (!pick) {
      std::string have;
      for (const auto& v : pack.versions)
        have += (have.empty() ? "" : ", ") + v.version.to_string();
      return Error(std::string(kNoMatch),
                   "no version of `" + id + "` satisfies `" + range_text + "`" +
                       (requirer.empty() ? "" : " (required by " + requirer + ")") +
                       (excluded_by_ggen ? " and this ggen (" + ggen.to_string() + ")" : ""))
          .with_hint("published versions: " + have);
    }
    chosen[id] = out.size();
    out.push_back({id, pick, requirer});
    std::string me = id + "@" + pick->version.to_string();
    chain.push_back(me);
    chain_ids.push_back(id);
    for (const auto& [dep, r] : pick->dependencies) {
      auto done = visit(dep, r, me);
      if (!done.ok()) return done;
    }
    chain.pop_back();
    chain_ids.pop_back();
    return {};
  }
};

}  // namespace

Result<std::vector<Resolved>> resolve(const Index& index, const std::vector<Request>& requests,
                                      const std::map<std::string, Version>& preferred,
                                      const Version& ggen_version) {
  std::vector<Request> sorted = requests;
  std::sort(sorted.begin(), sorted.end(),
            [](const Request& a, const Request& b) { return a.id < b.id; });
  Resolver r{index, preferred, ggen_version, {}, {}, {}, {}, {}};
  for (const auto& req : sorted) {
    auto range = parse_range(req.range);
    if (!range.ok()) return range.error();
    r.direct.emplace(req.id, range.value());
  }
  for (const auto& req : sorted) {
    auto done = r.visit(req.id, req.range, "");
    if (!done.ok()) return done.error();
  }
  std::sort(r.out.begin(), r.out.end(),
            [](const Resolved& a, const Resolved& b) { return a.id < b.id; });
  return std::move(r.out);
}

}  // namespace ggen::pack
