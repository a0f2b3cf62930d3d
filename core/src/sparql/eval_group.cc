// GROUP BY and aggregates (spec 18.5). Groups come out in first-seen order, which follows the
// deterministic order of the rows feeding them.
#include <map>
#include <set>

#include "sparql/eval.h"
#include "sparql/value_ops.h"

namespace ggen::sparql {
namespace {

std::optional<Value> sum_of(const std::vector<Value>& vals) {
  Numeric acc;
  acc.type = Numeric::Integer;
  acc.i = 0;
  for (const auto& v : vals) {
    auto n = as_numeric(v);
    if (!n) return std::nullopt;
    auto r = arith('+', acc, *n);
    if (!r) return std::nullopt;
    acc = *r;
  }
  return make_numeric(acc);
}

}  // namespace

Rows Evaluator::group(const Op& op, Rows input, bool subst) {
  Rows rows = eval(*op.kids[0], std::move(input), subst);
  std::map<std::vector<Id>, size_t> index;
  std::vector<std::pair<std::vector<Id>, std::vector<size_t>>> groups;
  for (size_t i = 0; i < rows.size(); ++i) {
    tick();
    std::vector<Id> key;
    key.reserve(op.group_keys.size());
    for (const auto& k : op.group_keys) {
      if (k->kind == Expr::Var) {
        key.push_back(rows[i][k->var]);
        continue;
      }
      auto v = expr(*k, rows[i]);
      key.push_back(v ? terms_.intern(*v) : 0);
    }
    auto [it, fresh] = index.emplace(key, groups.size());
    if (fresh) groups.push_back({key, {}});
    groups[it->second].second.push_back(i);
  }
  // Without GROUP BY, aggregates see one group, even over no rows.
  if (op.group_keys.empty() && groups.empty()) groups.push_back({{}, {}});

  Rows out;
  for (const auto& [key, members] : groups) {
    Row r(width_, 0);
    for (size_t k = 0; k < op.vars.size(); ++k) r[op.vars[k]] = key[k];
    for (const auto& a : op.aggregates) {
      std::optional<Value> result;
      if (a.kind == Aggregate::Count && !a.arg) {
        size_t n = members.size();
        if (a.distinct) {
          std::set<Row> uniq;
          for (size_t m : members) uniq.insert(rows[m]);
          n = uniq.size();
        }
        result = Value::integer(static_cast<int64_t>(n));
      } else {
        std::vector<Value> vals;
        bool error = false;
        std::set<Id> seen;
        for (size_t m : members) {
          auto v = expr(*a.arg, rows[m]);
          if (!v) {
            error = true;
            continue;
          }
          if (a.distinct && !seen.insert(terms_.intern(*v)).second) continue;
          vals.push_back(std::move(*v));
        }
        switch (a.kind) {
          case Aggregate::Count:
            result = Value::integer(static_cast<int64_t>(vals.size()));
            break;
          case Aggregate::Sum:
            if (!error) result = sum_of(vals);
            break;
          case Aggregate::Avg:
            if (error) break;
            if (vals.empty()) {
              result = Value::integer(0);
            } else if (auto s = sum_of(vals)) {
              Numeric cnt;
              cnt.i = static_cast<int64_t>(vals.size());
              if (auto q = arith('/', *as_numeric(*s), cnt)) result = make_numeric(*q);
            }
            break;
          case Aggregate::Min:
          case Aggregate::Max:
            for (const auto& v : vals) {
              int c = result ? order_compare(&v, &*result) : 0;
              if (!result || (a.kind == Aggregate::Min ? c < 0 : c > 0)) result = v;
            }
            break;
          case Aggregate::Sample:
            if (!vals.empty()) result = vals.front();
            break;
          case Aggregate::GroupConcat: {
            if (error) break;
            std::string s;
            bool ok = true;
            for (size_t i = 0; i < vals.size() && ok; ++i) {
              if (!vals[i].is_string_like()) ok = false;
              if (i) s += a.separator;
              s += vals[i].lex;
            }
            if (ok) result = Value::literal(s);
            break;
          }
        }
      }
      if (result) r[a.result] = terms_.intern(*result);
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace ggen::sparql
