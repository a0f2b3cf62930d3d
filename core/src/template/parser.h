#pragma once
// Template parser: chunks from the lexer -> Ast. Syntax errors are E_TEMPLATE_SYNTAX with the
// template name, line and column, thrown as ggen::Exception.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "template/ast.h"
#include "template/lexer.h"

namespace ggen::tmpl {

std::unique_ptr<Ast> parse_template(std::string_view name, std::string source,
                                    const ParseOptions& opts);

// Byte offset -> 1-based line and column (in code points).
class LineIndex {
 public:
  explicit LineIndex(std::string_view src);
  void locate(std::uint32_t pos, std::uint32_t& line, std::uint32_t& col) const;
  Span span(std::uint32_t pos, std::uint32_t end) const;

 private:
  std::string_view src_;
  std::vector<std::uint32_t> starts_;
};

class Parser {
 public:
  Parser(std::string_view name, const std::string& src, const ParseOptions& opts);
  std::unique_ptr<Ast> run(std::string source);

  // Expressions (parser_expr.cc) over the tokens of the current chunk.
  ExprPtr parse_expr();

 private:
  friend struct BodyParser;
  // --- token cursor ---
  bool at_end() const { return p_ >= toks_->size(); }
  const Token* peek(std::size_t ahead = 0) const {
    return p_ + ahead < toks_->size() ? &(*toks_)[p_ + ahead] : nullptr;
  }
  bool peek_sym(std::string_view s, std::size_t ahead = 0) const {
    const Token* t = peek(ahead);
    return t && t->kind == TokKind::Sym && t->text == s;
  }
  bool peek_kw(std::string_view s, std::size_t ahead = 0) const {
    const Token* t = peek(ahead);
    return t && t->kind == TokKind::Ident && t->text == s;
  }
  void expect_sym(std::string_view s, const char* what);
  std::string expect_ident(const char* what);
  std::uint32_t here() const;
  [[noreturn]] void fail(std::uint32_t pos, std::string msg, std::string hint = {}) const;
  [[noreturn]] void fail_here(std::string msg, std::string hint = {}) const;
  Span span_from(std::uint32_t start) const;

  // Every binary node goes through here: a cap on them per tag bounds the tree depth, so
  // evaluating or freeing a hostile `1+1+1+...` cannot exhaust the stack.
  ExprPtr bin(ExprKind k, Op op, ExprPtr l, ExprPtr r);
  ExprPtr parse_or();
  ExprPtr parse_and();
  ExprPtr parse_not();
  ExprPtr parse_comparison();
  ExprPtr parse_operand();
  ExprPtr parse_run();
  ExprPtr parse_concat();
  ExprPtr parse_additive();
  ExprPtr parse_mult();
  ExprPtr parse_primary();
  ExprPtr parse_path_or_call(const Token& first);
  void parse_kwargs(std::vector<Kwarg>& out);
  void parse_filters(Expr& e);
  FilterCall parse_filter_call();
  static std::shared_ptr<const ConstKwargs> literal_kwargs(const std::vector<Kwarg>& args);

  // --- statements (parser.cc) ---
  void begin_chunk(const Chunk& c);
  void end_chunk();
  std::string string_literal(const char* what);

  std::string_view name_;
  const std::string& src_;
  ParseOptions opts_;
  LineIndex lines_;
  const std::vector<Token>* toks_ = nullptr;
  std::size_t p_ = 0;
  const Chunk* chunk_ = nullptr;
  int depth_ = 0;
  int nodes_ = 0;  // expression nesting, bounded so hostile input cannot exhaust the stack
};

}  // namespace ggen::tmpl
