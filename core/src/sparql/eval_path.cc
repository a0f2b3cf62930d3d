// Property paths (spec 18.4). Links, inverses, sequences and alternatives keep bag semantics;
// the closures (*, +) and ? produce each reachable node once, by breadth-first search.
#include <algorithm>
#include <unordered_set>

#include "sparql/eval.h"

namespace ggen::sparql {

void Evaluator::path_step(const Path& p, Id node, bool forward, std::vector<Id>& out) {
  switch (p.kind) {
    case Path::Link: {
      Id pid = terms_.store_id(p.iri);
      if (!pid || Terms::is_local(node)) return;
      if (forward)
        scan(node, pid, 0, [&](Id, Id, Id o) { out.push_back(o); });
      else
        scan(0, pid, node, [&](Id s, Id, Id) { out.push_back(s); });
      return;
    }
    case Path::Inverse:
      path_step(*p.parts[0], node, !forward, out);
      return;
    case Path::Sequence: {
      std::vector<Id> cur{node}, nxt;
      size_t n = p.parts.size();
      for (size_t i = 0; i < n; ++i) {
        const Path& part = *p.parts[forward ? i : n - 1 - i];
        nxt.clear();
        for (Id c : cur) path_step(part, c, forward, nxt);
        cur.swap(nxt);
      }
      out.insert(out.end(), cur.begin(), cur.end());
      return;
    }
    case Path::Alternative:
      for (const auto& part : p.parts) path_step(*part, node, forward, out);
      return;
    case Path::ZeroOrMore:
      path_closure(*p.parts[0], node, forward, true, out);
      return;
    case Path::OneOrMore:
      path_closure(*p.parts[0], node, forward, false, out);
      return;
    case Path::ZeroOrOne: {
      std::vector<Id> tmp{node};
      path_step(*p.parts[0], node, forward, tmp);
      std::unordered_set<Id> seen;
      for (Id x : tmp)
        if (seen.insert(x).second) out.push_back(x);
      return;
    }
    case Path::NegatedSet: {
      if (Terms::is_local(node)) return;
      auto excluded = [&](const std::vector<Value>& set, Id pred) {
        for (const auto& v : set)
          if (terms_.store_id(v) == pred) return true;
        return false;
      };
      // !(a|^b): forward links not in the forward set, inverse links not in the inverse set.
      bool has_fwd = !p.negated_fwd.empty() || p.negated_inv.empty();
      bool has_inv = !p.negated_inv.empty();
      if (has_fwd) {
        if (forward)
          scan(node, 0, 0, [&](Id, Id pr, Id o) {
            if (!excluded(p.negated_fwd, pr)) out.push_back(o);
          });
        else
          scan(0, 0, node, [&](Id s, Id pr, Id) {
            if (!excluded(p.negated_fwd, pr)) out.push_back(s);
          });
      }
      if (has_inv) {
        if (forward)
          scan(0, 0, node, [&](Id s, Id pr, Id) {
            if (!excluded(p.negated_inv, pr)) out.push_back(s);
          });
        else
          scan(node, 0, 0, [&](Id, Id pr, Id o) {
            if (!excluded(p.negated_inv, pr)) out.push_back(o);
          });
      }
      return;
    }
  }
}

void Evaluator::path_closure(const Path& p, Id node, bool forward, bool include_self,
                             std::vector<Id>& out) {
  std::unordered_set<Id> seen;
  std::vector<Id> frontier{node}, next;
  if (include_self) {
    seen.insert(node);
    out.push_back(node);
  }
  while (!frontier.empty()) {
    next.clear();
    for (Id n : frontier) {
      std::vector<Id> step;
      path_step(p, n, forward, step);
      for (Id x : step) {
        tick();
        if (seen.insert(x).second) {
          out.push_back(x);
          next.push_back(x);
        }
      }
    }
    frontier.swap(next);
  }
}

void Evaluator::all_nodes(std::vector<Id>& out) {
  std::unordered_set<Id> seen;
  scan(0, 0, 0, [&](Id s, Id, Id o) {
    if (seen.insert(s).second) out.push_back(s);
    if (seen.insert(o).second) out.push_back(o);
  });
}

// Candidate start nodes of a path when both ends are unbound.
void Evaluator::path_starts(const Path& p, bool forward, std::vector<Id>& out) {
  switch (p.kind) {
    case Path::Link: {
      Id pid = terms_.store_id(p.iri);
      if (!pid) return;
      std::unordered_set<Id> seen;
      scan(0, pid, 0, [&](Id s, Id, Id o) {
        Id n = forward ? s : o;
        if (seen.insert(n).second) out.push_back(n);
      });
      return;
    }
    case Path::Inverse:
      path_starts(*p.parts[0], !forward, out);
      return;
    case Path::Sequence:
      path_starts(*p.parts[forward ? 0 : p.parts.size() - 1], forward, out);
      return;
    case Path::OneOrMore:
      path_starts(*p.parts[0], forward, out);
      return;
    case Path::Alternative: {
      std::vector<Id> all;
      for (const auto& part : p.parts) path_starts(*part, forward, all);
      std::unordered_set<Id> seen;
      for (Id x : all)
        if (seen.insert(x).second) out.push_back(x);
      return;
    }
    default:
      all_nodes(out);
      return;
  }
}

Rows Evaluator::path(const Op& op, Rows input) {
  Rows out;
  const Path& p = *op.path;
  auto id_of = [&](const Node& n, const Row& r) -> Id {
    if (n.is_var) return r[n.var];
    return terms_.intern(n.term);  // a constant may match itself by a zero-length path
  };
  for (const auto& row : input) {
    Id s = id_of(op.subject, row), o = id_of(op.object, row);
    // A value bound elsewhere (VALUES, BIND) that the data lacks is no node of the graph.
    if ((op.subject.is_var && Terms::is_local(s)) || (op.object.is_var && Terms::is_local(o)))
      continue;
    std::vector<Id> ends;
    if (s) {
      path_step(p, s, true, ends);
      for (Id x : ends) {
        if (o && x != o) continue;
        Row r = row;
        if (op.object.is_var) r[op.object.var] = x;
        out.push_back(std::move(r));
      }
    } else if (o) {
      path_step(p, o, false, ends);
      for (Id x : ends) {
        Row r = row;
        r[op.subject.var] = x;
        out.push_back(std::move(r));
      }
    } else {
      std::vector<Id> starts;
      path_starts(p, true, starts);
      bool same_var = op.subject.is_var && op.object.is_var && op.subject.var == op.object.var;
      for (Id st : starts) {
        ends.clear();
        path_step(p, st, true, ends);
        for (Id x : ends) {
          if (same_var && x != st) continue;
          Row r = row;
          r[op.subject.var] = st;
          r[op.object.var] = x;
          out.push_back(std::move(r));
        }
      }
    }
  }
  return out;
}

}  // namespace ggen::sparql
