#include "ggen/lifecycle/order.h"

#include <algorithm>
#include <map>

namespace ggen::lifecycle {

namespace {

struct Walker {
  std::map<std::string, const Phase*> by_name;
  std::map<std::string, int> mark;  // 1: on the current path, 2: done
  std::vector<std::string> path;
  std::vector<std::string> order;
  std::string cycle;

  bool visit(const std::string& name) {
    if (mark[name] == 2) return true;
    if (mark[name] == 1) {
      auto from = std::find(path.begin(), path.end(), name);
      for (auto it = from; it != path.end(); ++it) cycle += *it + " -> ";
      cycle += name;
      return false;
    }
    mark[name] = 1;
    path.push_back(name);
    auto it = by_name.find(name);
    if (it != by_name.end()) {
      for (const auto& d : it->second->depends) {
        if (!visit(d)) return false;
      }
    }
    path.pop_back();
    mark[name] = 2;
    order.push_back(name);
    return true;
  }
};

Walker walker(const std::vector<Phase>& phases) {
  Walker w;
  for (const auto& p : phases) w.by_name[p.name] = &p;
  return w;
}

}  // namespace

std::string find_cycle(const std::vector<Phase>& phases) {
  Walker w = walker(phases);
  for (const auto& p : phases) {
    if (!w.visit(p.name)) return w.cycle;
  }
  return "";
}

Result<std::vector<std::string>> run_order(const std::vector<Phase>& phases,
                                           const std::string& target) {
  Walker w = walker(phases);
  if (!w.by_name.count(target)) {
    std::string names;
    for (const auto& p : phases) names += (names.empty() ? "" : ", ") + p.name;
    return Error(std::string(kUnknownPhase), "no lifecycle phase `" + target + "` in ggen.toml")
        .with_hint(names.empty() ? "declare one: [lifecycle." + target + "] with commands = [...]"
                                 : "the phases are: " + names);
  }
  if (!w.visit(target)) {
    return Error(std::string(kCycle),
                 "the lifecycle phases depend on each other in a cycle: " + w.cycle)
        .with_hint("remove one of these dependencies");
  }
  return w.order;
}

}  // namespace ggen::lifecycle
