// install / update / remove: resolve, fetch and verify every archive into staging folders, then
// move them into place and write ggen.lock. A failure before the moves leaves nothing behind.
#include <algorithm>
#include <set>

#include "ggen/gen/plan.h"
#include "ggen/pack/archive.h"
#include "ggen/pack/store.h"
#include "pack/files.h"

namespace ggen::pack {

namespace fs = std::filesystem;

namespace {

struct Staged {
  fs::path tmp, final;
};

// The folders (.ggen, .ggen/packs, .ggen/packs/<id>) that did not exist before this run and
// that unpacking into `final`'s staging folder will create: a failure removes them again.
void note_new_folders(const fs::path& ws, const fs::path& final, std::vector<fs::path>& created) {
  std::error_code ec;
  for (fs::path p = final.parent_path(); p != ws && p.has_relative_path(); p = p.parent_path()) {
    if (fs::exists(p, ec)) break;
    if (std::find(created.begin(), created.end(), p) == created.end()) created.push_back(p);
  }
}

// Removes the staging folders, then the folders this run created, deepest first, when empty
// (so a failed installation leaves the workspace as it was).
void discard(const std::vector<Staged>& staged, std::vector<fs::path> created) {
  std::error_code ec;
  for (const auto& s : staged) fs::remove_all(s.tmp, ec);
  std::sort(created.begin(), created.end(), [](const fs::path& a, const fs::path& b) {
    return a.native().size() > b.native().size();
  });
  for (const auto& dir : created) {
    if (fs::is_empty(dir, ec)) fs::remove(dir, ec);
  }
}

// Fetches one archive, checks its sha-256 against the index, unpacks it safely into `tmp` and
// checks that the manifest inside is the pack the index announced.
Result<void> fetch_verified(const Registry& r, const std::string& id, const IndexVersion& v,
                            const fs::path& tmp, const runtime::Context& ctx) {
  std::string label = id + "@" + v.version.to_string();
  auto bytes = registry_fetch(r, v.archive, ctx);
  if (!bytes.ok()) return bytes.error();
  std::string actual = gen::sha256_hex(bytes.value());
  if (actual != v.sha256) {
    return Error(std::string(kIntegrity), "the archive of " + label +
                                              " does not match the registry's sha-256 (expected " +
                                              v.sha256 + ", got " + actual + ")")
        .with_hint("the archive was altered or corrupted; nothing was installed");
  }
  ctx.check();
  auto tar = gunzip(bytes.value());
  if (!tar.ok()) return tar.error();
  auto entries = read_tar(tar.value());
  if (!entries.ok()) return entries.error();
  auto done = extract_entries(entries.value(), tmp);
  if (!done.ok()) return done;
  auto m = read_manifest(tmp);
  if (!m.ok())
    return Error(std::string(kIntegrity), "the archive of " + label + " has no valid manifest")
        .caused_by(m.error());
  if (m.value().id != id || !(m.value().version == v.version)) {
    return Error(std::string(kIntegrity), "the archive of " + label + " holds " + m.value().id +
                                              "@" + m.value().version.to_string());
  }
  return {};
}

Result<InstallReport> converge(const fs::path& ws, const Registry& r, const Index& index,
                               const Lock& before,
                               const std::map<std::string, std::string>& requested,
                               const std::map<std::string, Version>& preferred, const Version& ggen,
                               const runtime::Context& ctx) {
  std::vector<Request> reqs;
  for (const auto& [id, range] : requested) reqs.push_back({id, range});
  auto resolved = resolve(index, reqs, preferred, ggen);
  if (!resolved.ok()) return resolved.error();
  Lock after;
  after.requested = requested;
  std::vector<Staged> staged;
  std::vector<fs::path> created;
  std::error_code ec;
  for (const auto& res : resolved.value()) {
    const IndexVersion& v = *res.version;
    after.packs[res.id] = {v.version, v.sha256, v.dependencies};
    fs::path final = pack_dir(ws, res.id, v.version);
    auto prior = before.packs.find(res.id);
    bool present = prior != before.packs.end() && prior->second.version == v.version &&
                   prior->second.sha256 == v.sha256 && fs::is_directory(final, ec);
    if (present) continue;
    fs::path tmp =
        detail::temp_sibling(final.parent_path() / (".staging-" + v.version.to_string()));
    note_new_folders(ws, final, created);
    staged.push_back({tmp, final});
    Result<void> got = [&]() -> Result<void> {
      try {
        ctx.check();
        return fetch_verified(r, res.id, v, tmp, ctx);
      } catch (const Exception& e) {
        return e.error();
      }
    }();
    if (!got.ok()) {
      discard(staged, created);
      return got.error();
    }
  }
  for (const auto& s : staged) {
    fs::remove_all(s.final, ec);  // an unrecorded leftover of an interrupted run
    fs::rename(s.tmp, s.final, ec);
    if (ec) {
      discard(staged, created);
      return detail::io_error("cannot move the pack into", s.final, ec);
    }
  }
  auto written = detail::write_atomic(ws / kLockFile, lock_to_json(after));
  if (!written.ok()) return written.error();
  InstallReport report;
  std::set<std::string> ids;
  for (const auto& [id, p] : before.packs) ids.insert(id);
  for (const auto& [id, p] : after.packs) ids.insert(id);
  for (const auto& id : ids) {
    auto b = before.packs.find(id);
    auto a = after.packs.find(id);
    if (a == after.packs.end()) {
      report.changes.push_back(
          {id, b->second.version.to_string(), "removed", b->second.version.to_string()});
    } else if (b == before.packs.end()) {
      report.changes.push_back({id, a->second.version.to_string(), "installed", ""});
    } else if (!(b->second.version == a->second.version) || b->second.sha256 != a->second.sha256) {
      report.changes.push_back(
          {id, a->second.version.to_string(), "updated", b->second.version.to_string()});
    } else {
      report.changes.push_back({id, a->second.version.to_string(), "kept", ""});
    }
    // Versions no longer recorded leave the disk (after the lock stopped naming them).
    if (b != before.packs.end() &&
        (a == after.packs.end() || !(a->second.version == b->second.version))) {
      fs::remove_all(pack_dir(ws, id, b->second.version), ec);
      if (fs::is_empty(ws / ".ggen" / "packs" / id, ec))
        fs::remove(ws / ".ggen" / "packs" / id, ec);
    }
  }
  report.lock = std::move(after);
  return report;
}

std::map<std::string, Version> locked_versions(const Lock& lock) {
  std::map<std::string, Version> out;
  for (const auto& [id, p] : lock.packs) out[id] = p.version;
  return out;
}

}  // namespace

Result<InstallReport> install(const fs::path& ws, const Registry& r, const std::string& spec,
                              const Version& ggen, const runtime::Context& ctx) {
  size_t at = spec.find('@');
  std::string id = spec.substr(0, at);
  std::string range = at == std::string::npos ? "" : spec.substr(at + 1);
  if (!valid_id(id)) {
    return Error(std::string(codes::kInvalidArgument), "invalid pack id `" + id + "`")
        .with_hint("install <id> or <id>@<range>, e.g. rust-models@^1.2");
  }
  if (at != std::string::npos) {
    auto parsed = parse_range(range);
    if (!parsed.ok()) return parsed.error();
  }
  auto lock = read_lock(ws);
  if (!lock.ok()) return lock.error();
  auto index = fetch_index(r, ctx);
  if (!index.ok()) return index.error();
  auto requested = lock.value().requested;
  if (range.empty()) {
    auto p = index.value().packs.find(id);
    if (p == index.value().packs.end()) {
      return Error(std::string(codes::kNotFound),
                   "pack `" + id + "` is not in the registry " + r.location)
          .with_hint("`ggen marketplace search` lists what the registry holds");
    }
    // The highest release (pre-releases only when nothing else exists), recorded as ^version.
    const Version* best = nullptr;
    for (const auto& v : p->second.versions) {
      if (v.version.pre.empty() || !best) best = &v.version;
    }
    range = "^" + best->to_string();
  }
  requested[id] = range;
  auto preferred = locked_versions(lock.value());
  preferred.erase(id);
  return converge(ws, r, index.value(), lock.value(), requested, preferred, ggen, ctx);
}

Result<InstallReport> update(const fs::path& ws, const Registry& r, const std::string& id,
                             const Version& ggen, const runtime::Context& ctx) {
  auto lock = read_lock(ws);
  if (!lock.ok()) return lock.error();
  if (!id.empty() && !lock.value().packs.count(id)) {
    return Error(std::string(kNotInstalled), "pack `" + id + "` is not installed")
        .with_hint("`ggen marketplace list` shows what is");
  }
  auto index = fetch_index(r, ctx);
  if (!index.ok()) return index.error();
  std::map<std::string, Version> preferred;
  if (!id.empty()) {
    preferred = locked_versions(lock.value());
    preferred.erase(id);
  }
  return converge(ws, r, index.value(), lock.value(), lock.value().requested, preferred, ggen, ctx);
}

Result<InstallReport> remove(const fs::path& ws, const std::string& id) {
  auto lock = read_lock(ws);
  if (!lock.ok()) return lock.error();
  Lock before = lock.value();
  if (!before.requested.count(id)) {
    if (before.packs.count(id)) {
      std::string users;
      for (const auto& [other, p] : before.packs) {
        if (p.dependencies.count(id))
          users += (users.empty() ? "" : ", ") + other + "@" + p.version.to_string();
      }
      return Error("E_PACK_REQUIRED", "pack `" + id + "` was installed as a dependency of " + users)
          .with_hint("remove the pack that needs it instead");
    }
    return Error(std::string(kNotInstalled), "pack `" + id + "` is not installed")
        .with_hint("`ggen marketplace list` shows what is");
  }
  Lock after = before;
  after.requested.erase(id);
  // Keep what the remaining requests reach through the recorded dependencies.
  std::set<std::string> keep;
  std::vector<std::string> worklist;
  for (const auto& [r, range] : after.requested) worklist.push_back(r);
  while (!worklist.empty()) {
    std::string cur = worklist.back();
    worklist.pop_back();
    if (!keep.insert(cur).second) continue;
    auto p = before.packs.find(cur);
    if (p == before.packs.end()) continue;
    for (const auto& [d, range] : p->second.dependencies) worklist.push_back(d);
  }
  for (auto it = after.packs.begin(); it != after.packs.end();) {
    it = keep.count(it->first) ? std::next(it) : after.packs.erase(it);
  }
  auto written = detail::write_atomic(ws / kLockFile, lock_to_json(after));
  if (!written.ok()) return written.error();
  InstallReport report;
  std::error_code ec;
  for (const auto& [pid, p] : before.packs) {
    if (after.packs.count(pid)) continue;
    fs::remove_all(pack_dir(ws, pid, p.version), ec);
    if (fs::is_empty(ws / ".ggen" / "packs" / pid, ec))
      fs::remove(ws / ".ggen" / "packs" / pid, ec);
    report.changes.push_back({pid, p.version.to_string(), "removed", p.version.to_string()});
  }
  report.lock = std::move(after);
  return report;
}

}  // namespace ggen::pack
