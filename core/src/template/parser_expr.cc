// Expression grammar (Tera 1 precedence, lowest first):
//   ternary  := or ('if' or 'else' ternary)?            (ggen extension)
//   or/and   := left-assoc chains
//   not      := 'not' not | comparison
//   compare  := operand ((== != < > <= >=) operand | 'not'? 'in' operand)?
//   operand  := run ((+ - * / %) run)*                   runs only continue after filters
//   run      := concat filter*                           filters bind looser than math
//   concat   := additive ('~' additive)*
//   additive := mult ((+ -) mult)*,  mult := primary ((* / %) primary)*
#include <cerrno>
#include <cstdlib>

#include "template/builtins.h"
#include "template/parser.h"

namespace ggen::tmpl {
namespace {

bool is_reserved(std::string_view s) {
  return s == "and" || s == "or" || s == "not" || s == "in" || s == "is" || s == "if" ||
         s == "else";
}

ExprPtr make(ExprKind k, Span span) {
  auto e = std::make_unique<Expr>();
  e->kind = k;
  e->span = span;
  return e;
}

ExprPtr binary(ExprKind k, Op op, ExprPtr l, ExprPtr r) {
  Span s{l->span.line, l->span.col, r->span.end_line, r->span.end_col};
  auto e = make(k, s);
  e->op = op;
  e->kids.push_back(std::move(l));
  e->kids.push_back(std::move(r));
  return e;
}

bool math_op(const Token* t, Op& op, int& prec) {
  if (!t || t->kind != TokKind::Sym || t->text.size() != 1) return false;
  switch (t->text[0]) {
    case '+':
      op = Op::Add;
      prec = 1;
      return true;
    case '-':
      op = Op::Sub;
      prec = 1;
      return true;
    case '*':
      op = Op::Mul;
      prec = 2;
      return true;
    case '/':
      op = Op::Div;
      prec = 2;
      return true;
    case '%':
      op = Op::Mod;
      prec = 2;
      return true;
  }
  return false;
}

}  // namespace

ExprPtr Parser::bin(ExprKind k, Op op, ExprPtr l, ExprPtr r) {
  if (++nodes_ > 2000) fail_here("expression too long (more than 2000 operators in one tag)");
  return binary(k, op, std::move(l), std::move(r));
}

ExprPtr Parser::parse_expr() {
  struct Guard {
    int& d;
    explicit Guard(int& x) : d(x) { ++d; }
    ~Guard() { --d; }
  } guard(depth_);
  if (depth_ > 200) fail_here("expression nested too deeply (more than 200 levels)");
  auto e = parse_or();
  if (peek_kw("if")) {
    ++p_;
    auto cond = parse_or();
    if (!peek_kw("else")) fail_here("expected `else` in inline `a if cond else b` expression");
    ++p_;
    auto other = parse_expr();
    Span s{e->span.line, e->span.col, other->span.end_line, other->span.end_col};
    auto t = make(ExprKind::Ternary, s);
    t->kids.push_back(std::move(e));
    t->kids.push_back(std::move(cond));
    t->kids.push_back(std::move(other));
    return t;
  }
  return e;
}

ExprPtr Parser::parse_or() {
  auto l = parse_and();
  while (peek_kw("or")) {
    ++p_;
    l = bin(ExprKind::Or, Op::Add, std::move(l), parse_and());
  }
  return l;
}

ExprPtr Parser::parse_and() {
  auto l = parse_not();
  while (peek_kw("and")) {
    ++p_;
    l = bin(ExprKind::And, Op::Add, std::move(l), parse_not());
  }
  return l;
}

ExprPtr Parser::parse_not() {
  // Iterative so that a long `not not not ...` chain cannot exhaust the stack.
  std::vector<std::uint32_t> nots;
  while (peek_kw("not")) {
    nots.push_back(here());
    ++p_;
    if (nots.size() > 200) fail_here("too many `not`s in a row");
    if (at_end()) fail_here("expected an expression after `not`");
  }
  auto e = parse_comparison();
  while (!nots.empty()) {
    Span s = lines_.span(nots.back(), nots.back());
    s.end_line = e->span.end_line;
    s.end_col = e->span.end_col;
    auto n = make(ExprKind::Not, s);
    n->kids.push_back(std::move(e));
    e = std::move(n);
    nots.pop_back();
  }
  return e;
}

ExprPtr Parser::parse_comparison() {
  auto l = parse_operand();
  const Token* t = peek();
  if (t && t->kind == TokKind::Sym) {
    Op op;
    bool cmp = true;
    if (t->text == "==")
      op = Op::Eq;
    else if (t->text == "!=")
      op = Op::Ne;
    else if (t->text == "<")
      op = Op::Lt;
    else if (t->text == ">")
      op = Op::Gt;
    else if (t->text == "<=")
      op = Op::Le;
    else if (t->text == ">=")
      op = Op::Ge;
    else
      cmp = false;
    if (cmp) {
      ++p_;
      return bin(ExprKind::Compare, op, std::move(l), parse_operand());
    }
  }
  bool neg = false;
  if (peek_kw("not") && peek_kw("in", 1)) {
    neg = true;
    ++p_;
  }
  if (peek_kw("in")) {
    ++p_;
    auto e = bin(ExprKind::In, Op::Add, std::move(l), parse_operand());
    e->negated = neg;
    return e;
  }
  return l;
}

ExprPtr Parser::parse_operand() {
  auto first = parse_run();
  Op op;
  int prec;
  if (first->filters.empty() || !math_op(peek(), op, prec)) return first;
  // Filtered runs combined by math: `a | length - 1`. Shunting-yard over the runs.
  std::vector<ExprPtr> vals;
  std::vector<std::pair<Op, int>> ops;
  vals.push_back(std::move(first));
  auto reduce = [&] {
    auto r = std::move(vals.back());
    vals.pop_back();
    auto l = std::move(vals.back());
    vals.pop_back();
    vals.push_back(bin(ExprKind::Math, ops.back().first, std::move(l), std::move(r)));
    ops.pop_back();
  };
  while (math_op(peek(), op, prec)) {
    ++p_;
    while (!ops.empty() && ops.back().second >= prec) reduce();
    ops.emplace_back(op, prec);
    vals.push_back(parse_run());
  }
  while (!ops.empty()) reduce();
  return std::move(vals.back());
}

ExprPtr Parser::parse_run() {
  auto e = parse_concat();
  if (peek_sym("|")) parse_filters(*e);
  return e;
}

void Parser::parse_filters(Expr& e) {
  while (peek_sym("|")) {
    ++p_;
    e.filters.push_back(parse_filter_call());
  }
  if (!e.filters.empty()) {
    e.span.end_line = e.filters.back().span.end_line;
    e.span.end_col = e.filters.back().span.end_col;
  }
}

FilterCall Parser::parse_filter_call() {
  FilterCall f;
  std::uint32_t start = here();
  f.name = expect_ident("a filter name");
  if (peek_sym("(")) parse_kwargs(f.args);
  f.span = span_from(start);
  f.builtin = find_filter(f.name);
  f.is_safe = f.name == "safe";
  f.is_default = f.name == "default";
  f.const_args = literal_kwargs(f.args);
  return f;
}

std::shared_ptr<const ConstKwargs> Parser::literal_kwargs(const std::vector<Kwarg>& args) {
  if (args.empty()) return nullptr;
  for (const Kwarg& k : args)
    if (k.value->kind != ExprKind::Literal || !k.value->filters.empty()) return nullptr;
  auto c = std::make_shared<ConstKwargs>();
  c->names.reserve(args.size());  // no reallocation: the views below stay valid
  c->args.items.reserve(args.size());
  for (const Kwarg& k : args) {
    c->names.push_back(k.name);
    c->args.items.emplace_back(c->names.back(), k.value->lit);
  }
  return c;
}

void Parser::parse_kwargs(std::vector<Kwarg>& out) {
  expect_sym("(", "`(`");
  while (!peek_sym(")")) {
    Kwarg k;
    k.name = expect_ident("an argument name (arguments are keyword-only: `name=value`)");
    if (!peek_sym("=")) {
      fail_here("expected `=` after argument name `" + k.name + "`",
                "arguments are keyword-only, e.g. `" + k.name + "=...`");
    }
    ++p_;
    if (at_end() || peek_sym(")") || peek_sym(","))
      fail_here("expected a value for `" + k.name + "`");
    k.value = parse_expr();
    out.push_back(std::move(k));
    if (peek_sym(",")) {
      ++p_;
      continue;
    }
    if (!peek_sym(")")) fail_here("expected `,` or `)` in argument list");
  }
  ++p_;
}

ExprPtr Parser::parse_concat() {
  auto first = parse_additive();
  if (!peek_sym("~")) return first;
  Span s = first->span;
  std::vector<ExprPtr> parts;
  parts.push_back(std::move(first));
  while (peek_sym("~")) {
    ++p_;
    parts.push_back(parse_additive());
  }
  s.end_line = parts.back()->span.end_line;
  s.end_col = parts.back()->span.end_col;
  // Fold literal-only chains ("a" ~ 1) into one literal.
  bool all_lit = true;
  for (auto& p : parts)
    all_lit = all_lit && p->kind == ExprKind::Literal && p->filters.empty() &&
              (p->lit.is_string() || p->lit.is_number());
  auto e = make(all_lit ? ExprKind::Literal : ExprKind::Concat, s);
  if (all_lit) {
    std::string out;
    for (auto& p : parts) p->lit.render(out);
    e->lit = Value(std::move(out));
  } else {
    e->kids = std::move(parts);
  }
  return e;
}

ExprPtr Parser::parse_additive() {
  auto l = parse_mult();
  Op op;
  int prec;
  while (math_op(peek(), op, prec) && prec == 1) {
    ++p_;
    l = bin(ExprKind::Math, op, std::move(l), parse_mult());
  }
  return l;
}

ExprPtr Parser::parse_mult() {
  auto l = parse_primary();
  Op op;
  int prec;
  while (math_op(peek(), op, prec) && prec == 2) {
    ++p_;
    l = bin(ExprKind::Math, op, std::move(l), parse_primary());
  }
  return l;
}

ExprPtr Parser::parse_primary() {
  const Token* t = peek();
  if (!t) fail_here("expected an expression");
  std::uint32_t start = t->pos;
  bool negative = false;
  if (t->kind == TokKind::Sym && t->text == "-") {
    const Token* n = peek(1);
    if (n && (n->kind == TokKind::Int || n->kind == TokKind::Float) && !n->space_before) {
      negative = true;
      ++p_;
      t = n;
    } else {
      fail(t->pos, "expected an expression", "there is no unary minus on variables; write `0 - x`");
    }
  }
  switch (t->kind) {
    case TokKind::Int: {
      ++p_;
      std::string digits(negative ? "-" : "");
      digits += t->text;
      errno = 0;
      char* endp = nullptr;
      long long v = std::strtoll(digits.c_str(), &endp, 10);
      if (errno == ERANGE) fail(start, "integer literal `" + digits + "` is out of range for i64");
      auto e = make(ExprKind::Literal, span_from(start));
      e->lit = Value(v);
      return e;
    }
    case TokKind::Float: {
      ++p_;
      std::string digits(negative ? "-" : "");
      digits += t->text;
      auto e = make(ExprKind::Literal, span_from(start));
      e->lit = Value(std::strtod(digits.c_str(), nullptr));
      e->float_literal = true;
      return e;
    }
    case TokKind::Str: {
      ++p_;
      auto e = make(ExprKind::Literal, span_from(start));
      e->lit = Value(std::string(t->text));
      return e;
    }
    case TokKind::Sym: {
      if (t->text == "(") {
        ++p_;
        if (peek_sym(")")) fail_here("expected an expression inside `( )`");
        auto inner = parse_expr();
        expect_sym(")", "`)`");
        return inner;
      }
      if (t->text == "[") {
        ++p_;
        auto e = make(ExprKind::Array, Span{});
        while (!peek_sym("]")) {
          if (at_end()) fail_here("expected `]` to close the array");
          e->kids.push_back(parse_expr());
          if (peek_sym(",")) {
            ++p_;
            continue;
          }
          if (!peek_sym("]")) fail_here("expected `,` or `]` in array literal");
        }
        ++p_;
        e->span = span_from(start);
        // Fully literal arrays become one constant value.
        bool all_lit = true;
        for (auto& k : e->kids)
          all_lit = all_lit && k->kind == ExprKind::Literal && k->filters.empty();
        if (all_lit) {
          Array a;
          for (auto& k : e->kids) a.push_back(k->lit);
          e->kids.clear();
          e->kind = ExprKind::Literal;
          e->lit = Value(std::move(a));
        }
        return e;
      }
      fail(t->pos, "expected an expression, found `" + std::string(t->text) + "`");
    }
    case TokKind::Ident: {
      if (t->text == "true" || t->text == "True" || t->text == "false" || t->text == "False") {
        ++p_;
        auto e = make(ExprKind::Literal, span_from(start));
        e->lit = Value(t->text[0] == 't' || t->text[0] == 'T');
        return e;
      }
      if (is_reserved(t->text)) {
        fail(t->pos, "expected an expression, found keyword `" + std::string(t->text) + "`");
      }
      ++p_;
      return parse_path_or_call(*t);
    }
  }
  fail_here("expected an expression");
}

ExprPtr Parser::parse_path_or_call(const Token& first) {
  std::uint32_t start = first.pos;
  std::string name(first.text);
  if (peek_sym("::")) {
    ++p_;
    auto e = make(ExprKind::MacroCall, Span{});
    e->ns = name;
    e->name = expect_ident("a macro name after `::`");
    if (!peek_sym("(")) fail_here("expected `(` to call macro `" + e->ns + "::" + e->name + "`");
    parse_kwargs(e->kwargs);
    e->span = span_from(start);
    return e;
  }
  if (peek_sym("(")) {
    auto e = make(ExprKind::Call, Span{});
    e->name = name;
    parse_kwargs(e->kwargs);
    e->span = span_from(start);
    if (name == "super") {
      if (!e->kwargs.empty()) fail(start, "`super()` takes no arguments");
      e->kind = ExprKind::Super;
    }
    e->fn = find_function(name);
    return e;
  }
  auto e = make(ExprKind::Path, Span{});
  e->name = name;
  while (true) {
    if (peek_sym(".")) {
      ++p_;
      const Token* s = peek();
      if (!s || (s->kind != TokKind::Ident && s->kind != TokKind::Int) || s->space_before) {
        fail_here("expected an attribute name or index after `.`");
      }
      ++p_;
      PathSeg seg;
      seg.name = std::string(s->text);
      if (s->kind == TokKind::Int) seg.index = std::atoll(seg.name.c_str());
      e->segs.push_back(std::move(seg));
    } else if (peek_sym("[")) {
      ++p_;
      PathSeg seg;
      seg.bracket = true;
      auto idx = parse_expr();
      expect_sym("]", "`]`");
      if (idx->kind == ExprKind::Literal && idx->filters.empty() && idx->lit.is_string()) {
        seg.name = idx->lit.as_string();
      } else if (idx->kind == ExprKind::Literal && idx->filters.empty() && idx->lit.is_int() &&
                 idx->lit.as_int() >= 0) {
        seg.index = idx->lit.as_int();
        seg.name = std::to_string(seg.index);
      } else {
        seg.dynamic = std::move(idx);
      }
      e->segs.push_back(std::move(seg));
    } else {
      break;
    }
  }
  e->span = span_from(start);
  if (peek_kw("is")) {
    ++p_;
    auto t = make(ExprKind::Test, Span{});
    if (peek_kw("not")) {
      ++p_;
      t->negated = true;
    }
    t->name = expect_ident("a test name after `is`");
    t->kids.push_back(std::move(e));
    if (peek_sym("(")) {
      ++p_;
      while (!peek_sym(")")) {
        if (at_end()) fail_here("expected a test argument (any expressions including arrays)");
        t->kids.push_back(parse_expr());
        if (peek_sym(",")) {
          ++p_;
          continue;
        }
        if (!peek_sym(")")) fail_here("expected `,` or `)` after a test argument");
      }
      ++p_;
    }
    t->span = span_from(start);
    t->test = find_test(t->name);
    return t;
  }
  return e;
}

}  // namespace ggen::tmpl
