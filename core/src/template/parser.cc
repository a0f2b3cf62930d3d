// Statement level of the parser: tags, bodies, whitespace control, template metadata (extends,
// imports, macros, blocks).
#include "template/parser.h"

#include <algorithm>
#include <initializer_list>

#include "ggen/error/error.h"
#include "template/builtins.h"
#include "template/engine_impl.h"

namespace ggen::tmpl {

// ---------------------------------------------------------------- locations

LineIndex::LineIndex(std::string_view src) : src_(src) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < src.size(); ++i)
    if (src[i] == '\n') starts_.push_back(static_cast<std::uint32_t>(i + 1));
}

void LineIndex::locate(std::uint32_t pos, std::uint32_t& line, std::uint32_t& col) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), pos);
  std::size_t idx = static_cast<std::size_t>(it - starts_.begin()) - 1;
  line = static_cast<std::uint32_t>(idx + 1);
  col = 1;
  for (std::uint32_t i = starts_[idx]; i < pos && i < src_.size(); ++i)
    if ((static_cast<unsigned char>(src_[i]) & 0xC0) != 0x80) ++col;
}

Span LineIndex::span(std::uint32_t pos, std::uint32_t end) const {
  Span s;
  locate(pos, s.line, s.col);
  locate(end, s.end_line, s.end_col);
  return s;
}

// ---------------------------------------------------------------- cursor helpers

Parser::Parser(std::string_view name, const std::string& src, const ParseOptions& opts)
    : name_(name), src_(src), opts_(opts), lines_(src) {}

std::uint32_t Parser::here() const {
  if (const Token* t = peek()) return t->pos;
  // At the end of the tokens: point at the closing delimiter.
  if (chunk_) {
    std::uint32_t e = chunk_->end;
    std::uint32_t back = chunk_->trim_right ? 3 : 2;
    return e >= back ? e - back : e;
  }
  return 0;
}

Span Parser::span_from(std::uint32_t start) const {
  std::uint32_t end = p_ > 0 && p_ - 1 < toks_->size() ? (*toks_)[p_ - 1].end : start;
  return lines_.span(start, std::max(start, end));
}

void Parser::fail(std::uint32_t pos, std::string msg, std::string hint) const {
  Location loc;
  loc.file = std::string(name_);
  std::uint32_t l, c;
  lines_.locate(pos, l, c);
  loc.line = static_cast<int>(l);
  loc.column = static_cast<int>(c);
  loc.end_line = loc.line;
  loc.end_column = loc.column + 1;
  Error e(std::string(codes::kTemplateSyntax), std::move(msg));
  e.at(std::move(loc));
  if (!hint.empty()) e.with_hint(std::move(hint));
  raise(std::move(e));
}

void Parser::fail_here(std::string msg, std::string hint) const {
  fail(here(), std::move(msg), std::move(hint));
}

void Parser::expect_sym(std::string_view s, const char* what) {
  if (!peek_sym(s)) {
    const Token* t = peek();
    fail_here(std::string("expected ") + what +
              (t ? ", found `" + std::string(t->text) + "`" : ", found the end of the tag"));
  }
  ++p_;
}

std::string Parser::expect_ident(const char* what) {
  const Token* t = peek();
  if (!t || t->kind != TokKind::Ident) {
    fail_here(std::string("expected ") + what +
              (t ? ", found `" + std::string(t->text) + "`" : ", found the end of the tag"));
  }
  ++p_;
  return std::string(t->text);
}

void Parser::begin_chunk(const Chunk& c) {
  chunk_ = &c;
  toks_ = &c.toks;
  p_ = 0;
  nodes_ = 0;
}

void Parser::end_chunk() {
  if (!at_end()) {
    const Token* t = peek();
    bool expr = chunk_->kind == ChunkKind::Expr;
    fail(t->pos, "unexpected `" + std::string(t->text) + "`; expected " +
                     (expr ? "an operator, a filter or the end of the expression (`}}`)"
                           : "the end of the tag (`%}`)"));
  }
}

std::string Parser::string_literal(const char* what) {
  const Token* t = peek();
  if (!t || t->kind != TokKind::Str) fail_here(std::string("expected a string (") + what + ")");
  if (!t->space_before) fail(t->pos, "expected whitespace before the string");
  ++p_;
  return std::string(t->text);
}

