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

// Integer comparison without materializing terms: the common FILTER(?rank < 100) shape.
// Returns false when an operand is not a plain xsd:integer (the general path then decides).
bool int_operand(const Expr& e, const Row& row, const rdf::Store& store, int64_t& out) {
  std::string_view lex, dt;
  if (e.kind == Expr::Const) {
    if (!e.constant.is_literal()) return false;
    lex = e.constant.lex;
    dt = e.constant.datatype;
  } else if (e.kind == Expr::Var) {
    Id id = row[e.var];
    if (!id || Terms::is_local(id) || !rdf::is_literal(id)) return false;
    rdf::TermRef t = store.term(id);
    lex = t.value;
    dt = t.datatype;
  } else {
    return false;
  }
  if (dt != rdf::vocab::kXsdInteger || lex.empty() || lex.size() > 18) return false;
  size_t i = (lex[0] == '-' || lex[0] == '+') ? 1 : 0;
  if (i == lex.size()) return false;
  int64_t v = 0;
  for (; i < lex.size(); ++i) {
    if (lex[i] < '0' || lex[i] > '9') return false;
    v = v * 10 + (lex[i] - '0');
  }
  out = lex[0] == '-' ? -v : v;
  return true;
}

const Value& bool_value(bool b) {
  static const Value t = Value::boolean(true), f = Value::boolean(false);
  return b ? t : f;
}

}  // namespace

// Effective boolean value of e, without building boolean terms for the logical connectives and
// integer comparisons: FILTER's hot path.
std::optional<bool> Evaluator::test(const Expr& e, const Row& row) {
  switch (e.kind) {
    case Expr::And: {
      auto a = test(*e.args[0], row);
      if (a && !*a) return false;
      auto b = test(*e.args[1], row);
      if (b && !*b) return false;
      if (a && b) return true;
      return std::nullopt;
    }
    case Expr::Or: {
      auto a = test(*e.args[0], row);
      if (a && *a) return true;
      auto b = test(*e.args[1], row);
      if (b && *b) return true;
      if (a && b) return false;
      return std::nullopt;
    }
    case Expr::Not: {
      auto a = test(*e.args[0], row);
      if (!a) return std::nullopt;
      return !*a;
    }
    case Expr::Bound:
      return row[e.var] != 0;
    case Expr::Exists:
      return exists(e, row);
    case Expr::NotExists:
      return !exists(e, row);
    case Expr::Lt:
    case Expr::Gt:
    case Expr::Le:
    case Expr::Ge: {
      int64_t x, y;
      if (int_operand(*e.args[0], row, store_, x) && int_operand(*e.args[1], row, store_, y))
        return e.kind == Expr::Lt   ? x < y
               : e.kind == Expr::Gt ? x > y
               : e.kind == Expr::Le ? x <= y
                                    : x >= y;
      break;
    }
    case Expr::Eq:
    case Expr::Ne:
      // Same store id is the same term: equal without looking at it.
      if (e.args[0]->kind == Expr::Var && e.args[1]->kind == Expr::Var) {
        Id a = row[e.args[0]->var], b = row[e.args[1]->var];
        if (a && a == b) return e.kind == Expr::Eq;
      }
      break;
    default:
      break;
  }
  auto v = expr(e, row);
  if (!v) return std::nullopt;
  return ebv(*v);
}

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
    case Expr::Const:
      return e.constant;
    case Expr::Bound:
      return Value::boolean(row[e.var] != 0);
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
      int64_t x, y;
      if (int_operand(*e.args[0], row, store_, x) && int_operand(*e.args[1], row, store_, y)) {
        bool r = e.kind == Expr::Lt   ? x < y
                 : e.kind == Expr::Gt ? x > y
                 : e.kind == Expr::Le ? x <= y
                                      : x >= y;
        return bool_value(r);
      }
      auto a = expr(*e.args[0], row);
      if (!a) return std::nullopt;
      auto b = expr(*e.args[1], row);
      if (!b) return std::nullopt;
      auto c = compare_values(*a, *b);
      if (!c) return std::nullopt;
      bool r = e.kind == Expr::Lt   ? *c < 0
               : e.kind == Expr::Gt ? *c > 0
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
      char op = e.kind == Expr::Add   ? '+'
                : e.kind == Expr::Sub ? '-'
                : e.kind == Expr::Mul ? '*'
                                      : '/';
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
    case Expr::Exists:
      return Value::boolean(exists(e, row));
    case Expr::NotExists:
      return Value::boolean(!exists(e, row));
    case Expr::Cast: {
      auto a = expr(*e.args[0], row);
      if (!a) return std::nullopt;
      return cast_value(e.constant.lex, *a);
    }
    case Expr::Call:
      return call(e, row);
    case Expr::Unknown:
      return std::nullopt;  // unsupported extension function: an error value
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
