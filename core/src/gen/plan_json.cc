#include <cstring>

#include "../sparql/hash.h"
#include "ggen/gen/generate.h"
#include "ggen/gen/plan.h"

namespace ggen::gen {

std::string sha256_hex(std::string_view data) {
  return sparql::sha256_hex(data);
}

const char* action_name(Action a) {
  switch (a) {
    case Action::kCreate:
      return "create";
    case Action::kOverwrite:
      return "overwrite";
    case Action::kInject:
      return "inject";
    case Action::kSkip:
      return "skip";
    case Action::kUnchanged:
      return "unchanged";
    case Action::kDelete:
      return "delete";
  }
  return "unknown";
}

std::optional<Action> action_from_name(std::string_view n) {
  for (Action a : {Action::kCreate, Action::kOverwrite, Action::kInject, Action::kSkip,
                   Action::kUnchanged, Action::kDelete}) {
    if (n == action_name(a)) return a;
  }
  return std::nullopt;
}

size_t Plan::count(Action a) const {
  size_t n = 0;
  for (const auto& o : outputs) n += o.action == a;
  return n;
}

nlohmann::ordered_json plan_to_json(const Plan& plan, bool contents) {
  nlohmann::ordered_json j;
  j["version"] = 1;
  j["root"] = plan.root.generic_string();
  j["outputRoot"] = plan.output_root.generic_string();
  j["allowShell"] = plan.allow_shell;
  nlohmann::ordered_json summary;
  for (Action a : {Action::kCreate, Action::kOverwrite, Action::kInject, Action::kSkip,
                   Action::kUnchanged, Action::kDelete}) {
    summary[action_name(a)] = plan.count(a);
  }
  j["summary"] = summary;
  nlohmann::ordered_json inputs = nlohmann::ordered_json::object();
  for (const auto& [k, v] : plan.inputs) inputs[k] = v;
  j["inputs"] = inputs;
  nlohmann::ordered_json outs = nlohmann::ordered_json::array();
  for (const auto& o : plan.outputs) {
    nlohmann::ordered_json e;
    e["path"] = o.path;
    e["action"] = action_name(o.action);
    if (!o.reason.empty()) e["reason"] = o.reason;
    e["template"] = o.template_path;
    if (o.row >= 0) e["row"] = o.row;
    e["bytes"] = o.content.size();
    e["sha256"] =
        o.deletes() ? nlohmann::ordered_json() : nlohmann::ordered_json(sha256_hex(o.content));
    std::string before = o.before ? sha256_hex(*o.before) : o.before_sha;
    e["before"] = before.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(before);
    if (o.backup) e["backup"] = true;
    if (o.owned) e["owned"] = true;
    if (!o.sh_before.empty()) e["shBefore"] = o.sh_before;
    if (!o.sh_after.empty()) e["shAfter"] = o.sh_after;
    if (contents && o.writes() && !o.deletes()) e["content"] = o.content;
    outs.push_back(std::move(e));
  }
  j["outputs"] = outs;
  nlohmann::ordered_json m;
  std::string mb =
      plan.manifest_before ? sha256_hex(*plan.manifest_before) : plan.manifest_before_sha;
  m["before"] = mb.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(mb);
  if (contents) m["after"] = plan.manifest_after;
  j["manifest"] = m;
  return j;
}

Result<Plan> plan_from_json(const nlohmann::json& j) {
  auto bad = [](std::string what) {
    return Error(std::string(codes::kInvalidArgument), "not a ggen plan: " + what)
        .with_hint("create one with `ggen project plan -o plan.json`");
  };
  try {
    if (!j.is_object() || j.value("version", 0) != 1)
      return bad("missing or unsupported `version`");
    Plan p;
    p.root = j.at("root").get<std::string>();
    p.output_root = j.at("outputRoot").get<std::string>();
    p.allow_shell = j.value("allowShell", false);
    for (auto& [k, v] : j.at("inputs").items()) p.inputs[k] = v.get<std::string>();
    for (const auto& e : j.at("outputs")) {
      PlannedOutput o;
      o.path = e.at("path").get<std::string>();
      o.abs = p.output_root / o.path;
      auto action = action_from_name(e.at("action").get<std::string>());
      if (!action) return bad("unknown action `" + e.at("action").get<std::string>() + "`");
      o.action = *action;
      o.reason = e.value("reason", "");
      o.template_path = e.value("template", "");
      o.row = e.value("row", -1);
      if (e.contains("before") && e["before"].is_string())
        o.before_sha = e["before"].get<std::string>();
      o.backup = e.value("backup", false);
      o.owned = e.value("owned", false);
      if (e.contains("shBefore")) o.sh_before = e["shBefore"].get<std::vector<std::string>>();
      if (e.contains("shAfter")) o.sh_after = e["shAfter"].get<std::vector<std::string>>();
      if (o.deletes() && o.before_sha.empty())
        return bad("deletion of `" + o.path + "` has no `before` hash");
      if (o.writes() && !o.deletes()) {
        if (!e.contains("content")) return bad("output `" + o.path + "` has no content");
        o.content = e["content"].get<std::string>();
        if (sha256_hex(o.content) != e.value("sha256", "")) {
          return bad("the content of `" + o.path + "` does not match its sha256 (edited plan?)");
        }
      }
      p.outputs.push_back(std::move(o));
    }
    const auto& m = j.at("manifest");
    if (m.contains("after") && m["after"].is_string())
      p.manifest_after = m["after"].get<std::string>();
    if (m.contains("before") && m["before"].is_string())
      p.manifest_before_sha = m["before"].get<std::string>();
    return p;
  } catch (const nlohmann::json::exception& e) {
    return bad(e.what());
  }
}

nlohmann::ordered_json shell_runs_to_json(const std::vector<ShellRun>& runs) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& s : runs) {
    out.push_back({{"phase", s.phase},
                   {"command", s.command},
                   {"exitCode", s.exit_code},
                   {"timedOut", s.timed_out},
                   {"stdout", s.stdout_text},
                   {"stderr", s.stderr_text}});
  }
  return out;
}

}  // namespace ggen::gen
