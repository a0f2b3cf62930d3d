#pragma once
// The recursive-descent parser, split over parser_{query,pattern,expr,update}.cc.
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "ggen/error/error.h"
#include "ggen/sparql/algebra.h"
#include "ggen/sparql/parser.h"
#include "sparql/lexer.h"

namespace ggen::sparql {

// Which kind of blank node / variable handling a triples block gets.
enum class TripleMode { Pattern, Template, InsertData, DeleteData };

class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options);

  std::shared_ptr<Query> query();
  std::shared_ptr<Update> update();

  // --- tokens (parser_query.cc)
  const Token& peek(size_t k = 0) const { return toks_[std::min(pos_ + k, toks_.size() - 1)]; }
  const Token& next() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }
  bool is_word(const char* kw, size_t k = 0) const;
  bool is_punct(const char* p, size_t k = 0) const;
  bool accept_word(const char* kw);
  bool accept_punct(const char* p);
  void expect_word(const char* kw);
  void expect_punct(const char* p, const char* why = nullptr);
  [[noreturn]] void fail(const std::string& msg) const;
  [[noreturn]] void fail_at(const Token& t, const std::string& msg) const;
  std::string describe(const Token& t) const;

  // --- prologue and names
  void prologue();
  std::string resolve(const std::string& iri) const;
  std::string iri_of(const Token& t);  // Iri or PName token -> absolute IRI
  bool at_call() const;                // a function call or IRI, not a clause keyword like HAVING
  bool at_iri() const { return peek().kind == Tok::Iri || peek().kind == Tok::PName; }
  std::string parse_iri();
  VarId var_id(const std::string& name);
  VarId fresh_var();

  // --- query forms (parser_query.cc)
  struct SelectItem {
    VarId var;
    ExprPtr expr;
  };
  struct SelectParts {
    bool distinct = false, reduced = false, star = false, grouped = false;
    std::vector<SelectItem> items;
    OpPtr where;
    std::vector<ExprPtr> group_keys;
    std::vector<VarId> group_vars;
    std::vector<Aggregate> aggs;
    std::vector<ExprPtr> having;
    std::vector<OrderKey> order;
    uint64_t offset = 0;
    std::optional<uint64_t> limit;
  };
  void select_parts(SelectParts& sp, Query& q);
  void modifiers(SelectParts& sp);
  OpPtr build(SelectParts& sp, OpPtr values, bool project, std::vector<VarId>* projection);
  OpPtr subselect();
  void dataset_clause(std::vector<std::string>& from, std::vector<std::string>& named);
  OpPtr values_clause();

  // --- patterns (parser_pattern.cc)
  OpPtr group_graph_pattern();
  void triples_block(std::vector<Triple>& out, std::vector<OpPtr>& paths, TripleMode mode);
  void triples_same_subject(std::vector<Triple>& out, std::vector<OpPtr>* paths, TripleMode mode);
  void property_list(const Node& subject, std::vector<Triple>& out, std::vector<OpPtr>* paths,
                     TripleMode mode, bool required);
  Node graph_node(std::vector<Triple>& out, std::vector<OpPtr>* paths, TripleMode mode);
  Node var_or_term(TripleMode mode);
  Value literal_term();
  PathPtr path();
  PathPtr path_sequence();
  PathPtr path_elt_or_inverse();
  PathPtr path_primary();
  void add_path(const Node& s, const PathPtr& p, const Node& o, std::vector<Triple>& out,
                std::vector<OpPtr>* paths);
  Node blank_node(const std::string& label, TripleMode mode);
  std::string anon_label();  // label of a [] or collection node: '.' never starts a real one
  void quads_pattern(std::vector<UpdateOp::Quad>& out, TripleMode mode);

  // --- expressions (parser_expr.cc)
  ExprPtr expression();
  ExprPtr or_expr();
  ExprPtr and_expr();
  ExprPtr relational();
  ExprPtr additive();
  ExprPtr multiplicative();
  ExprPtr unary();
  ExprPtr primary();
  ExprPtr builtin_call();
  ExprPtr constraint();  // brackettedExpression | builtin | function call
  std::vector<ExprPtr> arg_list(bool allow_distinct, bool* distinct);
  ExprPtr aggregate();

  // --- update (parser_update.cc)
  void update_op(Update& u);
  std::string graph_ref_all(std::string& iri);

  // Variables visible after evaluating op (spec 18.2.1).
  static void in_scope(const Op& op, std::set<VarId>& out);
  static void expr_vars(const Expr& e, std::set<VarId>& out);

  std::string file_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
  std::string base_;
  std::map<std::string, std::string> prefixes_;
  std::vector<std::string> var_names_;
  std::unordered_map<std::string, VarId> var_index_;
  int fresh_ = 0;
  int depth_ = 0;  // nesting of groups and parenthesised expressions; bounded below
  struct DepthGuard {
    Parser& p;
    explicit DepthGuard(Parser& parser) : p(parser) {
      if (++p.depth_ > 256) p.fail("query nests deeper than 256 levels");
    }
    ~DepthGuard() { --p.depth_; }
  };
  // Aggregates found while parsing SELECT/HAVING/ORDER BY; null where they are not allowed.
  std::vector<Aggregate>* aggs_ = nullptr;
  // Blank node label -> the basic graph pattern (block number) that first used it.
  std::unordered_map<std::string, int> bnode_block_;
  int block_ = 0;
  std::set<std::string> data_bnodes_used_;  // labels used in earlier INSERT DATA ops
  std::set<std::string> op_bnodes_;
};

OpPtr make_op(Op::Kind k);
OpPtr join_ops(OpPtr a, OpPtr b);
ExprPtr make_expr(Expr::Kind k);

}  // namespace ggen::sparql
