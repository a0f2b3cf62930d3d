// Result comparison: variables as sets, rows as a multiset, blank nodes under one bijection for
// the whole result. Literals compare exactly, except numerics of the same datatype compare by
// value and language tags case-insensitively (both allowed by the suite's README).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "sparql/results.h"

namespace sparql_conf {
namespace {

using Row = std::map<std::string, Value>;
using ggen::sparql::Kind;

bool numeric_dt(const std::string& dt) {
  static const char* t[] = {"integer",
                            "decimal",
                            "double",
                            "float",
                            "int",
                            "long",
                            "short",
                            "byte",
                            "nonNegativeInteger",
                            "positiveInteger",
                            "negativeInteger",
                            "nonPositiveInteger",
                            "unsignedInt",
                            "unsignedLong"};
  const std::string ns = "http://www.w3.org/2001/XMLSchema#";
  if (dt.rfind(ns, 0) != 0) return false;
  for (const char* x : t)
    if (dt.substr(ns.size()) == x) return true;
  return false;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool ground_equal(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  if (a.kind != Kind::Literal) return a.lex == b.lex;
  if (lower(a.lang) != lower(b.lang) || a.datatype != b.datatype) return false;
  if (a.lex == b.lex) return true;
  if (numeric_dt(a.datatype)) {
    char *ea, *eb;
    long double x = std::strtold(a.lex.c_str(), &ea), y = std::strtold(b.lex.c_str(), &eb);
    if (*ea || *eb) return false;
    return x == y || std::fabs(x - y) <= 1e-12L * std::max(std::fabs(x), std::fabs(y));
  }
  return false;
}

bool has_blank(const Row& r) {
  for (const auto& [k, v] : r)
    if (v.is_blank()) return true;
  return false;
}

struct Matcher {
  std::map<std::string, std::string> fwd, back;  // expected label <-> actual label

  // Row match under the current mapping; extends it (caller saves/restores).
  bool row(const Row& e, const Row& a) {
    if (e.size() != a.size()) return false;
    for (const auto& [k, ev] : e) {
      auto it = a.find(k);
      if (it == a.end()) return false;
      const Value& av = it->second;
      if (ev.is_blank() != av.is_blank()) return false;
      if (ev.is_blank()) {
        auto f = fwd.find(ev.lex);
        auto b = back.find(av.lex);
        if (f != fwd.end() || b != back.end()) {
          if (f == fwd.end() || b == back.end() || f->second != av.lex) return false;
        } else {
          fwd[ev.lex] = av.lex;
          back[av.lex] = ev.lex;
        }
      } else if (!ground_equal(ev, av)) {
        return false;
      }
    }
    return true;
  }

  bool search(const std::vector<const Row*>& exp, size_t i, const std::vector<const Row*>& act,
              std::vector<bool>& used, size_t& budget) {
    if (i == exp.size()) return true;
    for (size_t k = 0; k < act.size(); ++k) {
      if (used[k]) continue;
      if (budget-- == 0) return false;
      auto f = fwd;
      auto b = back;
      if (row(*exp[i], *act[k])) {
        used[k] = true;
        if (search(exp, i + 1, act, used, budget)) return true;
        used[k] = false;
      }
      fwd = std::move(f);
      back = std::move(b);
    }
    return false;
  }
};

std::string show(const Row& r) {
  std::string s = "{";
  for (const auto& [k, v] : r) s += " ?" + k + "=" + v.to_string();
  return s + " }";
}

}  // namespace

bool same_results(const ResultSet& e, const ResultSet& a, bool lax, std::string* why) {
  if (e.is_boolean || a.is_boolean) {
    if (e.is_boolean != a.is_boolean || e.boolean != a.boolean) {
      if (why) *why = "boolean differs: expected " + std::string(e.boolean ? "true" : "false");
      return false;
    }
    return true;
  }
  std::set<std::string> ev(e.vars.begin(), e.vars.end()), av(a.vars.begin(), a.vars.end());
  if (ev != av && !e.vars.empty()) {
    if (why) *why = "variables differ";
    return false;
  }
  std::vector<Row> exp_rows = e.rows, act_rows = a.rows;
  if (lax) {
    auto dedupe = [](std::vector<Row>& rows) {
      std::vector<Row> out;
      std::set<std::string> seen;
      for (auto& r : rows)
        if (has_blank(r) || seen.insert(show(r)).second) out.push_back(r);
      rows = out;
    };
    dedupe(exp_rows);
    dedupe(act_rows);
  }
  if (exp_rows.size() != act_rows.size()) {
    if (why)
      *why = "expected " + std::to_string(exp_rows.size()) + " rows, got " +
             std::to_string(act_rows.size());
    return false;
  }
  Matcher m;
  if (e.ordered) {
    for (size_t i = 0; i < exp_rows.size(); ++i) {
      if (!m.row(exp_rows[i], act_rows[i])) {
        if (why)
          *why = "row " + std::to_string(i) + " differs: expected " + show(exp_rows[i]) + " got " +
                 show(act_rows[i]);
        return false;
      }
    }
    return true;
  }
  // Ground rows first: a greedy multiset match is exact for them.
  std::vector<const Row*> exp_b, act_b;
  std::vector<bool> act_used(act_rows.size());
  for (const auto& r : exp_rows) {
    if (has_blank(r)) {
      exp_b.push_back(&r);
      continue;
    }
    bool found = false;
    for (size_t k = 0; k < act_rows.size() && !found; ++k) {
      if (act_used[k] || has_blank(act_rows[k])) continue;
      Matcher g;
      if (g.row(r, act_rows[k])) act_used[k] = found = true;
    }
    if (!found) {
      if (why) *why = "missing row " + show(r);
      return false;
    }
  }
  for (size_t k = 0; k < act_rows.size(); ++k)
    if (!act_used[k]) act_b.push_back(&act_rows[k]);
  if (exp_b.size() != act_b.size()) {
    if (why) *why = "unexpected row " + (act_b.empty() ? std::string() : show(*act_b[0]));
    return false;
  }
  std::vector<bool> used(act_b.size());
  size_t budget = 2000000;
  if (!m.search(exp_b, 0, act_b, used, budget)) {
    if (why) *why = "no blank-node mapping makes the rows with blank nodes match";
    return false;
  }
  return true;
}

}  // namespace sparql_conf
