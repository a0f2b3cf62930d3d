// Pattern operators. eval(op, input, subst) returns Join(input, op): correlatable operators
// (BGP, paths, VALUES, join, union, GRAPH) extend the input rows directly; the others are
// evaluated on their own and joined, unless `subst` asks for substitution semantics (EXISTS).
#include "sparql/eval.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <unordered_map>

#include "ggen/error/error.h"
#include "sparql/value_ops.h"

namespace ggen::sparql {

bool compatible(const Row& a, const Row& b) {
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] && b[i] && a[i] != b[i]) return false;
  return true;
}

Row merge_rows(const Row& a, const Row& b) {
  Row r = a;
  for (size_t i = 0; i < r.size(); ++i)
    if (!r[i]) r[i] = b[i];
  return r;
}

namespace {

std::string clock_now() {
  auto t = std::chrono::system_clock::now();
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool correlatable(const Op& op) {
  switch (op.kind) {
    case Op::Bgp:
    case Op::PathOp:
    case Op::Values:
    case Op::Unit:
    case Op::Join:
    case Op::Union:
    case Op::Graph:
      return true;
    default:
      return false;
  }
}

bool is_unit(const Rows& rows) {
  if (rows.size() != 1) return false;
  for (Id id : rows[0])
    if (id) return false;
  return true;
}

}  // namespace

Evaluator::Evaluator(const rdf::Store& store, size_t width, EvalSettings settings)
    : store_(store), width_(width), settings_(std::move(settings)), terms_(store) {
  env_.now = settings_.now.empty() ? clock_now() : settings_.now;
  env_.base = settings_.base;
  stats_ = store_.statistics();
}

void Evaluator::set_dataset(std::vector<Id> default_graphs, std::vector<Id> named_graphs) {
  default_graphs_ = std::move(default_graphs);
  named_graphs_ = std::move(named_graphs);
  active_ = default_graphs_;
}

void Evaluator::check_cancel() {
  bool stop = (settings_.cancel_flag && settings_.cancel_flag->load(std::memory_order_relaxed)) ||
              (settings_.cancelled && settings_.cancelled());
  if (stop) raise(Error(std::string(codes::kCancelled), "query evaluation was cancelled"));
}

Rows Evaluator::run(const Op& op) {
  check_cancel();
  Rows unit(1, Row(width_, 0));
  return eval(op, std::move(unit), false);
}

Rows Evaluator::eval(const Op& op, Rows input, bool subst) {
  if (input.empty()) return {};
  if (subst || correlatable(op) || is_unit(input)) return eval_kind(op, std::move(input), subst);
  auto key = std::make_pair(&op, active_);
  auto it = memo_.find(key);
  if (it == memo_.end()) {
    Rows unit(1, Row(width_, 0));
    it = memo_.emplace(key, eval_kind(op, std::move(unit), false)).first;
  }
  return join_rows(input, it->second);
}

Rows Evaluator::eval_kind(const Op& op, Rows input, bool subst) {
  tick();
  switch (op.kind) {
    case Op::Unit:
      return input;
    case Op::Bgp:
      return bgp(op, std::move(input), nullptr);
    case Op::PathOp:
      return path(op, std::move(input));
    case Op::Join:
      return eval(*op.kids[1], eval(*op.kids[0], std::move(input), subst), subst);
    case Op::Union: {
      Rows a = eval(*op.kids[0], input, subst);
      Rows b = eval(*op.kids[1], std::move(input), subst);
      a.insert(a.end(), std::make_move_iterator(b.begin()), std::make_move_iterator(b.end()));
      return a;
    }
    case Op::LeftJoin:
      return left_join(op, std::move(input), subst);
    case Op::Minus:
      return minus(op, std::move(input), subst);
    case Op::Filter: {
      // Push the conditions into a BGP directly below: each conjunct runs as soon as the
      // triple patterns have bound its variables, before the remaining joins.
      if (op.kids[0]->kind == Op::Bgp) return bgp(*op.kids[0], std::move(input), &op.exprs);
      Rows rows = eval(*op.kids[0], std::move(input), subst);
      Rows out;
      out.reserve(rows.size());
      for (auto& r : rows)
        if (filter(op.exprs, r)) out.push_back(std::move(r));
      return out;
    }
    case Op::Graph:
      return graph(op, std::move(input), subst);
    case Op::Extend:
      return extend(op, std::move(input), subst);
    case Op::Values:
      return values(op, std::move(input));
    case Op::Group:
      return group(op, std::move(input), subst);
    case Op::OrderBy:
      return order_by(op, eval(*op.kids[0], std::move(input), subst));
    case Op::Project:
      return project(op, std::move(input), subst);
    case Op::Distinct:
    case Op::Reduced:
      return distinct(eval(*op.kids[0], std::move(input), subst));
    case Op::Slice: {
      Rows rows = eval(*op.kids[0], std::move(input), subst);
      size_t from = std::min<uint64_t>(op.offset, rows.size());
      size_t to = op.limit ? std::min<uint64_t>(rows.size(), from + *op.limit) : rows.size();
      return Rows(std::make_move_iterator(rows.begin() + from),
                  std::make_move_iterator(rows.begin() + to));
    }
  }
  return {};
}

std::vector<size_t> Evaluator::shared_keys(const Rows& left, const Rows& right) const {
  std::vector<size_t> keys;
  for (size_t v = 0; v < width_; ++v) {
    bool all = true;
    for (const auto& r : left)
      if (!r[v]) {
        all = false;
        break;
      }
    if (!all) continue;
    for (const auto& r : right)
      if (!r[v]) {
        all = false;
        break;
      }
    if (all) keys.push_back(v);
  }
  return keys;
}

// Hash join on the variables bound in every row of both sides; nested loop when there are none.
Rows Evaluator::join_rows(const Rows& left, const Rows& right) {
  Rows out;
  if (left.empty() || right.empty()) return out;
  std::vector<size_t> keys = shared_keys(left, right);
  if (keys.empty()) {
    for (const auto& a : left)
      for (const auto& b : right) {
        tick();
        if (compatible(a, b)) out.push_back(merge_rows(a, b));
      }
    return out;
  }
  auto hash_of = [&](const Row& r) {
    size_t h = 0;
    for (size_t k : keys) h = h * 1000003u ^ r[k];
    return h;
  };
  std::unordered_multimap<size_t, size_t> index;
  index.reserve(right.size());
  for (size_t i = 0; i < right.size(); ++i) index.emplace(hash_of(right[i]), i);
  for (const auto& a : left) {
    auto [lo, hi] = index.equal_range(hash_of(a));
    // equal_range order is unspecified: collect and sort indices to keep output deterministic.
    std::vector<size_t> hits;
    for (auto it = lo; it != hi; ++it) hits.push_back(it->second);
    std::sort(hits.begin(), hits.end());
    for (size_t i : hits) {
      tick();
      if (compatible(a, right[i])) out.push_back(merge_rows(a, right[i]));
    }
  }
  return out;
}

Rows Evaluator::left_join(const Op& op, Rows input, bool subst) {
  Rows left = eval(*op.kids[0], std::move(input), subst);
  const Op& right = *op.kids[1];
  Rows out;
  if (subst || correlatable(right)) {
    for (auto& a : left) {
      Rows bs = eval(right, Rows{a}, subst);
      bool any = false;
      for (auto& b : bs) {
        if (op.exprs.empty() || filter(op.exprs, b)) {
          out.push_back(std::move(b));
          any = true;
        }
      }
      if (!any) out.push_back(std::move(a));
    }
    return out;
  }
  Rows rights = eval(right, Rows(1, Row(width_, 0)), false);
  // Index the right side on the variables bound in every row of both sides, so each left row
  // only visits right rows that can be compatible.
  std::vector<size_t> keys = shared_keys(left, rights);
  auto hash_of = [&](const Row& r) {
    size_t h = 0;
    for (size_t k : keys) h = h * 1000003u ^ r[k];
    return h;
  };
  std::unordered_map<size_t, std::vector<size_t>> index;
  if (!keys.empty())
    for (size_t i = 0; i < rights.size(); ++i) index[hash_of(rights[i])].push_back(i);
  std::vector<size_t> all(keys.empty() ? rights.size() : 0);
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  static const std::vector<size_t> none;
  for (auto& a : left) {
    bool any = false;
    const std::vector<size_t>* cand = &all;
    if (!keys.empty()) {
      auto it = index.find(hash_of(a));
      cand = it == index.end() ? &none : &it->second;
    }
    for (size_t bi : *cand) {
      const Row& b = rights[bi];
      tick();
      if (!compatible(a, b)) continue;
      Row m = merge_rows(a, b);
      if (op.exprs.empty() || filter(op.exprs, m)) {
        out.push_back(std::move(m));
        any = true;
      }
    }
    if (!any) out.push_back(std::move(a));
  }
  return out;
}

Rows Evaluator::minus(const Op& op, Rows input, bool subst) {
  Rows seed = subst ? input : Rows(1, Row(width_, 0));
  Rows left = eval(*op.kids[0], std::move(input), subst);
  if (left.empty()) return left;
  Rows right = eval(*op.kids[1], std::move(seed), subst);
  // With variables bound on every row of both sides, only right rows agreeing on them can
  // remove a left row: index on them.
  std::vector<size_t> keys = shared_keys(left, right);
  auto hash_of = [&](const Row& r) {
    size_t h = 0;
    for (size_t k : keys) h = h * 1000003u ^ r[k];
    return h;
  };
  std::unordered_map<size_t, std::vector<size_t>> index;
  for (size_t i = 0; i < right.size(); ++i)
    index[keys.empty() ? 0 : hash_of(right[i])].push_back(i);
  static const std::vector<size_t> none;
  Rows out;
  for (auto& a : left) {
    bool removed = false;
    auto it = index.find(keys.empty() ? 0 : hash_of(a));
    for (size_t bi : it == index.end() ? none : it->second) {
      const Row& b = right[bi];
      tick();
      bool shared = false, ok = true;
      for (size_t i = 0; i < width_ && ok; ++i) {
        if (a[i] && b[i]) {
          shared = true;
          if (a[i] != b[i]) ok = false;
        }
      }
      if (shared && ok) {
        removed = true;
        break;
      }
    }
    if (!removed) out.push_back(std::move(a));
  }
  return out;
}

Rows Evaluator::graph(const Op& op, Rows input, bool subst) {
  auto saved = active_;
  Rows out;
  auto run_in = [&](Id g, Rows rows) {
    active_ = {g};
    Rows r = eval(*op.kids[0], std::move(rows), subst);
    out.insert(out.end(), std::make_move_iterator(r.begin()), std::make_move_iterator(r.end()));
  };
  try {
    if (!op.graph.is_var) {
      Id g = terms_.store_id(op.graph.term);
      if (g && std::find(named_graphs_.begin(), named_graphs_.end(), g) != named_graphs_.end())
        run_in(g, std::move(input));
    } else {
      VarId v = op.graph.var;
      for (Id g : named_graphs_) {
        Rows rows;
        for (const auto& r : input) {
          if (r[v] && r[v] != g) continue;
          rows.push_back(r);
          rows.back()[v] = g;
        }
        if (!rows.empty()) run_in(g, std::move(rows));
      }
    }
  } catch (...) {
    active_ = saved;
    throw;
  }
  active_ = saved;
  return out;
}

Rows Evaluator::values(const Op& op, Rows input) {
  Rows table;
  for (const auto& vr : op.rows) {
    Row r(width_, 0);
    for (size_t i = 0; i < op.vars.size(); ++i)
      if (vr[i]) r[op.vars[i]] = terms_.intern(*vr[i]);
    table.push_back(std::move(r));
  }
  if (is_unit(input)) return table;
  Rows out;
  for (const auto& a : input)
    for (const auto& b : table)
      if (compatible(a, b)) out.push_back(merge_rows(a, b));
  return out;
}

Rows Evaluator::extend(const Op& op, Rows input, bool subst) {
  Rows rows = eval(*op.kids[0], std::move(input), subst);
  // Extends of one chain see the same solutions in the same order: BNODE("x") in two of them
  // must give the same node for one solution, so the chain shares its solution numbering.
  uint64_t base = op.kids[0]->kind == Op::Extend ? extend_base_ : next_solution_;
  if (op.kids[0]->kind != Op::Extend) next_solution_ += rows.size() + 1;
  extend_base_ = base;
  Rows out;
  out.reserve(rows.size());
  uint64_t i = 0;
  for (auto& r : rows) {
    env_.row = base + i++;
    auto v = expr(*op.expr, r);
    if (v) {
      Id id = terms_.intern(*v);
      if (r[op.var] && r[op.var] != id) continue;  // only reachable under substitution
      r[op.var] = id;
    }
    out.push_back(std::move(r));
  }
  return out;
}

bool Evaluator::filter(const std::vector<ExprPtr>& conds, const Row& row) {
  env_.row = next_solution_++;
  for (const auto& c : conds) {
    auto b = test(*c, row);
    if (!b || !*b) return false;
  }
  return true;
}

}  // namespace ggen::sparql
