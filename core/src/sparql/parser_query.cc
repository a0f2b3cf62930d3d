// Query forms, prologue, solution modifiers, and the public parse entry points.
#include <algorithm>
#include <cstring>

#include "sparql/functions.h"
#include "sparql/iri.h"
#include "sparql/parser_impl.h"

namespace ggen::sparql {

OpPtr make_op(Op::Kind k) {
  auto op = std::make_shared<Op>();
  op->kind = k;
  return op;
}

ExprPtr make_expr(Expr::Kind k) {
  auto e = std::make_shared<Expr>();
  e->kind = k;
  return e;
}

OpPtr join_ops(OpPtr a, OpPtr b) {
  if (!a || a->kind == Op::Unit) return b;
  if (!b || b->kind == Op::Unit) return a;
  auto j = make_op(Op::Join);
  j->kids = {std::move(a), std::move(b)};
  return j;
}

Parser::Parser(std::string_view text, const ParseOptions& o)
    : file_(o.file), toks_(tokenize(text, o.file)), base_(o.base) {
  for (const auto& [p, iri] : o.prefixes) prefixes_[p] = iri;
}

static bool ieq(const std::string& a, const char* b) {
  size_t n = std::strlen(b);
  if (a.size() != n) return false;
  for (size_t i = 0; i < n; ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

bool Parser::is_word(const char* kw, size_t k) const {
  const Token& t = peek(k);
  return t.kind == Tok::Word && ieq(t.text, kw);
}
bool Parser::is_punct(const char* p, size_t k) const {
  const Token& t = peek(k);
  return t.kind == Tok::Punct && t.text == p;
}
bool Parser::accept_word(const char* kw) {
  if (!is_word(kw)) return false;
  next();
  return true;
}
bool Parser::accept_punct(const char* p) {
  if (!is_punct(p)) return false;
  next();
  return true;
}
void Parser::expect_word(const char* kw) {
  if (!accept_word(kw)) fail(std::string("expected ") + kw);
}
void Parser::expect_punct(const char* p, const char* why) {
  if (accept_punct(p)) return;
  std::string msg = std::string("expected '") + p + "'";
  if (why) msg += std::string(" ") + why;
  fail(msg);
}

std::string Parser::describe(const Token& t) const {
  switch (t.kind) {
    case Tok::End:
      return "end of query";
    case Tok::Iri:
      return "<" + t.text + ">";
    case Tok::PName:
      return t.text + ":" + t.text2;
    case Tok::Var:
      return "?" + t.text;
    case Tok::String:
      return "a string";
    default:
      return "'" + t.text + "'";
  }
}

void Parser::fail(const std::string& msg) const {
  fail_at(peek(), msg);
}

void Parser::fail_at(const Token& t, const std::string& msg) const {
  raise(Error(std::string(codes::kSparqlSyntax), msg + ", found " + describe(t))
            .at(Location{file_, t.line, t.column}));
}

std::string Parser::resolve(const std::string& iri) const {
  return resolve_iri(base_, iri);
}

std::string Parser::iri_of(const Token& t) {
  if (t.kind == Tok::Iri) return resolve(t.text);
  auto it = prefixes_.find(t.text);
  if (it == prefixes_.end()) fail_at(t, "undeclared prefix '" + t.text + ":'");
  std::string local;
  // PLX %-escapes stay as written; backslash escapes were already removed by the lexer.
  local = t.text2;
  return it->second + local;
}

std::string Parser::parse_iri() {
  if (!at_iri()) fail("expected an IRI");
  return iri_of(next());
}

VarId Parser::var_id(const std::string& name) {
  auto it = var_index_.find(name);
  if (it != var_index_.end()) return it->second;
  VarId id = static_cast<VarId>(var_names_.size());
  var_names_.push_back(name);
  var_index_.emplace(name, id);
  return id;
}

VarId Parser::fresh_var() {
  return var_id(".v" + std::to_string(fresh_++));
}

void Parser::prologue() {
  for (;;) {
    if (accept_word("BASE")) {
      if (peek().kind != Tok::Iri) fail("expected an IRI after BASE");
      base_ = resolve(next().text);
    } else if (accept_word("PREFIX")) {
      const Token& t = peek();
      if (t.kind != Tok::PName || !t.text2.empty()) fail("expected 'name:' after PREFIX");
      std::string p = next().text;
      if (peek().kind != Tok::Iri) fail("expected an IRI after PREFIX " + p + ":");
      prefixes_[p] = resolve(next().text);
    } else {
      return;
    }
  }
}

void Parser::dataset_clause(std::vector<std::string>& from, std::vector<std::string>& named) {
  while (accept_word("FROM")) {
    if (accept_word("NAMED"))
      named.push_back(parse_iri());
    else
      from.push_back(parse_iri());
  }
}

void Parser::in_scope(const Op& op, std::set<VarId>& out) {
  auto node = [&](const Node& n) {
    if (n.is_var) out.insert(n.var);
  };
  switch (op.kind) {
    case Op::Bgp:
      for (const auto& t : op.triples) node(t.s), node(t.p), node(t.o);
      break;
    case Op::PathOp:
      node(op.subject), node(op.object);
      break;
    case Op::Minus:
    case Op::Filter:
    case Op::OrderBy:
    case Op::Distinct:
    case Op::Reduced:
    case Op::Slice:
      in_scope(*op.kids[0], out);
      break;
    case Op::Join:
    case Op::LeftJoin:
    case Op::Union:
      for (const auto& k : op.kids) in_scope(*k, out);
      break;
    case Op::Graph:
      node(op.graph);
      in_scope(*op.kids[0], out);
      break;
    case Op::Extend:
      in_scope(*op.kids[0], out);
      out.insert(op.var);
      break;
    case Op::Values:
    case Op::Project:
      out.insert(op.vars.begin(), op.vars.end());
      break;
    case Op::Group:
      out.insert(op.vars.begin(), op.vars.end());
      for (const auto& a : op.aggregates) out.insert(a.result);
      break;
    case Op::Unit:
      break;
  }
}

void Parser::expr_vars(const Expr& e, std::set<VarId>& out) {
  if (e.kind == Expr::Var || e.kind == Expr::Bound) out.insert(e.var);
  for (const auto& a : e.args) expr_vars(*a, out);
}

OpPtr Parser::values_clause() {
  // VALUES ?x { ... } | VALUES ( ?x ?y ) { ( ... ) ... }
  auto op = make_op(Op::Values);
  bool single = false;
  if (peek().kind == Tok::Var) {
    op->vars.push_back(var_id(next().text));
    single = true;
  } else {
    expect_punct("(", "to open the VALUES variable list");
    while (peek().kind == Tok::Var) op->vars.push_back(var_id(next().text));
    expect_punct(")", "to close the VALUES variable list");
  }
  const Token open = peek();
  expect_punct("{", "to open the VALUES data block");
  auto value = [&]() -> std::optional<Value> {
    if (accept_word("UNDEF")) return std::nullopt;
    if (at_iri()) return Value::iri(parse_iri());
    return literal_term();
  };
  while (!is_punct("}")) {
    std::vector<std::optional<Value>> row;
    if (single) {
      row.push_back(value());
    } else {
      expect_punct("(", "to open a VALUES row");
      while (!is_punct(")")) {
        if (peek().kind == Tok::End) fail("expected ')' to close a VALUES row");
        row.push_back(value());
      }
      next();
      if (row.size() != op->vars.size())
        fail("VALUES row has " + std::to_string(row.size()) + " values for " +
             std::to_string(op->vars.size()) + " variables");
    }
    op->rows.push_back(std::move(row));
  }
  if (!accept_punct("}"))
    fail("expected '}' to close the VALUES block opened at " + std::to_string(open.line) + ":" +
         std::to_string(open.column));
  return op;
}

// Everything after the WHERE pattern: GROUP BY, HAVING, ORDER BY, LIMIT/OFFSET.
namespace {
bool clause_keyword(const Token& t) {
  static const char* kws[] = {"HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES", "GROUP"};
  if (t.kind != Tok::Word) return false;
  for (const char* k : kws) {
    if (t.text.size() != std::strlen(k)) continue;
    bool eq = true;
    for (size_t i = 0; i < t.text.size() && eq; ++i)
      eq = std::toupper(static_cast<unsigned char>(t.text[i])) == k[i];
    if (eq) return true;
  }
  return false;
}
}  // namespace

bool Parser::at_call() const {
  return at_iri() || (peek().kind == Tok::Word && is_punct("(", 1) && !clause_keyword(peek()));
}

void Parser::modifiers(SelectParts& sp) {
  std::set<VarId> where_vars;
  in_scope(*sp.where, where_vars);
  if (accept_word("GROUP")) {
    expect_word("BY");
    sp.grouped = true;
    do {
      if (peek().kind == Tok::Var) {
        VarId v = var_id(next().text);
        auto e = make_expr(Expr::Var);
        e->var = v;
        sp.group_keys.push_back(e);
        sp.group_vars.push_back(v);
      } else if (accept_punct("(")) {
        ExprPtr e = expression();
        VarId v;
        if (accept_word("AS")) {
          if (peek().kind != Tok::Var) fail("expected a variable after AS");
          v = var_id(next().text);
          if (where_vars.count(v))
            fail("GROUP BY variable ?" + var_names_[v] + " is already in scope");
        } else if (e->kind == Expr::Var) {
          v = e->var;
        } else {
          v = fresh_var();
        }
        expect_punct(")", "to close the GROUP BY expression");
        sp.group_keys.push_back(e);
        sp.group_vars.push_back(v);
      } else if (at_call()) {
        sp.group_keys.push_back(constraint());
        sp.group_vars.push_back(fresh_var());
      } else {
        fail("expected a GROUP BY condition");
      }
    } while (peek().kind == Tok::Var || is_punct("(") || at_call());
  }
  auto saved = aggs_;
  aggs_ = &sp.aggs;
  if (accept_word("HAVING")) {
    do sp.having.push_back(constraint());
    while (is_punct("(") || at_call());
  }
  if (accept_word("ORDER")) {
    expect_word("BY");
    for (;;) {
      if (is_word("ASC") || is_word("DESC")) {
        bool desc = next().text.size() == 4;
        if (!is_punct("(")) fail("expected '(' after ASC/DESC");
        sp.order.push_back({constraint(), desc});
      } else if (peek().kind == Tok::Var) {
        auto e = make_expr(Expr::Var);
        e->var = var_id(next().text);
        sp.order.push_back({e, false});
      } else if (is_punct("(") || at_call()) {
        sp.order.push_back({constraint(), false});
      } else {
        break;
      }
    }
    if (sp.order.empty()) fail("expected an ORDER BY condition");
  }
  aggs_ = saved;
  for (int i = 0; i < 2; ++i) {
    if (accept_word("LIMIT")) {
      if (peek().kind != Tok::Integer) fail("expected an integer after LIMIT");
      sp.limit = std::stoull(next().text);
    } else if (accept_word("OFFSET")) {
      if (peek().kind != Tok::Integer) fail("expected an integer after OFFSET");
      sp.offset = std::stoull(next().text);
    }
  }
}

// SELECT projection, dataset, WHERE and modifiers, for queries and subqueries.
void Parser::select_parts(SelectParts& sp, Query& q) {
  expect_word("SELECT");
  sp.distinct = accept_word("DISTINCT");
  sp.reduced = !sp.distinct && accept_word("REDUCED");
  auto saved = aggs_;
  aggs_ = &sp.aggs;
  if (accept_punct("*")) {
    sp.star = true;
  } else {
    while (peek().kind == Tok::Var || is_punct("(")) {
      if (peek().kind == Tok::Var) {
        VarId v = var_id(next().text);
        for (const auto& it : sp.items)
          if (it.var == v && it.expr) fail("variable ?" + var_names_[v] + " is already projected");
        sp.items.push_back({v, nullptr});
      } else {
        next();
        ExprPtr e = expression();
        expect_word("AS");
        if (peek().kind != Tok::Var) fail("expected a variable after AS");
        VarId v = var_id(next().text);
        expect_punct(")", "to close the SELECT expression");
        for (const auto& it : sp.items)
          if (it.var == v) fail("variable ?" + var_names_[v] + " is already projected");
        sp.items.push_back({v, e});
      }
    }
    if (sp.items.empty()) fail("expected '*' or variables after SELECT");
  }
  aggs_ = saved;
  dataset_clause(q.from, q.from_named);
  accept_word("WHERE");
  sp.where = group_graph_pattern();
  modifiers(sp);
}

// Translation (spec 18.2.4-5): Group, HAVING, VALUES, select expressions, ORDER BY, project,
// distinct, slice.
OpPtr Parser::build(SelectParts& sp, OpPtr values, bool project, std::vector<VarId>* projection) {
  OpPtr op = sp.where;
  std::set<VarId> where_vars;
  in_scope(*op, where_vars);
  bool aggregated = sp.grouped || !sp.aggs.empty();
  std::set<VarId> bound = where_vars;
  if (aggregated) {
    if (sp.star && project) fail("SELECT * is not allowed with GROUP BY or aggregates");
    auto g = make_op(Op::Group);
    g->kids = {op};
    g->vars = sp.group_vars;
    g->group_keys = sp.group_keys;
    g->aggregates = sp.aggs;
    op = g;
    bound.clear();
    bound.insert(sp.group_vars.begin(), sp.group_vars.end());
    for (const auto& a : sp.aggs) bound.insert(a.result);
    std::set<VarId> visible = bound;
    for (const auto& it : sp.items) {
      std::set<VarId> used;
      if (it.expr)
        expr_vars(*it.expr, used);
      else
        used.insert(it.var);
      for (VarId u : used)
        if (!visible.count(u))
          fail("variable ?" + var_names_[u] + " is used in SELECT but is not grouped");
      if (it.expr) visible.insert(it.var);
    }
  }
  if (!sp.having.empty()) {
    auto f = make_op(Op::Filter);
    f->kids = {op};
    f->exprs = sp.having;
    op = f;
  }
  if (values) op = join_ops(op, values);
  for (const auto& it : sp.items) {
    if (!it.expr) continue;
    if (bound.count(it.var))
      fail("variable ?" + var_names_[it.var] + " is already in scope; it cannot be an AS target");
    auto x = make_op(Op::Extend);
    x->kids = {op};
    x->var = it.var;
    x->expr = it.expr;
    op = x;
    bound.insert(it.var);
  }
  if (!sp.order.empty()) {
    auto o = make_op(Op::OrderBy);
    o->kids = {op};
    o->order = sp.order;
    op = o;
  }
  if (project) {
    auto p = make_op(Op::Project);
    p->kids = {op};
    if (sp.star) {
      std::set<VarId> vs;
      in_scope(*op, vs);
      for (VarId v : vs)
        if (var_names_[v][0] != '.' && var_names_[v][0] != '_') p->vars.push_back(v);
    } else {
      for (const auto& it : sp.items) p->vars.push_back(it.var);
    }
    if (projection) *projection = p->vars;
    op = p;
  }
  if (sp.distinct || sp.reduced) {
    auto d = make_op(sp.distinct ? Op::Distinct : Op::Reduced);
    d->kids = {op};
    op = d;
  }
  if (sp.offset || sp.limit) {
    auto s = make_op(Op::Slice);
    s->kids = {op};
    s->offset = sp.offset;
    s->limit = sp.limit;
    op = s;
  }
  return op;
}

OpPtr Parser::subselect() {
  SelectParts sp;
  Query q;
  select_parts(sp, q);
  if (!q.from.empty() || !q.from_named.empty()) fail("a subquery cannot have FROM clauses");
  OpPtr values;
  if (accept_word("VALUES")) values = values_clause();
  return build(sp, values, true, nullptr);
}

std::shared_ptr<Query> Parser::query() {
  auto q = std::make_shared<Query>();
  prologue();
  SelectParts sp;
  bool project = false;
  if (is_word("SELECT")) {
    q->form = Query::Select;
    select_parts(sp, *q);
    project = true;
  } else if (accept_word("ASK")) {
    q->form = Query::Ask;
    dataset_clause(q->from, q->from_named);
    accept_word("WHERE");
    sp.where = group_graph_pattern();
    modifiers(sp);
  } else if (accept_word("CONSTRUCT")) {
    q->form = Query::Construct;
    if (accept_punct("{")) {
      while (!is_punct("}")) {
        if (peek().kind == Tok::End) fail("expected '}' to close the CONSTRUCT template");
        triples_same_subject(q->construct_template, nullptr, TripleMode::Template);
        if (!accept_punct(".")) break;
      }
      expect_punct("}", "to close the CONSTRUCT template");
      dataset_clause(q->from, q->from_named);
      expect_word("WHERE");
      sp.where = group_graph_pattern();
    } else {
      // CONSTRUCT WHERE { triples }: the template is the pattern itself.
      dataset_clause(q->from, q->from_named);
      expect_word("WHERE");
      expect_punct("{", "to open CONSTRUCT WHERE");
      auto bgp = make_op(Op::Bgp);
      while (!is_punct("}")) {
        if (peek().kind == Tok::End) fail("expected '}' to close CONSTRUCT WHERE");
        triples_same_subject(bgp->triples, nullptr, TripleMode::Pattern);
        if (!accept_punct(".")) break;
      }
      expect_punct("}", "to close CONSTRUCT WHERE");
      q->construct_template = bgp->triples;
      sp.where = bgp;
    }
    modifiers(sp);
  } else if (accept_word("DESCRIBE")) {
    q->form = Query::Describe;
    if (!accept_punct("*")) {
      while (peek().kind == Tok::Var || at_iri()) {
        if (peek().kind == Tok::Var)
          q->describe.push_back(Node::of_var(var_id(next().text)));
        else
          q->describe.push_back(Node::of_term(Value::iri(parse_iri())));
      }
      if (q->describe.empty()) fail("expected '*', variables or IRIs after DESCRIBE");
    }
    dataset_clause(q->from, q->from_named);
    if (accept_word("WHERE") || is_punct("{"))
      sp.where = group_graph_pattern();
    else
      sp.where = make_op(Op::Unit);
    modifiers(sp);
  } else {
    fail("expected SELECT, ASK, CONSTRUCT or DESCRIBE");
  }
  OpPtr values;
  if (accept_word("VALUES")) values = values_clause();
  q->where = build(sp, values, project, &q->projection);
  if (peek().kind != Tok::End) fail("expected end of query");
  q->var_names = var_names_;
  q->base = base_;
  return q;
}

Result<std::shared_ptr<const Query>> parse_query(std::string_view text, const ParseOptions& o) {
  try {
    Parser p(text, o);
    return std::shared_ptr<const Query>(p.query());
  } catch (const Exception& e) {
    return e.error();
  }
}

Result<std::shared_ptr<const Update>> parse_update(std::string_view text, const ParseOptions& o) {
  try {
    Parser p(text, o);
    return std::shared_ptr<const Update>(p.update());
  } catch (const Exception& e) {
    return e.error();
  }
}

}  // namespace ggen::sparql
