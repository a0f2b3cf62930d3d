// Solution modifiers: ORDER BY (stable, so ties keep the deterministic input order), projection,
// DISTINCT.
#include <algorithm>
#include <numeric>
#include <unordered_set>

#include "sparql/eval.h"
#include "sparql/value_ops.h"

namespace ggen::sparql {

Rows Evaluator::order_by(const Op& op, Rows rows) {
  size_t nk = op.order.size();
  std::vector<std::optional<Value>> keys(rows.size() * nk);
  for (size_t i = 0; i < rows.size(); ++i) {
    tick();
    for (size_t k = 0; k < nk; ++k) keys[i * nk + k] = expr(*op.order[k].expr, rows[i]);
  }
  std::vector<size_t> idx(rows.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
    for (size_t k = 0; k < nk; ++k) {
      const auto& x = keys[a * nk + k];
      const auto& y = keys[b * nk + k];
      int c = order_compare(x ? &*x : nullptr, y ? &*y : nullptr);
      if (c) return op.order[k].descending ? c > 0 : c < 0;
    }
    return false;
  });
  Rows out;
  out.reserve(rows.size());
  for (size_t i : idx) out.push_back(std::move(rows[i]));
  return out;
}

Rows Evaluator::project(const Op& op, Rows input, bool subst) {
  std::vector<bool> keep(width_, false);
  for (VarId v : op.vars) keep[v] = true;
  auto mask = [&](Row r) {
    for (size_t i = 0; i < width_; ++i)
      if (!keep[i]) r[i] = 0;
    return r;
  };
  if (!subst) {
    Rows rows = eval(*op.kids[0], std::move(input), false);
    for (auto& r : rows) r = mask(std::move(r));
    return rows;
  }
  // Substitution reaches only the variables the subquery projects.
  Rows out;
  for (const auto& in : input) {
    Rows rows = eval(*op.kids[0], Rows{mask(in)}, true);
    for (auto& r : rows) {
      Row m = mask(std::move(r));
      if (compatible(in, m)) out.push_back(merge_rows(in, m));
    }
  }
  return out;
}

namespace {
struct RowHash {
  size_t operator()(const Row& r) const {
    size_t h = 0;
    for (Id id : r) h = h * 1000003u ^ id;
    return h;
  }
};
}  // namespace

Rows Evaluator::distinct(Rows rows) {
  std::unordered_set<Row, RowHash> seen;
  Rows out;
  for (auto& r : rows)
    if (seen.insert(r).second) out.push_back(std::move(r));
  return out;
}

}  // namespace ggen::sparql
