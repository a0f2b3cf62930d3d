#include "ggen/lifecycle/state.h"

#include "ggen/gen/plan.h"  // sha256_hex
#include "ggen/gen/writer.h"
#include "ggen/lifecycle/glob.h"

namespace ggen::lifecycle {

namespace fs = std::filesystem;
using json = nlohmann::json;  // std::map underneath: members come out sorted

fs::path state_path(const fs::path& root) {
  return root / ".ggen" / "state.json";
}

State load_state(const fs::path& root) {
  State state;
  auto text = gen::read_file_if_exists(state_path(root));
  if (!text.ok()) {
    state.discarded = true;
    return state;
  }
  if (!text.value()) return state;
  json doc = json::parse(*text.value(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    state.discarded = true;
    return state;
  }
  state.other = doc;
  state.other.erase("lifecycle");
  if (!doc.contains("lifecycle")) return state;
  const json& phases = doc["lifecycle"];
  if (!phases.is_object()) {
    state.discarded = true;
    return state;
  }
  for (auto it = phases.begin(); it != phases.end(); ++it) {
    const json& p = it.value();
    if (!p.is_object() || !p.contains("key") || !p["key"].is_string()) {
      state.discarded = true;
      state.keys.clear();
      return state;
    }
    state.keys[it.key()] = p["key"].get<std::string>();
  }
  return state;
}

Result<void> save_state(const fs::path& root, const State& state) {
  json doc = state.other.is_object() ? state.other : json::object();
  json phases = json::object();
  for (const auto& [name, key] : state.keys) phases[name] = {{"key", key}};
  doc["lifecycle"] = phases;
  gen::FileWrite w;
  w.path = state_path(root);
  w.content = doc.dump(2) + "\n";
  auto r = gen::write_atomically({w});
  if (!r.ok()) return r.error();
  return {};
}

Result<std::string> phase_key(const fs::path& root, const Phase& phase) {
  // Length-prefixed fields, so no two different phases can serialise alike.
  std::string material = "ggen-lifecycle-key-1\n";
  auto field = [&](std::string_view tag, std::string_view value) {
    material += tag;
    material += std::to_string(value.size());
    material += ':';
    material += value;
    material += '\n';
  };
  for (const auto& c : phase.commands) field("command", c);
  for (const auto& rel : expand_globs(root, phase.inputs)) {
    auto content = gen::read_file_if_exists(root / rel);
    if (!content.ok()) return content.error();
    field("input", rel);
    field("sha256", gen::sha256_hex(content.value().value_or("")));
  }
  return gen::sha256_hex(material);
}

}  // namespace ggen::lifecycle
