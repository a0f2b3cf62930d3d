// SPARQL 1.1 Update: a sequence of operations separated by ';', each with its own prologue.
#include "sparql/parser_impl.h"

namespace ggen::sparql {

// GraphRefAll: GRAPH <iri> | DEFAULT | NAMED | ALL. Returns the keyword ("GRAPH" for an IRI).
std::string Parser::graph_ref_all(std::string& iri) {
  if (accept_word("DEFAULT")) return "DEFAULT";
  if (accept_word("NAMED")) return "NAMED";
  if (accept_word("ALL")) return "ALL";
  accept_word("GRAPH");
  iri = parse_iri();
  return "GRAPH";
}

void Parser::update_op(Update& u) {
  UpdateOp op;
  op.silent = false;
  auto graph_or_default = [&](std::string& kw, std::string& iri) {
    if (accept_word("DEFAULT")) {
      kw = "DEFAULT";
    } else {
      accept_word("GRAPH");
      kw = "GRAPH";
      iri = parse_iri();
    }
  };
  if (accept_word("LOAD")) {
    op.kind = UpdateOp::Load;
    op.silent = accept_word("SILENT");
    op.source = parse_iri();
    if (accept_word("INTO")) {
      expect_word("GRAPH");
      op.dest = "GRAPH";
      op.dest_iri = parse_iri();
    }
  } else if (accept_word("CLEAR") || is_word("DROP")) {
    bool drop = accept_word("DROP");
    op.kind = drop ? UpdateOp::Drop : UpdateOp::Clear;
    op.silent = accept_word("SILENT");
    op.target = graph_ref_all(op.target_iri);
  } else if (accept_word("CREATE")) {
    op.kind = UpdateOp::Create;
    op.silent = accept_word("SILENT");
    expect_word("GRAPH");
    op.target = "GRAPH";
    op.target_iri = parse_iri();
  } else if (is_word("ADD") || is_word("MOVE") || is_word("COPY")) {
    std::string kw = next().text;
    for (auto& c : kw) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    op.kind = kw == "ADD" ? UpdateOp::Add : kw == "MOVE" ? UpdateOp::Move : UpdateOp::Copy;
    op.silent = accept_word("SILENT");
    graph_or_default(op.target, op.target_iri);
    expect_word("TO");
    graph_or_default(op.dest, op.dest_iri);
  } else if (is_word("INSERT") && is_word("DATA", 1)) {
    next(), next();
    op.kind = UpdateOp::InsertData;
    op_bnodes_.clear();
    quads_pattern(op.inserts, TripleMode::InsertData);
    // A blank node label may not be shared between two INSERT DATA operations.
    for (const auto& l : op_bnodes_)
      if (!data_bnodes_used_.insert(l).second)
        fail("blank node _:" + l + " is used in two INSERT DATA operations");
  } else if (is_word("DELETE") && is_word("DATA", 1)) {
    next(), next();
    op.kind = UpdateOp::DeleteData;
    quads_pattern(op.deletes, TripleMode::DeleteData);
  } else if (is_word("WITH") || is_word("DELETE") || is_word("INSERT")) {
    op.kind = UpdateOp::Modify;
    if (accept_word("WITH")) op.with = parse_iri();
    if (accept_word("DELETE")) quads_pattern(op.deletes, TripleMode::Pattern);
    if (accept_word("INSERT")) quads_pattern(op.inserts, TripleMode::Template);
    if (op.deletes.empty() && op.inserts.empty() && !is_word("USING") && !is_word("WHERE"))
      fail("expected DELETE or INSERT");
    for (const auto& q : op.deletes)
      for (const Node* n : {&q.s, &q.p, &q.o})
        if (n->is_var && var_names_[n->var].rfind("_:", 0) == 0)
          fail("blank nodes are not allowed in a DELETE template");
    while (accept_word("USING")) {
      if (accept_word("NAMED"))
        op.using_named.push_back(parse_iri());
      else
        op.using_.push_back(parse_iri());
    }
    expect_word("WHERE");
    op.where = group_graph_pattern();
  } else {
    fail("expected an update operation");
  }
  u.ops.push_back(std::move(op));
}

std::shared_ptr<Update> Parser::update() {
  auto u = std::make_shared<Update>();
  for (;;) {
    prologue();
    if (peek().kind == Tok::End) break;
    // DELETE WHERE { pattern } is sugar for DELETE { pattern } WHERE { pattern }.
    if (is_word("DELETE") && is_word("WHERE", 1)) {
      next(), next();
      UpdateOp op;
      op.kind = UpdateOp::Modify;
      size_t start = pos_;
      quads_pattern(op.deletes, TripleMode::Pattern);
      size_t end = pos_;
      pos_ = start;
      // Re-read the same tokens as a WHERE pattern; the GRAPH blocks read as graph patterns.
      op.where = group_graph_pattern();
      pos_ = end;
      for (const auto& q : op.deletes)
        for (const Node* n : {&q.s, &q.p, &q.o})
          if (n->is_var && var_names_[n->var].rfind("_:", 0) == 0)
            fail("blank nodes are not allowed in DELETE WHERE");
      u->ops.push_back(std::move(op));
    } else {
      update_op(*u);
    }
    if (!accept_punct(";")) break;
  }
  if (peek().kind != Tok::End) fail("expected ';' or end of update");
  u->var_names = var_names_;
  u->base = base_;
  return u;
}

}  // namespace ggen::sparql
