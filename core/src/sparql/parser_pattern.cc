// Group graph patterns, triples blocks and property paths, translated to algebra as parsed
// (spec 18.2.2): consecutive triples form one BGP, FILTERs apply to the whole group.
#include "sparql/parser_impl.h"

namespace ggen::sparql {
namespace {
const char* kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
}

std::string Parser::anon_label() {
  std::string s = ".";
  s += std::to_string(fresh_++);
  return s;
}

Node Parser::blank_node(const std::string& label, TripleMode mode) {
  if (mode == TripleMode::DeleteData) fail("blank nodes are not allowed in DELETE DATA");
  if (mode == TripleMode::Template || mode == TripleMode::InsertData) {
    if (mode == TripleMode::InsertData) op_bnodes_.insert(label);
    return Node::of_term(Value::blank(label));
  }
  // In a pattern a blank node is a variable scoped to its basic graph pattern.
  if (label[0] != '.') {
    auto [it, fresh] = bnode_block_.emplace(label, block_);
    if (!fresh && it->second != block_)
      fail("blank node _:" + label + " is used in two different graph patterns");
  }
  return Node::of_var(var_id("_:" + label));
}

Value Parser::literal_term() {
  const Token& t = peek();
  std::string sign;
  if (t.kind == Tok::Punct && (t.text == "+" || t.text == "-")) {
    Tok k = peek(1).kind;
    if (k != Tok::Integer && k != Tok::Decimal && k != Tok::Double) fail("expected a number");
    sign = next().text;
  }
  const Token& n = peek();
  switch (n.kind) {
    case Tok::Integer:
      return Value::literal(sign + next().text, xsd::kInteger);
    case Tok::Decimal:
      return Value::literal(sign + next().text, xsd::kDecimal);
    case Tok::Double:
      return Value::literal(sign + next().text, xsd::kDouble);
    case Tok::String: {
      std::string lex = next().text;
      if (peek().kind == Tok::LangTag) return Value::literal(lex, {}, next().text);
      if (accept_punct("^^")) return Value::literal(lex, parse_iri());
      return Value::literal(lex);
    }
    case Tok::Word:
      if (is_word("true")) return next(), Value::boolean(true);
      if (is_word("false")) return next(), Value::boolean(false);
      [[fallthrough]];
    default:
      fail("expected an RDF term");
  }
}

Node Parser::var_or_term(TripleMode mode) {
  const Token& t = peek();
  switch (t.kind) {
    case Tok::Var:
      if (mode == TripleMode::InsertData || mode == TripleMode::DeleteData)
        fail("variables are not allowed in DATA blocks");
      return Node::of_var(var_id(next().text));
    case Tok::Iri:
    case Tok::PName:
      return Node::of_term(Value::iri(parse_iri()));
    case Tok::Blank:
      return blank_node(next().text, mode);
    default:
      if (is_punct("[") && is_punct("]", 1)) {
        next(), next();
        return blank_node(anon_label(), mode);
      }
      if (is_punct("(") && is_punct(")", 1)) {
        next(), next();
        return Node::of_term(Value::iri(std::string(kRdf) + "nil"));
      }
      return Node::of_term(literal_term());
  }
}

// GraphNode: a term, a [ property list ] or a ( collection ), which add triples to out.
Node Parser::graph_node(std::vector<Triple>& out, std::vector<OpPtr>* paths, TripleMode mode) {
  DepthGuard guard(*this);
  if (is_punct("[") && !is_punct("]", 1)) {
    next();
    Node b = blank_node(anon_label(), mode);
    property_list(b, out, paths, mode, true);
    expect_punct("]", "to close the blank node property list");
    return b;
  }
  if (is_punct("(") && !is_punct(")", 1)) {
    next();
    std::vector<Node> items;
    while (!accept_punct(")")) {
      if (peek().kind == Tok::End) fail("expected ')' to close the collection");
      items.push_back(graph_node(out, paths, mode));
    }
    Node head = Node::of_term(Value::iri(std::string(kRdf) + "nil"));
    Node first = Node::of_term(Value::iri(std::string(kRdf) + "first"));
    Node rest = Node::of_term(Value::iri(std::string(kRdf) + "rest"));
    std::vector<Node> cells;
    for (size_t i = 0; i < items.size(); ++i) cells.push_back(blank_node(anon_label(), mode));
    for (size_t i = 0; i < items.size(); ++i) {
      out.push_back({cells[i], first, items[i]});
      out.push_back({cells[i], rest, i + 1 < items.size() ? cells[i + 1] : head});
    }
    return cells.empty() ? head : cells[0];
  }
  return var_or_term(mode);
}

void Parser::add_path(const Node& s, const PathPtr& p, const Node& o, std::vector<Triple>& out,
                      std::vector<OpPtr>* paths) {
  switch (p->kind) {
    case Path::Link:
      out.push_back({s, Node::of_term(p->iri), o});
      return;
    case Path::Inverse:
      if (p->parts[0]->kind == Path::Link) {
        out.push_back({o, Node::of_term(p->parts[0]->iri), s});
        return;
      }
      break;
    case Path::Sequence: {
      Node cur = s;
      for (size_t i = 0; i < p->parts.size(); ++i) {
        Node nx = i + 1 == p->parts.size() ? o : Node::of_var(fresh_var());
        add_path(cur, p->parts[i], nx, out, paths);
        cur = nx;
      }
      return;
    }
    default:
      break;
  }
  if (!paths) fail("property paths are not allowed here");
  auto op = make_op(Op::PathOp);
  op->subject = s;
  op->object = o;
  op->path = p;
  paths->push_back(op);
}

void Parser::property_list(const Node& subject, std::vector<Triple>& out, std::vector<OpPtr>* paths,
                           TripleMode mode, bool required) {
  bool any = false;
  for (;;) {
    // Verb: a variable, 'a', or (in patterns) a path.
    PathPtr p;
    Node verb;
    bool is_path = false;
    if (peek().kind == Tok::Var) {
      verb = var_or_term(mode);
    } else if (is_word("a") && mode != TripleMode::Pattern) {
      next();
      verb = Node::of_term(Value::iri(std::string(kRdf) + "type"));
    } else if (at_iri() || is_word("a") ||
               (mode == TripleMode::Pattern && (is_punct("^") || is_punct("!") || is_punct("(")))) {
      if (mode == TripleMode::Pattern) {
        p = path();
        is_path = true;
      } else {
        verb = Node::of_term(Value::iri(parse_iri()));
      }
    } else {
      if (required && !any) fail("expected a predicate");
      return;
    }
    any = true;
    do {
      Node obj = graph_node(out, paths, mode);
      if (is_path)
        add_path(subject, p, obj, out, paths);
      else
        out.push_back({subject, verb, obj});
    } while (accept_punct(","));
    if (!accept_punct(";")) return;
    while (accept_punct(";")) {
    }
    if (!(peek().kind == Tok::Var || at_iri() || is_word("a") || is_punct("^") || is_punct("!") ||
          (is_punct("(") && mode == TripleMode::Pattern)))
      return;
  }
}

void Parser::triples_same_subject(std::vector<Triple>& out, std::vector<OpPtr>* paths,
                                  TripleMode mode) {
  bool complex = (is_punct("[") && !is_punct("]", 1)) || (is_punct("(") && !is_punct(")", 1));
  Node s = graph_node(out, paths, mode);
  property_list(s, out, paths, mode, !complex);
}

void Parser::triples_block(std::vector<Triple>& out, std::vector<OpPtr>& paths, TripleMode mode) {
  for (;;) {
    triples_same_subject(out, &paths, mode);
    if (!accept_punct(".")) return;
    if (!(peek().kind == Tok::Var || at_iri() || peek().kind == Tok::Blank ||
          peek().kind == Tok::String || peek().kind == Tok::Integer ||
          peek().kind == Tok::Decimal || peek().kind == Tok::Double || is_punct("[") ||
          is_punct("(") || is_word("true") || is_word("false") || is_punct("-") || is_punct("+")))
      return;
  }
}

PathPtr Parser::path() {
  PathPtr first = path_sequence();
  if (!is_punct("|")) return first;
  auto alt = std::make_shared<Path>();
  alt->kind = Path::Alternative;
  alt->parts.push_back(first);
  while (accept_punct("|")) alt->parts.push_back(path_sequence());
  return alt;
}

PathPtr Parser::path_sequence() {
  PathPtr first = path_elt_or_inverse();
  if (!is_punct("/")) return first;
  auto seq = std::make_shared<Path>();
  seq->kind = Path::Sequence;
  seq->parts.push_back(first);
  while (accept_punct("/")) seq->parts.push_back(path_elt_or_inverse());
  return seq;
}

PathPtr Parser::path_elt_or_inverse() {
  bool inv = accept_punct("^");
  PathPtr p = path_primary();
  // PathMod binds tighter than '^'.
  for (const char* m : {"*", "+", "?"}) {
    if (is_punct(m)) {
      next();
      auto w = std::make_shared<Path>();
      w->kind = m[0] == '*' ? Path::ZeroOrMore : m[0] == '+' ? Path::OneOrMore : Path::ZeroOrOne;
      w->parts.push_back(p);
      p = w;
      break;
    }
  }
  if (!inv) return p;
  auto w = std::make_shared<Path>();
  w->kind = Path::Inverse;
  w->parts.push_back(p);
  return w;
}

PathPtr Parser::path_primary() {
  DepthGuard guard(*this);
  auto p = std::make_shared<Path>();
  if (accept_word("a")) {
    p->iri = Value::iri(std::string(kRdf) + "type");
    return p;
  }
  if (at_iri()) {
    p->iri = Value::iri(parse_iri());
    return p;
  }
  if (accept_punct("(")) {
    PathPtr inner = path();
    expect_punct(")", "to close the path group");
    return inner;
  }
  if (accept_punct("!")) {
    p->kind = Path::NegatedSet;
    auto one = [&]() {
      bool inv = accept_punct("^");
      std::string iri;
      if (accept_word("a"))
        iri = std::string(kRdf) + "type";
      else
        iri = parse_iri();
      (inv ? p->negated_inv : p->negated_fwd).push_back(Value::iri(iri));
    };
    if (accept_punct("(")) {
      if (!is_punct(")")) {
        one();
        while (accept_punct("|")) one();
      }
      expect_punct(")", "to close the negated property set");
    } else {
      one();
    }
    return p;
  }
  fail("expected a property path");
}

OpPtr Parser::group_graph_pattern() {
  DepthGuard guard(*this);
  const Token open = peek();
  expect_punct("{", "to open a group graph pattern");
  // Aggregates never belong to a pattern, even one inside EXISTS in a SELECT expression.
  struct Restore {
    std::vector<Aggregate>*& ref;
    std::vector<Aggregate>* saved;
    ~Restore() { ref = saved; }
  } restore{aggs_, aggs_};
  aggs_ = nullptr;
  if (is_word("SELECT")) {
    OpPtr sub = subselect();
    if (!accept_punct("}"))
      fail("expected '}' to close the subquery opened at " + std::to_string(open.line) + ":" +
           std::to_string(open.column));
    return sub;
  }
  OpPtr g = make_op(Op::Unit);
  std::vector<ExprPtr> filters;
  std::vector<Triple> bgp;
  std::vector<OpPtr> paths;
  ++block_;
  auto flush = [&]() {
    if (!bgp.empty()) {
      auto b = make_op(Op::Bgp);
      b->triples = std::move(bgp);
      bgp.clear();
      g = join_ops(g, b);
    }
    for (auto& p : paths) g = join_ops(g, p);
    paths.clear();
    ++block_;
  };
  for (;;) {
    if (accept_punct("}")) break;
    auto unclosed = [&]() {
      fail("expected '}' to close the group opened at " + std::to_string(open.line) + ":" +
           std::to_string(open.column));
    };
    if (peek().kind == Tok::End) unclosed();
    if (accept_word("FILTER")) {
      filters.push_back(constraint());
    } else if (accept_word("OPTIONAL")) {
      flush();
      OpPtr a = group_graph_pattern();
      auto lj = make_op(Op::LeftJoin);
      if (a->kind == Op::Filter) {
        lj->exprs = a->exprs;
        a = a->kids[0];
      }
      lj->kids = {g, a};
      g = lj;
    } else if (accept_word("MINUS")) {
      flush();
      auto m = make_op(Op::Minus);
      m->kids = {g, group_graph_pattern()};
      g = m;
    } else if (accept_word("GRAPH")) {
      flush();
      auto gr = make_op(Op::Graph);
      if (peek().kind == Tok::Var)
        gr->graph = Node::of_var(var_id(next().text));
      else
        gr->graph = Node::of_term(Value::iri(parse_iri()));
      gr->kids = {group_graph_pattern()};
      g = join_ops(g, gr);
    } else if (accept_word("SERVICE")) {
      fail("SERVICE (federated query) is not supported");
    } else if (accept_word("BIND")) {
      flush();
      expect_punct("(", "after BIND");
      ExprPtr e = expression();
      expect_word("AS");
      if (peek().kind != Tok::Var) fail("expected a variable after AS");
      VarId v = var_id(next().text);
      expect_punct(")", "to close BIND");
      std::set<VarId> scope;
      in_scope(*g, scope);
      if (scope.count(v)) fail("BIND variable ?" + var_names_[v] + " is already in scope");
      auto x = make_op(Op::Extend);
      x->kids = {g};
      x->var = v;
      x->expr = e;
      g = x;
    } else if (accept_word("VALUES")) {
      flush();
      g = join_ops(g, values_clause());
    } else if (is_punct("{")) {
      flush();
      OpPtr u = group_graph_pattern();
      while (accept_word("UNION")) {
        auto un = make_op(Op::Union);
        un->kids = {u, group_graph_pattern()};
        u = un;
      }
      // A group always contributes, even an empty one: keep it as a join operand.
      if (u->kind == Op::Unit) u = make_op(Op::Bgp);
      if (g->kind == Op::Unit && u->kind == Op::Filter) {
        // Keep the nested group's FILTER scoped to it: OPTIONAL unwraps only its own filters.
        auto j = make_op(Op::Join);
        j->kids = {make_op(Op::Bgp), u};
        g = j;
      } else {
        g = join_ops(g, u);
      }
    } else {
      triples_block(bgp, paths, TripleMode::Pattern);
      if (peek().kind == Tok::End) unclosed();
      if (!is_punct("}") && !is_word("FILTER") && !is_word("OPTIONAL") && !is_word("MINUS") &&
          !is_word("GRAPH") && !is_word("BIND") && !is_word("VALUES") && !is_punct("{") &&
          !is_word("SERVICE"))
        fail("expected '.' or '}' after a triple pattern");
      continue;
    }
    accept_punct(".");
  }
  flush();
  if (!filters.empty()) {
    auto f = make_op(Op::Filter);
    f->kids = {g};
    f->exprs = std::move(filters);
    g = f;
  }
  return g;
}

void Parser::quads_pattern(std::vector<UpdateOp::Quad>& out, TripleMode mode) {
  expect_punct("{", "to open a quad block");
  auto add = [&](const std::vector<Triple>& ts, const Node& g) {
    for (const auto& t : ts) out.push_back({t.s, t.p, t.o, g});
  };
  Node dflt = Node::of_term(Value::iri(""));
  for (;;) {
    if (accept_punct("}")) break;
    if (peek().kind == Tok::End) fail("expected '}' to close the quad block");
    if (accept_word("GRAPH")) {
      Node g = var_or_term(mode);
      if (!g.is_var && !g.term.is_iri()) fail("expected a graph IRI");
      expect_punct("{", "to open the GRAPH block");
      std::vector<Triple> ts;
      while (!is_punct("}")) {
        if (peek().kind == Tok::End) fail("expected '}' to close the GRAPH block");
        triples_same_subject(ts, nullptr, mode);
        if (!accept_punct(".")) break;
      }
      expect_punct("}", "to close the GRAPH block");
      add(ts, g);
      accept_punct(".");
    } else {
      std::vector<Triple> ts;
      triples_same_subject(ts, nullptr, mode);
      add(ts, dflt);
      if (!accept_punct(".") && !is_punct("}") && !is_word("GRAPH"))
        fail("expected '.' or '}' in a quad block");
    }
  }
}

}  // namespace ggen::sparql
