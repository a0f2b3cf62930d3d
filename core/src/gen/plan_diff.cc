#include "ggen/diff/stat.h"
#include "ggen/diff/diff.h"
#include "ggen/gen/plan.h"

namespace ggen::gen {

static std::vector<diff::FileDiff> plan_file_diffs(const Plan& plan) {
  std::vector<diff::FileDiff> out;
  for (const auto& o : plan.outputs) {
    if (!o.writes()) continue;
    std::optional<std::string_view> before;
    if (o.before) before = *o.before;
    std::optional<std::string_view> after;
    if (!o.deletes()) after = o.content;
    out.push_back(diff::diff_files(before, after, o.path));
  }
  return out;
}

std::string plan_diff(const Plan& plan) {
  std::string text;
  for (const auto& d : plan_file_diffs(plan)) text += diff::format_unified(d);
  return text;
}

std::string plan_stat(const Plan& plan) {
  auto diffs = plan_file_diffs(plan);
  return diff::format_stat(diffs);
}

}  // namespace ggen::gen
