#include "template/lexer.h"

#include <cstring>

namespace ggen::tmpl {
namespace {

bool is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_ident_char(char c) {
  return is_ident_start(c) || is_digit(c);
}

class Lexer {
 public:
  explicit Lexer(std::string_view src) : s_(src) {}

  std::vector<Chunk> run() {
    std::vector<Chunk> out;
    std::size_t i = 0;
    while (i < s_.size()) {
      std::size_t open = find_open(i);
      if (open > i) out.push_back(text_chunk(i, open));
      if (open >= s_.size()) break;
      char kind = s_[open + 1];
      if (kind == '#') {
        i = comment(open, out);
      } else {
        i = code(open, kind == '{' ? ChunkKind::Expr : ChunkKind::Tag, out);
        Chunk& c = out.back();
        if (c.has_error) break;
        if (c.kind == ChunkKind::Tag && c.toks.size() == 1 && c.toks[0].kind == TokKind::Ident &&
            c.toks[0].text == "raw") {
          i = raw(c, i, out);
        }
      }
    }
    return out;
  }

 private:
  std::size_t find_open(std::size_t i) const {
    while (true) {
      std::size_t p = s_.find('{', i);
      if (p == std::string_view::npos || p + 1 >= s_.size()) return s_.size();
      char n = s_[p + 1];
      if (n == '{' || n == '%' || n == '#') return p;
      i = p + 1;
    }
  }

  Chunk text_chunk(std::size_t a, std::size_t b) const {
    Chunk c;
    c.kind = ChunkKind::Text;
    c.pos = static_cast<std::uint32_t>(a);
    c.end = static_cast<std::uint32_t>(b);
    c.text = s_.substr(a, b - a);
    return c;
  }

  std::size_t comment(std::size_t open, std::vector<Chunk>& out) {
    Chunk c;
    c.kind = ChunkKind::Comment;
    c.pos = static_cast<std::uint32_t>(open);
    std::size_t i = open + 2;
    if (i < s_.size() && s_[i] == '-') c.trim_left = true;
    std::size_t close = s_.find("#}", i);
    if (close == std::string_view::npos) {
      throw LexError{static_cast<std::uint32_t>(open), "unclosed comment: expected `#}`"};
    }
    if (close > i && s_[close - 1] == '-' && close - 1 >= open + 3) c.trim_right = true;
    c.end = static_cast<std::uint32_t>(close + 2);
    out.push_back(std::move(c));
    return close + 2;
  }

