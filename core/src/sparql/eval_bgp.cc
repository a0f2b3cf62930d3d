// Basic graph patterns: triple order chosen greedily from the store's statistics (most selective
// first, preferring patterns connected to what is already bound), then index nested loops.
#include <algorithm>

#include "sparql/eval.h"

namespace ggen::sparql {

uint64_t Evaluator::estimate(Id s, Id p, Id o) const {
  rdf::QuadPattern q;
  q.s = s ? s : rdf::kAny;
  q.p = p ? p : rdf::kAny;
  q.o = o ? o : rdf::kAny;
  uint64_t n = 0;
  for (Id g : active_) {
    q.g = g;
    n += store_.count(q);
  }
  return n;
}

namespace {

struct Slot {
  bool is_var;
  VarId var;
  Id id;  // constant id (0 = constant unknown to the store)
};

struct PlanTriple {
  Slot s, p, o;
  uint64_t base;  // matches with only the constants bound
};

}  // namespace

struct BgpMatcher {
  Evaluator& ev;
  std::vector<PlanTriple> plan;
  Rows* out;
  // checks[i]: filter conjuncts whose variables are all bound once plan[0..i) matched.
  std::vector<std::vector<ExprPtr>> checks;

  void match(size_t i, Row& row) {
    if (!checks[i].empty() && !ev.filter(checks[i], row)) return;
    if (i == plan.size()) {
      out->push_back(row);
      return;
    }
    const PlanTriple& t = plan[i];
    auto bind = [&](const Slot& s) -> Id { return s.is_var ? row[s.var] : s.id; };
    Id s = bind(t.s), p = bind(t.p), o = bind(t.o);
    // A term from an expression (overlay id) never occurs in the store.
    if (Terms::is_local(s) || Terms::is_local(p) || Terms::is_local(o)) return;
    ev.scan(s, p, o, [&](Id xs, Id xp, Id xo) {
      // Record which slots this triple binds so they can be undone (and so repeated variables,
      // as in ?x :p ?x, are checked against the first binding).
      VarId set[3];
      int n = 0;
      bool ok = true;
      auto put = [&](const Slot& sl, Id v) {
        if (!sl.is_var || !ok) return;
        Id& cell = row[sl.var];
        if (cell == 0) {
          cell = v;
          set[n++] = sl.var;
        } else if (cell != v) {
          ok = false;
        }
      };
      put(t.s, xs);
      put(t.p, xp);
      put(t.o, xo);
      if (ok) match(i + 1, row);
      for (int k = 0; k < n; ++k) row[set[k]] = 0;
    });
  }
};

namespace {

void conjuncts(const ExprPtr& e, std::vector<ExprPtr>& out) {
  if (e->kind == Expr::And) {
    conjuncts(e->args[0], out);
    conjuncts(e->args[1], out);
  } else {
    out.push_back(e);
  }
}

// Variables an expression reads; false when it cannot be placed early (EXISTS, BNODE, RAND).
bool placeable(const Expr& e, std::vector<VarId>& vars) {
  if (e.kind == Expr::Exists || e.kind == Expr::NotExists) return false;
  if (e.kind == Expr::Call &&
      (e.name == "BNODE" || e.name == "RAND" || e.name == "UUID" || e.name == "STRUUID"))
    return false;
  if (e.kind == Expr::Var || e.kind == Expr::Bound) vars.push_back(e.var);
  for (const auto& a : e.args)
    if (!placeable(*a, vars)) return false;
  return true;
}

}  // namespace

Rows Evaluator::bgp(const Op& op, Rows input, const std::vector<ExprPtr>* filters) {
  if (op.triples.empty()) {
    if (!filters) return input;
    Rows out;
    for (auto& r : input)
      if (filter(*filters, r)) out.push_back(std::move(r));
    return out;
  }
  std::vector<PlanTriple> triples;
  for (const auto& t : op.triples) {
    PlanTriple pt;
    bool missing = false;
    auto slot = [&](const Node& n) {
      Slot s{n.is_var, n.var, 0};
      if (!n.is_var) {
        s.id = terms_.store_id(n.term);
        if (!s.id) missing = true;
      }
      return s;
    };
    pt.s = slot(t.s);
    pt.p = slot(t.p);
    pt.o = slot(t.o);
    if (missing) return {};
    pt.base =
        estimate(pt.s.is_var ? 0 : pt.s.id, pt.p.is_var ? 0 : pt.p.id, pt.o.is_var ? 0 : pt.o.id);
    if (pt.base == 0) return {};
    triples.push_back(pt);
  }
  // Greedy order, planned once from the variables bound in the first input row.
  std::vector<bool> bound(width_, false);
  for (size_t v = 0; v < width_; ++v) bound[v] = input[0][v] != 0;
  const rdf::Statistics* st = stats_.get();
  auto cost = [&](const PlanTriple& t) {
    double c = static_cast<double>(t.base);
    auto distinct = [&](bool subject) -> double {
      if (!st) return 1;
      if (!t.p.is_var) {
        auto it = st->predicates.find(t.p.id);
        if (it != st->predicates.end())
          return static_cast<double>(subject ? it->second.distinct_subjects
                                             : it->second.distinct_objects);
      }
      return static_cast<double>(subject ? st->distinct_subjects : st->distinct_objects);
    };
    bool connected = false;
    if (t.s.is_var && bound[t.s.var]) c /= std::max(1.0, distinct(true)), connected = true;
    if (t.o.is_var && bound[t.o.var]) c /= std::max(1.0, distinct(false)), connected = true;
    if (t.p.is_var && bound[t.p.var]) {
      c /= std::max<double>(1.0, st ? static_cast<double>(st->distinct_predicates) : 1.0);
      connected = true;
    }
    bool any_var_bound_possible = false;
    for (size_t v = 0; v < width_; ++v)
      if (bound[v]) any_var_bound_possible = true;
    // A pattern sharing nothing with the bound variables multiplies the result: defer it.
    if (!connected && any_var_bound_possible) c *= 1e6;
    return c;
  };
  std::vector<PlanTriple> plan;
  while (!triples.empty()) {
    size_t best = 0;
    double best_cost = cost(triples[0]);
    for (size_t i = 1; i < triples.size(); ++i) {
      double c = cost(triples[i]);
      if (c < best_cost) best = i, best_cost = c;
    }
    const PlanTriple& t = triples[best];
    for (const Slot* s : {&t.s, &t.p, &t.o})
      if (s->is_var) bound[s->var] = true;
    plan.push_back(t);
    triples.erase(triples.begin() + static_cast<long>(best));
  }
  Rows out;
  BgpMatcher m{*this, std::move(plan), &out, {}};
  m.checks.resize(m.plan.size() + 1);
  if (filters) {
    // Place each conjunct after the first step that leaves all its variables bound. A variable
    // the BGP never binds stays as input has it, so such conjuncts go to the end.
    std::vector<bool> bound_at(width_, false);
    for (size_t v = 0; v < width_; ++v) bound_at[v] = input[0][v] != 0;
    std::vector<std::vector<bool>> after(m.plan.size() + 1);
    after[0] = bound_at;
    for (size_t i = 0; i < m.plan.size(); ++i) {
      after[i + 1] = after[i];
      for (const Slot* s : {&m.plan[i].s, &m.plan[i].p, &m.plan[i].o})
        if (s->is_var) after[i + 1][s->var] = true;
    }
    bool uniform = true;  // input rows agree on which variables are bound
    for (const auto& r : input)
      for (size_t v = 0; v < width_ && uniform; ++v) uniform = (r[v] != 0) == bound_at[v];
    std::vector<ExprPtr> parts;
    for (const auto& f : *filters) conjuncts(f, parts);
    for (const auto& c : parts) {
      std::vector<VarId> vars;
      size_t at = m.plan.size();
      if (uniform && placeable(*c, vars)) {
        for (size_t i = 0; i <= m.plan.size(); ++i) {
          bool all = true;
          for (VarId v : vars) all = all && after[i][v];
          if (all) {
            at = i;
            break;
          }
        }
      }
      m.checks[at].push_back(c);
    }
  }
  for (auto& row : input) m.match(0, row);
  return out;
}

}  // namespace ggen::sparql
