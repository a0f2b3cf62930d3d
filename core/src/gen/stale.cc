// Stale outputs and the manifest that lets ggen find them (see manifest.h).
#include <nlohmann/json.hpp>

#include "ggen/gen/paths.h"
#include "ggen/gen/writer.h"
#include "manifest.h"

namespace ggen::gen::detail {

std::map<std::string, ManifestEntry> parse_manifest(const std::string& text) {
  std::map<std::string, ManifestEntry> out;
  try {
    auto j = nlohmann::json::parse(text);
    if (!j.is_object() || !j.contains("files") || !j["files"].is_object()) return {};
    int version = j.value("version", 0);
    for (auto& [k, v] : j["files"].items()) {
      if (version == 1 && v.is_string()) {
        out[k] = ManifestEntry{v.get<std::string>(), ""};
      } else if (version == 2 && v.is_object() && v.contains("sha256") && v["sha256"].is_string()) {
        std::string t = v.contains("template") && v["template"].is_string()
                            ? v["template"].get<std::string>()
                            : "";
        out[k] = ManifestEntry{v["sha256"].get<std::string>(), t};
      }
    }
  } catch (...) {
    return {};
  }
  return out;
}

namespace {

// A JSON string literal as nlohmann's serializer writes it (the same escapes, and the same error
// for invalid UTF-8).
void put_string(std::string& out, const std::string& s) {
  out += nlohmann::json(s).dump();
}

}  // namespace

std::string write_manifest(const std::map<std::string, ManifestEntry>& entries,
                           const std::function<void(size_t)>& poll) {
  std::string out = "{\n  \"version\": 2,\n  \"files\": {";
  size_t i = 0;
  for (const auto& [path, e] : entries) {
    if (poll) poll(i + 1);
    out += i++ == 0 ? "\n    " : ",\n    ";
    put_string(out, path);
    out += ": {\n      \"sha256\": ";
    put_string(out, e.sha256);
    if (!e.template_path.empty()) {
      out += ",\n      \"template\": ";
      put_string(out, e.template_path);
    }
    out += "\n    }";
  }
  out += entries.empty() ? "}\n}\n" : "\n  }\n}\n";
  return out;
}

namespace {

fs::path normal_absolute(const fs::path& p) {
  std::error_code ec;
  return fs::absolute(p, ec).lexically_normal();
}

}  // namespace

std::string manifest_template(const Plan& plan, const Unit& u) {
  if (u.path.empty()) return "";
  fs::path abs = normal_absolute(u.path);
  fs::path rel = abs.lexically_relative(plan.output_root);
  return rel.empty() ? abs.generic_string() : rel.generic_string();
}

Result<void> plan_deletions(Plan& plan, const std::vector<Unit>& units,
                            const std::set<std::string>& produced,
                            std::map<std::string, ManifestEntry>& owned, const GenerateOptions& o) {
  std::set<std::string> in_run;
  for (const auto& u : units) {
    std::string t = manifest_template(plan, u);
    if (!t.empty()) in_run.insert(t);
  }
  for (auto it = owned.begin(); it != owned.end();) {
    const auto& [rel, entry] = *it;
    if (entry.template_path.empty() || produced.count(rel)) {
      ++it;
      continue;
    }
    fs::path tmpl = (plan.output_root / entry.template_path).lexically_normal();
    std::error_code ec;
    bool removed = !fs::exists(tmpl, ec) && !ec;
    if (!removed && !in_run.count(entry.template_path)) {
      ++it;  // another template's output, not part of this run
      continue;
    }
    // The manifest's own paths are confined like any output: a doctored manifest deletes nothing
    // outside the output root.
    auto abs = confine(plan.output_root, rel);
    if (!abs.ok()) {
      it = owned.erase(it);
      continue;
    }
    auto disk = read_file_if_exists(abs.value());
    if (!disk.ok()) return disk.error();
    if (disk.value()) {
      std::string shown = display_path(plan.root, tmpl);
      std::string why = removed ? "its template `" + shown + "` was removed"
                                : "`" + shown + "` no longer produces it";
      bool edited = sha256_hex(*disk.value()) != entry.sha256;
      if (edited && !o.force) {
        return Error(std::string(kConflict), "`" + rel + "` is no longer generated (" + why +
                                                 ") but was edited since ggen wrote it")
            .with_hint("keep your edits by moving the file elsewhere, or delete it with --force");
      }
      PlannedOutput out;
      out.path = rel;
      out.abs = abs.value();
      out.action = Action::kDelete;
      out.reason = (edited ? "forced: " : "stale: ") + why;
      out.template_path = shown;
      out.before = std::move(disk.value());
      plan.outputs.push_back(std::move(out));
    }
    it = owned.erase(it);
  }
  return {};
}

}  // namespace ggen::gen::detail