  std::size_t code(std::size_t open, ChunkKind kind, std::vector<Chunk>& out) {
    Chunk c;
    c.kind = kind;
    c.pos = static_cast<std::uint32_t>(open);
    const char closer = kind == ChunkKind::Expr ? '}' : '%';
    std::size_t i = open + 2;
    if (i < s_.size() && s_[i] == '-') {
      c.trim_left = true;
      ++i;
    }
    try {
      bool space = true;
      while (true) {
        while (i < s_.size() && is_ws(s_[i])) {
          ++i;
          space = true;
        }
        if (i >= s_.size()) {
          throw LexError{static_cast<std::uint32_t>(i),
                         kind == ChunkKind::Expr ? "unexpected end of template: expected `}}`"
                                                 : "unexpected end of template: expected `%}`"};
        }
        char ch = s_[i];
        // Closing delimiter, optionally with a trim marker.
        if (ch == closer && i + 1 < s_.size() && s_[i + 1] == '}') {
          c.end = static_cast<std::uint32_t>(i + 2);
          break;
        }
        if (ch == '-' && i + 2 < s_.size() && s_[i + 1] == closer && s_[i + 2] == '}') {
          c.trim_right = true;
          c.end = static_cast<std::uint32_t>(i + 3);
          break;
        }
        // The other kind's closing delimiter: `{{ x %}` / `{% x }}`.
        const char other = closer == '}' ? '%' : '}';
        if (ch == other && i + 1 < s_.size() && s_[i + 1] == '}') {
          throw LexError{static_cast<std::uint32_t>(i),
                         kind == ChunkKind::Expr ? "expected `}}` to close `{{`, found `%}`"
                                                 : "expected `%}` to close `{%`, found `}}`"};
        }
        Token t{};
        t.space_before = space;
        t.pos = static_cast<std::uint32_t>(i);
        space = false;
        bool after_dot = !c.toks.empty() && c.toks.back().kind == TokKind::Sym &&
                         c.toks.back().text == "." && !t.space_before;
        if (after_dot && is_ident_char(ch)) {
          // Path segment: `a.0`, `a.b1`; never a float.
          std::size_t j = i;
          while (j < s_.size() && is_ident_char(s_[j])) ++j;
          bool all_digits = true;
          for (std::size_t k = i; k < j; ++k) all_digits = all_digits && is_digit(s_[k]);
          t.kind = all_digits ? TokKind::Int : TokKind::Ident;
          t.text = s_.substr(i, j - i);
          i = j;
        } else if (is_ident_start(ch)) {
          std::size_t j = i;
          while (j < s_.size() && is_ident_char(s_[j])) ++j;
          t.kind = TokKind::Ident;
          t.text = s_.substr(i, j - i);
          i = j;
        } else if (is_digit(ch)) {
          std::size_t j = i;
          while (j < s_.size() && is_digit(s_[j])) ++j;
          t.kind = TokKind::Int;
          if (j + 1 < s_.size() && s_[j] == '.' && is_digit(s_[j + 1])) {
            ++j;
            while (j < s_.size() && is_digit(s_[j])) ++j;
            t.kind = TokKind::Float;
          }
          t.text = s_.substr(i, j - i);
          i = j;
        } else if (ch == '"' || ch == '\'' || ch == '`') {
          std::size_t close = s_.find(ch, i + 1);
          if (close == std::string_view::npos) {
            throw LexError{static_cast<std::uint32_t>(i), "unterminated string literal"};
          }
          t.kind = TokKind::Str;
          t.text = s_.substr(i + 1, close - i - 1);
          i = close + 1;
        } else {
          static const char* const two[] = {"==", "!=", "<=", ">=", "::"};
          t.kind = TokKind::Sym;
          bool matched = false;
          for (const char* op : two) {
            if (s_.compare(i, 2, op) == 0) {
              t.text = s_.substr(i, 2);
              i += 2;
              matched = true;
              break;
            }
          }
          if (!matched) {
            if (std::strchr("()[],.|=<>+-*/%~:", ch) == nullptr) {
              throw LexError{static_cast<std::uint32_t>(i),
                             std::string("unexpected character `") + ch + "`"};
            }
            t.text = s_.substr(i, 1);
            ++i;
          }
        }
        t.end = static_cast<std::uint32_t>(i);
        c.toks.push_back(t);
      }
    } catch (const LexError& e) {
      c.has_error = true;
      c.error_pos = e.pos;
      c.error = e.message;
      c.end = static_cast<std::uint32_t>(s_.size());
    }
    std::size_t next = c.end;
    out.push_back(std::move(c));
    return next;
  }

  // Matches `{%-? endraw -?%}` at p; returns the end offset or 0.
  std::size_t match_endraw(std::size_t p, bool& trim_left, bool& trim_right) const {
    std::size_t i = p + 2;
    trim_left = false;
    trim_right = false;
    if (i < s_.size() && s_[i] == '-') {
      trim_left = true;
      ++i;
    }
    while (i < s_.size() && is_ws(s_[i])) ++i;
    if (s_.compare(i, 6, "endraw") != 0) return 0;
    i += 6;
    while (i < s_.size() && is_ws(s_[i])) ++i;
    if (i < s_.size() && s_[i] == '-') {
      trim_right = true;
      ++i;
    }
    if (s_.compare(i, 2, "%}") != 0) return 0;
    return i + 2;
  }

  std::size_t raw(Chunk& open_tag, std::size_t i, std::vector<Chunk>& out) {
    Chunk c;
    c.kind = ChunkKind::Raw;
    c.pos = open_tag.pos;
    c.trim_left = open_tag.trim_left;
    c.raw_trim_start = open_tag.trim_right;
    std::size_t p = i;
    while (true) {
      p = s_.find("{%", p);
      if (p == std::string_view::npos) {
        throw LexError{static_cast<std::uint32_t>(s_.size()),
                       "unterminated raw block: expected tag `{% endraw %}`"};
      }
      bool tl, tr;
      std::size_t e = match_endraw(p, tl, tr);
      if (e) {
        c.text = s_.substr(i, p - i);
        c.raw_trim_end = tl;
        c.trim_right = tr;
        c.end = static_cast<std::uint32_t>(e);
        out.pop_back();  // the `{% raw %}` tag itself
        out.push_back(std::move(c));
        return e;
      }
      p += 2;
    }
  }

  std::string_view s_;
};

}  // namespace

std::vector<Chunk> lex(std::string_view src) {
  return Lexer(src).run();
}

}  // namespace ggen::tmpl