// ---------------------------------------------------------------- bodies

namespace {

bool is_space_byte(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

struct BodyParser {
  Parser& P;
  Ast& ast;
  const std::vector<Chunk>& chunks;
  std::size_t i = 0;
  bool trim_next = false;
  bool after_tag = false;  // previous chunk was a `{% %}`/comment (trim_blocks)
  bool seen_content = false;
  int nesting = 0;

  struct Ctx {
    bool top = true;
    bool in_macro = false;
    bool in_loop = false;
  };

  void left_trim(Body& out, const Chunk& c) {
    if (c.trim_left && !out.empty() && out.back().kind == NodeKind::Text) {
      out.back().text = trim_ws(out.back().text, false, true);
      if (out.back().text.empty()) out.pop_back();
    }
    if (P.opts_.lstrip_blocks && c.kind != ChunkKind::Expr) {
      std::size_t p = c.pos, n = 0;
      while (p > 0 && (P.src_[p - 1] == ' ' || P.src_[p - 1] == '\t')) {
        --p;
        ++n;
      }
      if (n && (p == 0 || P.src_[p - 1] == '\n') && !out.empty() &&
          out.back().kind == NodeKind::Text && out.back().text.size() >= n) {
        out.back().text.resize(out.back().text.size() - n);
        if (out.back().text.empty()) out.pop_back();
      }
    }
  }

  void finish(const Chunk& c) {
    P.end_chunk();
    trim_next = c.trim_right;
    after_tag = true;
    ++i;
  }

  Node node(NodeKind k, const Chunk& c) {
    Node n;
    n.kind = k;
    n.span = P.lines_.span(c.pos, c.end);
    return n;
  }

  [[noreturn]] void unclosed(const Chunk& opener, std::string_view end_tag) {
    P.fail(opener.pos, "this tag is never closed: expected `{% " + std::string(end_tag) + " %}`");
  }

  // Parses chunks into `out` until a tag named in `ends`; returns that name ("" at EOF).
  std::string body(Body& out, Ctx ctx, std::initializer_list<std::string_view> ends,
                   const Chunk* opener = nullptr) {
    struct Guard {
      int& d;
      explicit Guard(int& x) : d(x) { ++d; }
      ~Guard() { --d; }
    } guard(nesting);
    if (nesting > 200 && opener)
      P.fail(opener->pos, "tags nested too deeply (more than 200 levels)");
    while (i < chunks.size()) {
      const Chunk& c = chunks[i];
      bool trim_this = trim_next;
      bool tag_before = after_tag;
      trim_next = false;
      after_tag = false;
      switch (c.kind) {
        case ChunkKind::Text: {
          std::string t(c.text);
          if (trim_this) t = trim_ws(t, true, false);
          if (P.opts_.trim_blocks && tag_before) {
            if (t.rfind("\r\n", 0) == 0)
              t.erase(0, 2);
            else if (!t.empty() && t[0] == '\n')
              t.erase(0, 1);
          }
          if (ctx.top && !ctx.in_macro) {
            for (char ch : t) seen_content = seen_content || !is_space_byte(ch);
          }
          if (!t.empty()) {
            Node n = node(NodeKind::Text, c);
            n.text = std::move(t);
            out.push_back(std::move(n));
          }
          ++i;
          continue;
        }
        case ChunkKind::Comment:
          left_trim(out, c);
          trim_next = c.trim_right;
          after_tag = true;
          ++i;
          continue;
        case ChunkKind::Raw: {
          left_trim(out, c);
          std::string t(c.text);
          if (c.raw_trim_start) t = trim_ws(t, true, false);
          if (c.raw_trim_end) t = trim_ws(t, false, true);
          if (!t.empty()) {
            Node n = node(NodeKind::Text, c);
            n.text = std::move(t);
            out.push_back(std::move(n));
          }
          seen_content = true;
          trim_next = c.trim_right;
          after_tag = true;
          ++i;
          continue;
        }
        case ChunkKind::Expr: {
          if (c.has_error) broken_chunk(c);
          left_trim(out, c);
          P.begin_chunk(c);
          if (P.at_end()) P.fail_here("expected an expression inside `{{ }}`");
          Node n = node(NodeKind::Print, c);
          n.expr = P.parse_expr();
          P.end_chunk();
          out.push_back(std::move(n));
          seen_content = true;
          trim_next = c.trim_right;
          ++i;
          continue;
        }
        case ChunkKind::Tag:
          break;
      }
      if (c.has_error) broken_chunk(c);
      P.begin_chunk(c);
      const Token* kw = P.peek();
      if (!kw || kw->kind != TokKind::Ident) P.fail_here("expected a tag name after `{%`");
      std::string_view name = kw->text;
      for (std::string_view e : ends) {
        if (name == e) {
          left_trim(out, c);
          return std::string(name);
        }
      }
      left_trim(out, c);
      P.p_ = 1;
      tag(out, ctx, c, name);
    }
    if (ends.size() > 0) {
      if (opener) unclosed(*opener, *(ends.end() - 1));
      P.fail(static_cast<std::uint32_t>(P.src_.size()), "unexpected end of template");
    }
    return "";
  }

  void tag(Body& out, Ctx ctx, const Chunk& c, std::string_view name) {
    Ctx inner = ctx;
    inner.top = false;
    if (name == "if") {
      Node n = node(NodeKind::If, c);
      if (P.at_end()) P.fail_here("expected a condition after `if`");
      IfBranch br;
      br.cond = P.parse_expr();
      finish(c);
      std::string end = body(br.body, inner, {"elif", "else", "endif"}, &c);
      n.branches.push_back(std::move(br));
      while (end == "elif") {
        const Chunk& ec = chunks[i];
        P.begin_chunk(ec);
        P.p_ = 1;
        if (P.at_end()) P.fail_here("expected a condition after `elif`");
        IfBranch b;
        b.cond = P.parse_expr();
        finish(ec);
        end = body(b.body, inner, {"elif", "else", "endif"}, &c);
        n.branches.push_back(std::move(b));
      }
      if (end == "else") {
        P.begin_chunk(chunks[i]);
        P.p_ = 1;
        finish(chunks[i]);
        body(n.else_body, inner, {"endif"}, &c);
      }
      P.begin_chunk(chunks[i]);
      P.p_ = 1;
      finish(chunks[i]);
      out.push_back(std::move(n));
    } else if (name == "for") {
      Node n = node(NodeKind::For, c);
      std::string a = P.expect_ident("a loop variable name");
      if (P.peek_sym(",")) {
        ++P.p_;
        n.key_var = a;
        n.text = P.expect_ident("a value variable name after `,`");
      } else {
        n.text = a;
      }
      if (!P.peek_kw("in")) P.fail_here("expected `in` in `for` tag");
      ++P.p_;
      if (P.at_end()) P.fail_here("expected a container to iterate over after `in`");
      n.expr = P.parse_expr();
      finish(c);
      Ctx loop = inner;
      loop.in_loop = true;
      std::string end = body(n.body, loop, {"else", "endfor"}, &c);
      if (end == "else") {
        P.begin_chunk(chunks[i]);
        P.p_ = 1;
        finish(chunks[i]);
        body(n.else_body, inner, {"endfor"}, &c);
      }
      P.begin_chunk(chunks[i]);
      P.p_ = 1;
      finish(chunks[i]);
      out.push_back(std::move(n));
    } else if (name == "set" || name == "set_global") {
      Node n = node(NodeKind::Set, c);
      n.global = name == "set_global";
      n.text = P.expect_ident("a variable name after `set`");
      P.expect_sym("=", "`=`");
      if (P.at_end()) P.fail_here("expected a value to assign");
      n.expr = P.parse_expr();
      finish(c);
      out.push_back(std::move(n));
      seen_content = seen_content || !ctx.top;
    } else if (name == "include") {
      Node n = node(NodeKind::Include, c);
      if (P.peek_sym("[")) {
        ++P.p_;
        while (!P.peek_sym("]")) {
          const Token* t = P.peek();
          if (!t || t->kind != TokKind::Str) P.fail_here("expected a template name string");
          n.names.emplace_back(t->text);
          ++P.p_;
          if (P.peek_sym(",")) ++P.p_;
        }
        ++P.p_;
      } else {
        n.names.push_back(P.string_literal("the template to include"));
      }
      if (P.peek_kw("ignore")) {
        ++P.p_;
        if (!P.peek_kw("missing")) P.fail_here("expected `missing` after `ignore`");
        ++P.p_;
        n.ignore_missing = true;
      }
      finish(c);
      out.push_back(std::move(n));
      seen_content = true;
    } else if (name == "block") {
      if (ctx.in_macro) P.fail(c.pos, "blocks cannot be defined inside a macro");
      Node n = node(NodeKind::Block, c);
      n.text = P.expect_ident("a block name");
      finish(c);
      body(n.body, inner, {"endblock"}, &c);
      end_name(n.text, "endblock");
      out.push_back(std::move(n));
      seen_content = true;
    } else if (name == "filter") {
      Node n = node(NodeKind::FilterSection, c);
      if (P.at_end()) P.fail_here("expected a filter name");
      n.filter = P.parse_filter_call();
      finish(c);
      Ctx f = inner;
      f.in_loop = false;  // break/continue cannot cross a filter section
      body(n.body, f, {"endfilter"}, &c);
      P.begin_chunk(chunks[i]);
      P.p_ = 1;
      finish(chunks[i]);
      out.push_back(std::move(n));
      seen_content = true;
    } else if (name == "macro") {
      if (!ctx.top || ctx.in_macro) {
        P.fail(c.pos, "unexpected tag; macros can only be defined at the top level of a template",
               "move `{% macro %}` out of any if/for/block/macro");
      }
      MacroDef m;
      m.span = P.lines_.span(c.pos, c.end);
      m.name = P.expect_ident("a macro name");
      P.expect_sym("(", "`(` after the macro name");
      while (!P.peek_sym(")")) {
        MacroParam prm;
        prm.name = P.expect_ident("a parameter name");
        if (P.peek_sym("=")) {
          ++P.p_;
          auto d = P.parse_primary();
          if (d->kind != ExprKind::Literal || d->lit.is_array()) {
            P.fail(P.here(), "macro default values must be literals (string, number or bool)");
          }
          prm.default_value = d->lit;
        }
        m.params.push_back(std::move(prm));
        if (P.peek_sym(",")) {
          ++P.p_;
        } else if (!P.peek_sym(")")) {
          P.fail_here("expected `,` or `)` in macro parameters");
        }
      }
      ++P.p_;
      finish(c);
      Ctx mc;
      mc.top = false;
      mc.in_macro = true;
      body(m.body, mc, {"endmacro"}, &c);
      end_name(m.name, "endmacro");
      if (ast.macros.count(m.name)) P.fail(c.pos, "macro `" + m.name + "` is defined twice");
      std::string key = m.name;
      ast.macros.emplace(std::move(key), std::move(m));
    } else if (name == "extends") {
      if (!ctx.top || ctx.in_macro) P.fail(c.pos, "`extends` must be at the top level");
      if (!ast.parent.empty()) P.fail(c.pos, "a template can only extend one parent");
      if (seen_content || !ast.imports.empty() || !ast.macros.empty()) {
        P.fail(c.pos, "unexpected tag; `{% extends %}` must be the first tag of the template",
               "only comments and whitespace may come before `extends`");
      }
      ast.parent = P.string_literal("the parent template name");
      ast.parent_span = P.lines_.span(c.pos, c.end);
      finish(c);
      swallow(out);
    } else if (name == "import") {
      if (!ctx.top || ctx.in_macro) P.fail(c.pos, "`import` must be at the top level");
      Ast::Import im;
      im.file = P.string_literal("the template to import macros from");
      if (!P.peek_kw("as")) P.fail_here("expected `as` after the imported template name");
      ++P.p_;
      im.ns = P.expect_ident("a namespace name after `as`");
      im.span = P.lines_.span(c.pos, c.end);
      ast.imports.push_back(std::move(im));
      finish(c);
      swallow(out);
    } else if (name == "break" || name == "continue") {
      if (!ctx.in_loop) {
        P.fail(c.pos, "unexpected tag; `{% " + std::string(name) +
                          " %}` is only allowed inside a for loop");
      }
      out.push_back(node(name == "break" ? NodeKind::Break : NodeKind::Continue, c));
      finish(c);
    } else {
      static const char* const known[] = {
          "if",         "elif",    "else",   "endif",    "for",    "endfor",    "set",
          "set_global", "include", "block",  "endblock", "filter", "endfilter", "macro",
          "endmacro",   "extends", "import", "raw",      "endraw", "break",     "continue"};
      std::string hint;
      if (name == "elseif" || name == "elsif") hint = "did you mean `elif`?";
      for (const char* k : known) {
        std::string_view kv(k);
        if (hint.empty() && name.size() > kv.size() && name.substr(0, kv.size()) == kv) {
          hint = "did you mean `";
          hint += kv;
          hint += ' ';
          hint += name.substr(kv.size());
          hint += "`? keywords need whitespace after them";
        }
      }
      bool is_known = false;
      for (const char* k : known) is_known = is_known || name == k;
      if (is_known && hint.empty()) {
        hint = "`";
        hint += name;
        hint += "` does not belong here; check the tags that open and close around it";
      }
      if (hint.empty()) {
        std::vector<std::string> names(std::begin(known), std::end(known));
        hint = did_you_mean(name, names);
      }
      P.fail(c.pos, "unexpected tag `{% " + std::string(name) + " %}`", hint);
    }
  }

  // A chunk whose tokenizing failed: report a syntax error in the tokens before the bad spot if
  // there is one (it is the real mistake, e.g. `{{ if x }}`), else the tokenizer's error.
  [[noreturn]] void broken_chunk(const Chunk& c) {
    std::uint32_t el, ec;
    P.lines_.locate(c.error_pos, el, ec);
    P.begin_chunk(c);
    const Token* kw = P.peek();
    bool expr = c.kind == ChunkKind::Expr;
    if (!expr && kw && kw->kind == TokKind::Ident && (kw->text == "if" || kw->text == "elif")) {
      P.p_ = 1;
      expr = true;
    }
    if (expr && !P.at_end()) {
      try {
        P.parse_expr();
        P.end_chunk();
      } catch (const Exception& ex) {
        const Location& l = ex.error().location();
        bool before = l.line < static_cast<int>(el) ||
                      (l.line == static_cast<int>(el) && l.column < static_cast<int>(ec));
        if (before && !P.at_end()) throw;
      }
    }
    P.fail(c.error_pos, c.error);
  }

  // Top-level extends/import swallow the whitespace around them.
  void swallow(Body& out) {
    if (!out.empty() && out.back().kind == NodeKind::Text) {
      out.back().text = trim_ws(out.back().text, false, true);
      if (out.back().text.empty()) out.pop_back();
    }
    trim_next = true;
  }

  void end_name(const std::string& expected, const char* tagname) {
    const Chunk& ec = chunks[i];
    P.begin_chunk(ec);
    P.p_ = 1;
    if (const Token* t = P.peek(); t && t->kind == TokKind::Ident) {
      if (t->text != expected) {
        P.fail(t->pos, std::string("`") + tagname + " " + std::string(t->text) +
                           "` does not match `" + expected + "`");
      }
      ++P.p_;
    }
    finish(ec);
  }
};

namespace {

void collect_blocks(const Body& body, Ast& ast, std::string_view name) {
  for (const Node& n : body) {
    if (n.kind == NodeKind::Block && !ast.blocks.emplace(n.text, &n).second) {
      Location loc;
      loc.file = std::string(name);
      loc.line = static_cast<int>(n.span.line);
      loc.column = static_cast<int>(n.span.col);
      raise(Error(std::string(codes::kTemplateSyntax), "Block `" + n.text + "` is duplicated")
                .at(std::move(loc))
                .with_hint("rename one of the blocks; block names are unique per template"));
    }
    collect_blocks(n.body, ast, name);
    for (const auto& b : n.branches) collect_blocks(b.body, ast, name);
    collect_blocks(n.else_body, ast, name);
  }
}

}  // namespace

std::unique_ptr<Ast> Parser::run(std::string source) {
  auto ast = std::make_unique<Ast>();
  std::vector<Chunk> chunks;
  try {
    chunks = lex(src_);
  } catch (const LexError& e) {
    fail(e.pos, e.message);
  }
  BodyParser bp{*this, *ast, chunks};
  bp.body(ast->body, BodyParser::Ctx{}, {});
  chunks.clear();
  collect_blocks(ast->body, *ast, name_);
  ast->source = std::move(source);
  return ast;
}

std::unique_ptr<Ast> parse_template(std::string_view name, std::string source,
                                    const ParseOptions& opts) {
  // The parser keeps views into `source`; it moves into the Ast only after parsing.
  std::string copy = source;
  Parser p(name, copy, opts);
  auto ast = p.run(std::move(source));
  return ast;
}

}  // namespace ggen::tmpl
