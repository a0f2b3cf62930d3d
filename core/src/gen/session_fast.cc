// The "nothing changed" path of a Session: the previous plan, stored whole, is replayed without
// loading a template, reading a graph or looking up a single render, once every input file
// hashes as it did (by stat stamp; see cache/file_hash.h) and the output folder is exactly as
// that plan leaves it. Then the plan make_plan would make is known: every output unchanged.
#include <set>

#include "ggen/gen/paths.h"
#include "ggen/gen/writer.h"
#include "manifest.h"
#include "session_internal.h"

namespace ggen::gen::session {

namespace {

void put_list(std::string& out, const std::vector<std::string>& list) {
  put_field(out, std::to_string(list.size()));
  for (const auto& s : list) put_field(out, s);
}

bool get_list(std::string_view in, size_t& pos, std::vector<std::string>& out) {
  long long n = 0;
  if (!get_count(in, pos, n) || n < 0) return false;
  for (long long i = 0; i < n; ++i) {
    std::string s;
    if (!get_field(in, pos, s)) return false;
    out.push_back(std::move(s));
  }
  return true;
}

void put_map(std::string& out, const std::map<std::string, std::string>& m) {
  put_field(out, std::to_string(m.size()));
  for (const auto& [k, v] : m) {
    put_field(out, k);
    put_field(out, v);
  }
}

bool get_map(std::string_view in, size_t& pos, std::map<std::string, std::string>& out) {
  long long n = 0;
  if (!get_count(in, pos, n) || n < 0) return false;
  for (long long i = 0; i < n; ++i) {
    std::string k, v;
    if (!get_field(in, pos, k) || !get_field(in, pos, v)) return false;
    out.emplace(std::move(k), std::move(v));
  }
  return true;
}

}  // namespace

std::string encode_last_plan(const LastPlan& last, const std::function<void()>& poll) {
  std::string s;
  put_field(s, last.key);
  put_map(s, last.files);
  put_map(s, last.inputs);
  put_field(s, last.manifest_sha);
  put_field(s, std::to_string(last.outputs.size()));
  size_t n = 0;
  for (const auto& o : last.outputs) {
    if (poll && ++n % 256 == 0) poll();
    put_field(s, o.rel);
    put_field(s, o.abs);
    put_field(s, o.template_path);
    put_field(s, o.sha);
    put_field(s, o.content);
    put_field(s, std::to_string(o.row));
    put_field(s, o.backup ? "1" : "0");
    put_list(s, o.sh_before);
    put_list(s, o.sh_after);
  }
  return s;
}

std::optional<LastPlan> decode_last_plan(std::string_view in) {
  LastPlan last;
  size_t pos = 0;
  long long count = 0;
  if (!get_field(in, pos, last.key) || !get_map(in, pos, last.files) ||
      !get_map(in, pos, last.inputs) || !get_field(in, pos, last.manifest_sha) ||
      !get_count(in, pos, count) || count < 0) {
    return std::nullopt;
  }
  for (long long i = 0; i < count; ++i) {
    LastPlan::Output o;
    long long row = 0;
    std::string backup;
    if (!get_field(in, pos, o.rel) || !get_field(in, pos, o.abs) ||
        !get_field(in, pos, o.template_path) || !get_field(in, pos, o.sha) ||
        !get_field(in, pos, o.content) || !get_count(in, pos, row) || !get_field(in, pos, backup) ||
        !get_list(in, pos, o.sh_before) || !get_list(in, pos, o.sh_after)) {
      return std::nullopt;
    }
    // A payload that checks but says something impossible is not trusted either.
    if (sha256_hex(o.content) != o.sha || (backup != "0" && backup != "1")) return std::nullopt;
    o.row = static_cast<int>(row);
    o.backup = backup == "1";
    last.outputs.push_back(std::move(o));
  }
  if (pos != in.size()) return std::nullopt;
  return last;
}

std::optional<LastPlan> last_plan_of(const Plan& plan, std::string key,
                                     std::map<std::string, std::string> files,
                                     const std::function<void()>& poll) {
  LastPlan last;
  last.key = std::move(key);
  last.files = std::move(files);
  last.inputs = plan.inputs;
  last.manifest_sha = sha256_hex(plan.manifest_after);
  for (const auto& out : plan.outputs) {
    if (poll && last.outputs.size() % 256 == 255) poll();
    if (out.deletes()) continue;  // gone after apply, and out of manifest_after
    bool whole = out.owned && (out.action == Action::kCreate || out.action == Action::kOverwrite ||
                               out.action == Action::kUnchanged);
    if (!whole) return std::nullopt;
    LastPlan::Output o;
    o.rel = out.path;
    o.abs = out.abs.generic_string();
    o.template_path = out.template_path;
    o.sha = sha256_hex(out.content);
    o.content = out.content;
    o.row = out.row;
    o.backup = out.backup;
    o.sh_before = out.sh_before;
    o.sh_after = out.sh_after;
    last.outputs.push_back(std::move(o));
  }
  if (last.outputs.empty() || plan.manifest_after.empty()) return std::nullopt;
  return last;
}

std::optional<Plan> replay(const LastPlan& last, Plan plan, const ShaOf& input_sha,
                           const ShaOf& target_sha) {
  for (const auto& [path, sha] : last.files) {
    auto now = input_sha(path);
    if (!now || *now != sha) return std::nullopt;
  }
  // The manifest is what that plan left (so its entries are exactly these outputs, as decide
  // would compute them again: nothing stale, manifest_after the same text).
  auto manifest = read_file_if_exists(plan.output_root / detail::kManifestPath);
  if (!manifest.ok() || !manifest.value() || sha256_hex(*manifest.value()) != last.manifest_sha)
    return std::nullopt;
  std::set<std::string> produced;
  for (const auto& o : last.outputs) produced.insert(o.rel);
  auto owned = detail::parse_manifest(*manifest.value());
  if (owned.size() != produced.size()) return std::nullopt;
  for (const auto& [rel, entry] : owned) {
    if (!produced.count(rel)) return std::nullopt;
  }
  // Every target where render_unit would put it (the folders may have been replaced by
  // symlinks since) and holding the content already.
  OutputRoot out_root(plan.output_root);
  for (const auto& o : last.outputs) {
    auto abs = out_root.confine(o.rel);
    if (!abs.ok() || abs.value().generic_string() != o.abs) return std::nullopt;
    auto now = target_sha(o.abs);
    if (!now || *now != o.sha) return std::nullopt;
  }
  plan.inputs = last.inputs;
  plan.manifest_before = *manifest.value();
  plan.manifest_after = std::move(*manifest.value());
  for (const auto& o : last.outputs) {
    PlannedOutput out;
    out.path = o.rel;
    out.abs = o.abs;
    out.action = Action::kUnchanged;
    out.reason = "up to date";
    out.template_path = o.template_path;
    out.row = o.row;
    out.content = o.content;
    out.before = o.content;
    out.backup = o.backup;
    out.owned = true;
    out.sh_before = o.sh_before;
    out.sh_after = o.sh_after;
    plan.outputs.push_back(std::move(out));
  }
  return plan;
}

}  // namespace ggen::gen::session
