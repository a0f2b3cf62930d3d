// Expressions: operator precedence, builtin calls, aggregates, casts.
#include <algorithm>

#include "sparql/functions.h"
#include "sparql/parser_impl.h"

namespace ggen::sparql {
namespace {

ExprPtr binary(Expr::Kind k, ExprPtr a, ExprPtr b) {
  auto e = make_expr(k);
  e->args = {std::move(a), std::move(b)};
  return e;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool is_cast_type(const std::string& iri) {
  static const char* types[] = {"boolean", "integer", "decimal", "float",
                                "double",  "string",  "dateTime"};
  if (iri.rfind(std::string(xsd::kNs), 0) != 0) return false;
  std::string local = iri.substr(xsd::kNs.size());
  return std::find_if(std::begin(types), std::end(types),
                      [&](const char* t) { return local == t; }) != std::end(types);
}

}  // namespace

ExprPtr Parser::expression() {
  return or_expr();
}

ExprPtr Parser::or_expr() {
  ExprPtr e = and_expr();
  while (accept_punct("||")) e = binary(Expr::Or, e, and_expr());
  return e;
}

ExprPtr Parser::and_expr() {
  ExprPtr e = relational();
  while (accept_punct("&&")) e = binary(Expr::And, e, relational());
  return e;
}

ExprPtr Parser::relational() {
  ExprPtr e = additive();
  static const std::pair<const char*, Expr::Kind> ops[] = {{"=", Expr::Eq},  {"!=", Expr::Ne},
                                                           {"<", Expr::Lt},  {">", Expr::Gt},
                                                           {"<=", Expr::Le}, {">=", Expr::Ge}};
  for (const auto& [p, k] : ops)
    if (accept_punct(p)) return binary(k, e, additive());
  bool neg = false;
  if (is_word("NOT") && is_word("IN", 1)) {
    next();
    neg = true;
  }
  if (accept_word("IN")) {
    auto in = make_expr(neg ? Expr::NotIn : Expr::In);
    in->args.push_back(e);
    for (auto& a : arg_list(false, nullptr)) in->args.push_back(a);
    return in;
  }
  return e;
}

ExprPtr Parser::additive() {
  ExprPtr e = multiplicative();
  for (;;) {
    if (is_punct("+") || is_punct("-")) {
      bool plus = next().text == "+";
      e = binary(plus ? Expr::Add : Expr::Sub, e, multiplicative());
    } else if ((peek().kind == Tok::Integer || peek().kind == Tok::Decimal ||
                peek().kind == Tok::Double) &&
               false) {
      // unreachable: signed numbers are lexed unsigned, so "?a -1" is already "?a - 1".
    } else {
      return e;
    }
  }
}

ExprPtr Parser::multiplicative() {
  ExprPtr e = unary();
  for (;;) {
    if (accept_punct("*"))
      e = binary(Expr::Mul, e, unary());
    else if (accept_punct("/"))
      e = binary(Expr::Div, e, unary());
    else
      return e;
  }
}

ExprPtr Parser::unary() {
  DepthGuard guard(*this);
  if (accept_punct("!")) {
    auto e = make_expr(Expr::Not);
    e->args = {unary()};
    return e;
  }
  if (is_punct("+") || is_punct("-")) {
    Tok k = peek(1).kind;
    if (k == Tok::Integer || k == Tok::Decimal || k == Tok::Double) {
      auto c = make_expr(Expr::Const);
      c->constant = literal_term();
      return c;
    }
    bool minus = next().text == "-";
    auto e = make_expr(minus ? Expr::Neg : Expr::Plus);
    e->args = {unary()};
    return e;
  }
  return primary();
}

std::vector<ExprPtr> Parser::arg_list(bool allow_distinct, bool* distinct) {
  std::vector<ExprPtr> args;
  expect_punct("(", "to open the argument list");
  if (allow_distinct && accept_word("DISTINCT")) *distinct = true;
  if (accept_punct(")")) return args;
  args.push_back(expression());
  while (accept_punct(",")) args.push_back(expression());
  expect_punct(")", "to close the argument list");
  return args;
}

ExprPtr Parser::constraint() {
  if (accept_punct("(")) {
    ExprPtr e = expression();
    expect_punct(")", "to close the bracketted expression");
    return e;
  }
  if (at_iri() || peek().kind == Tok::Word) {
    ExprPtr e = primary();
    if (e->kind == Expr::Const || e->kind == Expr::Var) fail("expected a constraint");
    return e;
  }
  fail("expected '(' or a function call");
}

ExprPtr Parser::aggregate() {
  std::string name = upper(peek().text);
  const Token at = next();
  if (!aggs_) fail_at(at, "aggregate " + name + " is not allowed here");
  Aggregate a;
  static const std::pair<const char*, Aggregate::Kind> kinds[] = {
      {"COUNT", Aggregate::Count},
      {"SUM", Aggregate::Sum},
      {"MIN", Aggregate::Min},
      {"MAX", Aggregate::Max},
      {"AVG", Aggregate::Avg},
      {"SAMPLE", Aggregate::Sample},
      {"GROUP_CONCAT", Aggregate::GroupConcat}};
  for (const auto& [n, k] : kinds)
    if (name == n) a.kind = k;
  expect_punct("(", ("after " + name).c_str());
  a.distinct = accept_word("DISTINCT");
  auto* saved = aggs_;
  aggs_ = nullptr;  // no nested aggregates
  if (a.kind == Aggregate::Count && accept_punct("*")) {
    a.arg = nullptr;
  } else {
    a.arg = expression();
  }
  aggs_ = saved;
  if (a.kind == Aggregate::GroupConcat && accept_punct(";")) {
    if (!accept_word("SEPARATOR")) fail("expected SEPARATOR");
    expect_punct("=");
    if (peek().kind != Tok::String) fail("expected a string separator");
    a.separator = next().text;
  }
  expect_punct(")", ("to close " + name).c_str());
  a.result = fresh_var();
  aggs_->push_back(a);
  auto e = make_expr(Expr::Var);
  e->var = a.result;
  return e;
}

ExprPtr Parser::builtin_call() {
  const Token& t = peek();
  std::string name = upper(t.text);
  static const char* aggs[] = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"};
  for (const char* a : aggs)
    if (name == a) return aggregate();
  if (name == "NOT" && is_word("EXISTS", 1)) {
    next(), next();
    auto e = make_expr(Expr::NotExists);
    e->pattern = group_graph_pattern();
    return e;
  }
  if (name == "EXISTS") {
    next();
    auto e = make_expr(Expr::Exists);
    e->pattern = group_graph_pattern();
    return e;
  }
  if (name == "BOUND") {
    next();
    expect_punct("(", "after BOUND");
    if (peek().kind != Tok::Var) fail("expected a variable in BOUND");
    auto e = make_expr(Expr::Bound);
    e->var = var_id(next().text);
    expect_punct(")", "to close BOUND");
    return e;
  }
  const Token at = next();
  if (name == "IF" || name == "COALESCE") {
    auto e = make_expr(name == "IF" ? Expr::If : Expr::Coalesce);
    e->args = arg_list(false, nullptr);
    if (name == "IF" && e->args.size() != 3) fail_at(at, "IF takes 3 arguments");
    return e;
  }
  const Function* fn = find_function(name);
  if (!fn) fail_at(at, "unknown function " + t.text);
  auto e = make_expr(Expr::Call);
  e->name = name;
  e->fn = fn;
  if (name == "REGEX" || name == "SUBSTR" || name == "REPLACE") {
    // fixed-arity forms; checked below like every other call
  }
  e->args = arg_list(false, nullptr);
  int n = static_cast<int>(e->args.size());
  if (n < fn->min_args || (fn->max_args >= 0 && n > fn->max_args))
    fail_at(at, name + " called with " + std::to_string(n) + " arguments");
  return e;
}

ExprPtr Parser::primary() {
  const Token& t = peek();
  if (accept_punct("(")) {
    ExprPtr e = expression();
    expect_punct(")", "to close the parenthesised expression");
    return e;
  }
  if (t.kind == Tok::Var) {
    auto e = make_expr(Expr::Var);
    e->var = var_id(next().text);
    return e;
  }
  if (at_iri()) {
    std::string iri = parse_iri();
    if (!is_punct("(")) {
      auto c = make_expr(Expr::Const);
      c->constant = Value::iri(iri);
      return c;
    }
    bool distinct = false;
    auto args = arg_list(true, &distinct);
    if (is_cast_type(iri)) {
      if (args.size() != 1) fail("a cast takes exactly one argument");
      auto e = make_expr(Expr::Cast);
      e->constant = Value::iri(iri);
      e->args = std::move(args);
      return e;
    }
    auto e = make_expr(Expr::Unknown);
    e->name = iri;
    e->args = std::move(args);
    return e;
  }
  if (t.kind == Tok::Word && !is_word("true") && !is_word("false")) return builtin_call();
  auto c = make_expr(Expr::Const);
  c->constant = literal_term();
  return c;
}

}  // namespace ggen::sparql
