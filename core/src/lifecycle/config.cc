#include "ggen/lifecycle/config.h"

#include <algorithm>

#include "ggen/gen/frontmatter.h"  // closest()
#include "ggen/gen/project.h"      // kProjectConfig
#include "ggen/lifecycle/order.h"

namespace ggen::lifecycle {

using json = nlohmann::ordered_json;

namespace {

struct Reader {
  const toml::Document& doc;
  const std::string& file;

  Error fail(const std::string& key, std::string message, std::string hint = {}) const {
    Location at = doc.where(key);
    if (at.file.empty()) at = Location{file, 1, 1};
    return Error(std::string(gen::kProjectConfig), std::move(message))
        .at(at)
        .with_hint(std::move(hint));
  }

  Result<std::vector<std::string>> strings(const json& t, const std::string& prefix,
                                           const char* key) const {
    std::vector<std::string> out;
    if (!t.contains(key)) return out;
    const json& v = t[key];
    std::string full = prefix + "." + key;
    if (!v.is_array())
      return fail(full, "`" + full + "` must be a list of strings",
                  std::string(key) + " = [\"...\"]");
    for (const auto& e : v) {
      if (!e.is_string() || e.get<std::string>().empty())
        return fail(full, "`" + full + "` lists non-empty strings");
      out.push_back(e.get<std::string>());
    }
    return out;
  }
};

bool valid_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_';
  });
}

}  // namespace

Result<std::vector<Phase>> phases_from_toml(const toml::Document& doc, const std::string& file) {
  std::vector<Phase> phases;
  if (!doc.root.contains("lifecycle")) return phases;
  Reader r{doc, file};
  const json& all = doc.root["lifecycle"];
  if (!all.is_object()) return r.fail("lifecycle", "`lifecycle` holds [lifecycle.<phase>] tables");
  static const std::vector<std::string> allowed = {"description", "commands", "inputs",
                                                   "outputs",     "depends",  "timeout"};
  for (auto it = all.begin(); it != all.end(); ++it) {
    std::string prefix = "lifecycle." + it.key();
    if (!valid_name(it.key())) {
      return r.fail(prefix,
                    "the phase name `" + it.key() + "` is not letters, digits, '-' and '_'");
    }
    const json& t = it.value();
    if (!t.is_object()) return r.fail(prefix, "`" + prefix + "` must be a table: [" + prefix + "]");
    for (auto k = t.begin(); k != t.end(); ++k) {
      if (std::find(allowed.begin(), allowed.end(), k.key()) != allowed.end()) continue;
      std::string guess = gen::closest(k.key(), allowed);
      return r.fail(
          prefix + "." + k.key(), "unknown key `" + prefix + "." + k.key() + "` in ggen.toml",
          guess.empty() ? "a phase has description, commands, inputs, outputs, depends and timeout"
                        : "did you mean `" + guess + "`?");
    }
    Phase p;
    p.name = it.key();
    p.line = doc.where(prefix).line;
    if (t.contains("description")) {
      if (!t["description"].is_string())
        return r.fail(prefix + ".description", "`description` must be a string");
      p.description = t["description"].get<std::string>();
    }
    for (auto [key, dst] : {std::pair{"commands", &p.commands},
                            {"inputs", &p.inputs},
                            {"outputs", &p.outputs},
                            {"depends", &p.depends}}) {
      auto v = r.strings(t, prefix, key);
      if (!v.ok()) return v.error();
      *dst = std::move(v.value());
    }
    if (p.commands.empty() && p.depends.empty()) {
      return r.fail(prefix, "the phase `" + p.name + "` has no commands and no dependencies",
                    "commands = [\"make\"] runs `make` with sh -c in the project folder");
    }
    if (t.contains("timeout")) {
      if (!t["timeout"].is_number_integer() || t["timeout"].get<int64_t>() <= 0) {
        return r.fail(prefix + ".timeout", "`timeout` is a positive whole number of milliseconds");
      }
      p.timeout = std::chrono::milliseconds(t["timeout"].get<int64_t>());
    }
    phases.push_back(std::move(p));
  }
  for (const auto& p : phases) {
    for (const auto& d : p.depends) {
      bool known =
          std::any_of(phases.begin(), phases.end(), [&](const Phase& q) { return q.name == d; });
      if (known) continue;
      std::vector<std::string> names;
      for (const auto& q : phases) names.push_back(q.name);
      std::string guess = gen::closest(d, names);
      return r.fail(
          "lifecycle." + p.name + ".depends",
          "the phase `" + p.name + "` depends on `" + d + "`, which is not declared",
          guess.empty() ? "declare [lifecycle." + d + "]" : "did you mean `" + guess + "`?");
    }
  }
  if (std::string cycle = find_cycle(phases); !cycle.empty()) {
    std::string first = cycle.substr(0, cycle.find(' '));
    Location at = doc.where("lifecycle." + first + ".depends");
    if (at.file.empty()) at = Location{file, 1, 1};
    return Error(std::string(kCycle),
                 "the lifecycle phases depend on each other in a cycle: " + cycle)
        .at(at)
        .with_hint("remove one of these dependencies");
  }
  return phases;
}

}  // namespace ggen::lifecycle
