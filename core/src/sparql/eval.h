#pragma once
// The evaluator: algebra over solution rows of term ids (one slot per query variable, 0 =
// unbound). Terms are materialized only for expressions and output.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "ggen/rdf/store.h"
#include "ggen/sparql/algebra.h"
#include "sparql/functions.h"
#include "sparql/terms.h"

namespace ggen::sparql {

using Row = std::vector<Id>;
using Rows = std::vector<Row>;

struct EvalSettings {
  std::function<bool()> cancelled;
  const std::atomic<bool>* cancel_flag = nullptr;
  std::string now;
  std::string base;
};

class Evaluator {
 public:
  Evaluator(const rdf::Store& store, size_t width, EvalSettings settings);

  // Dataset: default graph = merge of `default_graphs`; GRAPH ranges over `named_graphs`.
  void set_dataset(std::vector<Id> default_graphs, std::vector<Id> named_graphs);

  Rows run(const Op& op);
  Terms& terms() { return terms_; }
  const rdf::Store& store() const { return store_; }
  size_t width() const { return width_; }
  void tick() {
    if ((++ticks_ & 1023) == 0) check_cancel();
  }
  void check_cancel();

  // --- patterns (eval.cc)
  Rows eval(const Op& op, Rows input, bool subst);
  std::optional<Value> expr(const Expr& e, const Row& row);
  bool filter(const std::vector<ExprPtr>& conds, const Row& row);
  std::optional<bool> test(const Expr& e, const Row& row);

 private:
  friend struct BgpMatcher;
  Rows eval_kind(const Op& op, Rows input, bool subst);
  Rows join_rows(const Rows& left, const Rows& right);
  std::vector<size_t> shared_keys(const Rows& left, const Rows& right) const;
  Rows left_join(const Op& op, Rows input, bool subst);
  Rows minus(const Op& op, Rows input, bool subst);
  Rows graph(const Op& op, Rows input, bool subst);
  Rows values(const Op& op, Rows input);
  Rows extend(const Op& op, Rows input, bool subst);
  // eval_bgp.cc
  Rows bgp(const Op& op, Rows input, const std::vector<ExprPtr>* filters);
  // eval_path.cc
  Rows path(const Op& op, Rows input);
  void path_step(const Path& p, Id node, bool forward, std::vector<Id>& out);
  void path_closure(const Path& p, Id node, bool forward, bool include_self, std::vector<Id>& out);
  void path_starts(const Path& p, bool forward, std::vector<Id>& out);
  void all_nodes(std::vector<Id>& out);
  // eval_group.cc
  Rows group(const Op& op, Rows input, bool subst);
  // eval_modifiers.cc
  Rows order_by(const Op& op, Rows rows);
  Rows project(const Op& op, Rows input, bool subst);
  Rows distinct(Rows rows);
  // eval_expr.cc
  std::optional<Value> call(const Expr& e, const Row& row);
  bool exists(const Expr& e, const Row& row);

 public:
  // Scans the active graph(s) for (s,p,o); 0 = wildcard. Deduplicates across merged graphs.
  template <class F>
  void scan(Id s, Id p, Id o, F&& f);
  uint64_t estimate(Id s, Id p, Id o) const;
  const std::vector<Id>& active() const { return active_; }

 private:
  const rdf::Store& store_;
  size_t width_;
  EvalSettings settings_;
  Terms terms_;
  FnEnv env_;
  std::vector<Id> default_graphs_{rdf::kDefaultGraph};
  std::vector<Id> named_graphs_;
  std::vector<Id> active_{rdf::kDefaultGraph};
  uint64_t ticks_ = 0;
  uint64_t next_solution_ = 1;  // solution numbering for BNODE(); see extend()
  uint64_t extend_base_ = 0;
  std::shared_ptr<const rdf::Statistics> stats_;
  // Results of uncorrelated sub-patterns, reused when a join re-evaluates them per row.
  std::map<std::pair<const Op*, std::vector<Id>>, Rows> memo_;
};

bool compatible(const Row& a, const Row& b);
Row merge_rows(const Row& a, const Row& b);

template <class F>
void Evaluator::scan(Id s, Id p, Id o, F&& f) {
  rdf::QuadPattern q;
  q.s = s ? s : rdf::kAny;
  q.p = p ? p : rdf::kAny;
  q.o = o ? o : rdf::kAny;
  if (active_.size() == 1) {
    q.g = active_[0];
    store_.for_each(q, [&](const rdf::Quad& x) {
      tick();
      f(x.s, x.p, x.o);
    });
    return;
  }
  // A merged default graph is a set of triples: drop duplicates between member graphs.
  std::vector<std::array<Id, 3>> seen;
  for (Id g : active_) {
    q.g = g;
    store_.for_each(q, [&](const rdf::Quad& x) {
      tick();
      seen.push_back({x.s, x.p, x.o});
    });
  }
  std::vector<std::array<Id, 3>> uniq;
  {
    auto sorted = seen;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    // Keep first-seen order for determinism independent of sort internals.
    std::vector<bool> used(sorted.size());
    for (const auto& t : seen) {
      size_t k = std::lower_bound(sorted.begin(), sorted.end(), t) - sorted.begin();
      if (!used[k]) {
        used[k] = true;
        uniq.push_back(t);
      }
    }
  }
  for (const auto& t : uniq) f(t[0], t[1], t[2]);
}

}  // namespace ggen::sparql
