// Expression evaluation (spec 17): nullopt is the "error" value, which FILTER treats as false
// and BIND leaves unbound. || and && follow the three-valued logic of 17.2.
#include "ggen/error/error.h"
#include "sparql/cast.h"
#include "sparql/eval.h"
#include "sparql/value_ops.h"

namespace ggen::sparql {

namespace {

std::optional<bool> ebv_of(const std::optional<Value>& v) {
  if (!v) return std::nullopt;
  return ebv(*v);
}

}  // namespace

bool Evaluator::exists(const Expr& e, const Row& row) {
  Rows rows = eval(*e.pattern, Rows{row}, true);
  return !rows.empty();
}

std::optional<Value> Evaluator::expr(const Expr& e, const Row& row) {
  switch (e.kind) {
    case Expr::Var: {
      Id id = row[e.var];
      if (!id) return std::nullopt;
      return terms_.value(id);
    }
    case Expr::Const: return e.constant;
    case Expr::Bound: return Value::boolean(row[e.var] != 0);
    case Expr::Or: {
      auto a = ebv_of(expr(*e.args[0], row));
      if (a && *a) return Value::boolean(true);
      auto b = ebv_of(expr(*e.args[1], row));
      if (b && *b) return Value::boolean(true);
      if (a && b) return Value::boolean(false);
      return std::nullopt;
    }
    case Expr::And: {
      auto a = ebv_of(expr(*e.args[0], row));
      if (a && !*a) return Value::boolean(false);
      auto b = ebv_of(expr(*e.args[1], row));
      if (b && !*b) return Value::boolean(false);
      if (a && b) return Value::boolean(true);
      return std::nullopt;
    }
    case Expr::Not: {
      auto a = ebv_of(expr(*e.args[0], row));
      if (!a) return std::nullopt;
      return Value::boolean(!*a);
    }
    case Expr::Eq:
    case Expr::Ne: {
      auto a = expr(*e.args[0], row);
      if (!a) return std::nullopt;
      auto b = expr(*e.args[1], row);
      if (!b) return std::nullopt;
      auto r = equal_values(*a, *b);
      if (!r) return std::nullopt;
      return Value::boolean(e.kind == Expr::Eq ? *r : !*r);
    }
    case Expr::Lt:
    case Expr::Gt:
    case Expr::Le:
    case Expr::Ge: {
      auto a = expr(*e.args[0], row);
      if (!a) return std::nullopt;
      auto b = expr(*e.args[1], row);
      if (!b) return std::nullopt;
      auto c = compare_values(*a, *b);
      if (!c) return std::nullopt;
      bool r = e.kind == Expr::Lt ? *c < 0 : e.kind == Expr::Gt ? *c > 0
                                          : e.kind == Expr::Le ? *c <= 0
                                                               : *c >= 0;
      return Value::boolean(r);
    }
    case Expr::Add:
    case Expr::Sub:
    case Expr::Mul:
    case Expr::Div: {
      auto a = expr(*e.args[0], row);
      if (!a) return std::nullopt;
      auto b = expr(*e.args[1], row);
      if (!b) return std::nullopt;
      auto x = as_numeric(*a), y = as_numeric(*b);
      if (!x || !y) return std::nullopt;
      char op = e.kind == Expr::Add ? '+' : e.kind == Expr::Sub ? '-' : e.kind == Expr::Mul ? '*' : '/';
      auto r = arith(op, *x, *y);
      if (!r) return std::nullopt;
      return make_numeric(*r);
    }
    case Expr::Neg:
    case Expr::Plus: {
      auto a = expr(*e.args[0], row);
      if (!a) return std::nullopt;
      auto x = as_numeric(*a);
      if (!x) return std::nullopt;
      if (e.kind == Expr::Neg) {
        if (x->type == Numeric::Integer)
          x->i = -x->i;
        else
          x->d = -x->d;
      }
      return make_numeric(*x);
    }
    case Expr::In:
    case Expr::NotIn: {
      auto a = expr(*e.args[0], row);
      if (!a) return std::nullopt;
      bool error = false;
      for (size_t i = 1; i < e.args.size(); ++i) {
        auto b = expr(*e.args[i], row);
        if (!b) {
          error = true;
          continue;
        }
        auto r = equal_values(*a, *b);
        if (!r) {
          error = true;
          continue;
        }
        if (*r) return Value::boolean(e.kind == Expr::In);
      }
      if (error) return std::nullopt;
      return Value::boolean(e.kind == Expr::NotIn);
    }
    case Expr::If: {
      auto c = ebv_of(expr(*e.args[0], row));
      if (!c) return std::nullopt;
      return expr(*e.args[*c ? 1 : 2], row);
    }
    case Expr::Coalesce:
      for (const auto& a : e.args)
        if (auto v = expr(*a, row)) return v;
      return std::nullopt;
    case Expr::Exists: return Value::boolean(exists(e, row));
    case Expr::NotExists: return Value::boolean(!exists(e, row));
    case Expr::Cast: {
      auto a = expr(*e.args[0], row);
      if (!a) return std::nullopt;
      return cast_value(e.constant.lex, *a);
    }
    case Expr::Call: return call(e, row);
    case Expr::Unknown: return std::nullopt;  // unsupported extension function: an error value
  }
  return std::nullopt;
}

std::optional<Value> Evaluator::call(const Expr& e, const Row& row) {
  std::vector<Value> args;
  args.reserve(e.args.size());
  for (const auto& a : e.args) {
    auto v = expr(*a, row);
    if (!v) return std::nullopt;
    args.push_back(std::move(*v));
  }
  return e.fn->impl(args, env_);
}

}  // namespace ggen::sparql
