#include "sparql/lexer.h"
#include "ggen/text/utf8.h"

#include <cstdint>

#include "ggen/error/error.h"

namespace ggen::sparql {
namespace {

bool is_name_start(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
}
bool is_name_char(unsigned char c) {
  return is_name_start(c) || c == '_' || c == '-' || (c >= '0' && c <= '9');
}
bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

class Lexer {
 public:
  Lexer(std::string_view t, const std::string& file) : s_(t), file_(file) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    for (;;) {
      bool sp = skip_space();
      Token t;
      t.line = line_;
      t.column = col();
      t.space_before = sp;
      if (i_ >= s_.size()) {
        out.push_back(t);
        return out;
      }
      lex_one(t);
      out.push_back(std::move(t));
    }
  }

 private:
  std::string_view s_;
  const std::string& file_;
  size_t i_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;

  int col() const { return static_cast<int>(i_ - line_start_) + 1; }
  char peek(size_t k = 0) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }

  [[noreturn]] void fail(const std::string& msg) {
    raise(Error(std::string(codes::kSparqlSyntax), msg).at(Location{file_, line_, col()}));
  }

  void newline_at(size_t pos) {
    ++line_;
    line_start_ = pos + 1;
  }

  bool skip_space() {
    bool any = false;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '\n') {
        newline_at(i_);
        ++i_;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++i_;
      } else if (c == '#') {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else {
        break;
      }
      any = true;
    }
    return any;
  }

  uint32_t read_hex(int n) {
    uint32_t cp = 0;
    for (int k = 0; k < n; ++k) {
      char c = peek();
      if (!is_hex(c)) fail("bad \\u escape: expected " + std::to_string(n) + " hex digits");
      cp = cp * 16 + static_cast<uint32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
      ++i_;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) fail("\\u escape names a surrogate code point");
    if (cp > 0x10FFFF) fail("\\U escape beyond U+10FFFF");
    return cp;
  }

  void lex_one(Token& t) {
    char c = peek();
    if (c == '<') {
      if (try_iri(t)) return;
    }
    if (c == '"' || c == '\'') return lex_string(t);
    if (c == '?' || c == '$') {
      unsigned char n = static_cast<unsigned char>(peek(1));
      if (is_name_char(n) || n == '_') {
        ++i_;
        size_t b = i_;
        while (i_ < s_.size() && (is_name_char(s_[i_]) || s_[i_] == '_')) {
          if (s_[i_] == '-') fail("'-' is not allowed in a variable name");
          ++i_;
        }
        t.kind = Tok::Var;
        t.text = std::string(s_.substr(b, i_ - b));
        return;
      }
    }
    if (c == '_' && peek(1) == ':') return lex_blank(t);
    if (c == '@') {
      ++i_;
      size_t b = i_;
      while (i_ < s_.size() && ((s_[i_] | 0x20) >= 'a' && (s_[i_] | 0x20) <= 'z')) ++i_;
      if (i_ == b) fail("expected a language tag after '@'");
      while (peek() == '-' && (std::isalnum(static_cast<unsigned char>(peek(1))))) {
        ++i_;
        while (std::isalnum(static_cast<unsigned char>(peek()))) ++i_;
      }
      t.kind = Tok::LangTag;
      t.text = std::string(s_.substr(b, i_ - b));
      return;
    }
    if ((c >= '0' && c <= '9') || (c == '.' && peek(1) >= '0' && peek(1) <= '9'))
      return lex_number(t);
    if (is_name_start(static_cast<unsigned char>(c)) || c == ':') return lex_name(t);
    // Punctuation, longest first.
    static const char* two[] = {"^^", "!=", "<=", ">=", "&&", "||"};
    for (const char* p : two) {
      if (c == p[0] && peek(1) == p[1]) {
        t.kind = Tok::Punct;
        t.text = p;
        i_ += 2;
        return;
      }
    }
    if (std::string_view("{}()[].,;*+-/!=<>^?|").find(c) != std::string_view::npos) {
      t.kind = Tok::Punct;
      t.text = std::string(1, c);
      ++i_;
      return;
    }
    fail(std::string("unexpected character '") + c + "'");
  }

  bool try_iri(Token& t) {
    size_t j = i_ + 1;
    std::string v;
    while (j < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[j]);
      if (c == '>') {
        t.kind = Tok::Iri;
        t.text = std::move(v);
        i_ = j + 1;
        return true;
      }
      if (c <= 0x20 || c == '<' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^' ||
          c == '`')
        return false;
      if (c == '\\') {
        if (j + 1 < s_.size() && (s_[j + 1] == 'u' || s_[j + 1] == 'U')) {
          size_t save = i_;
          i_ = j + 2;
          text::append_utf8(v, read_hex(s_[j + 1] == 'u' ? 4 : 8));
          j = i_;
          i_ = save;
          continue;
        }
        return false;
      }
      v += static_cast<char>(c);
      ++j;
    }
    return false;
  }

  void lex_string(Token& t) {
    char q = peek();
    bool longq = peek(1) == q && peek(2) == q;
    i_ += longq ? 3 : 1;
    std::string v;
    for (;;) {
      if (i_ >= s_.size()) fail("unterminated string literal");
      char c = s_[i_];
      if (longq) {
        if (c == q && peek(1) == q && peek(2) == q) {
          i_ += 3;
          break;
        }
      } else if (c == q) {
        ++i_;
        break;
      } else if (c == '\n' || c == '\r') {
        fail("newline in a short string literal");
      }
      if (c == '\\') {
        char e = peek(1);
        i_ += 2;
        switch (e) {
          case 't':
            v += '\t';
            break;
          case 'b':
            v += '\b';
            break;
          case 'n':
            v += '\n';
            break;
          case 'r':
            v += '\r';
            break;
          case 'f':
            v += '\f';
            break;
          case '"':
            v += '"';
            break;
          case '\'':
            v += '\'';
            break;
          case '\\':
            v += '\\';
            break;
          case 'u':
            text::append_utf8(v, read_hex(4));
            break;
          case 'U':
            text::append_utf8(v, read_hex(8));
            break;
          default:
            i_ -= 2;
            fail(std::string("unknown escape '\\") + e + "' in string");
        }
        continue;
      }
      if (c == '\n') newline_at(i_);
      v += c;
      ++i_;
    }
    t.kind = Tok::String;
    t.text = std::move(v);
  }

  void lex_blank(Token& t) {
    i_ += 2;
    size_t b = i_;
    unsigned char c = static_cast<unsigned char>(peek());
    if (!(is_name_start(c) || c == '_' || (c >= '0' && c <= '9')))
      fail("expected a blank node label after '_:'");
    while (i_ < s_.size() && (is_name_char(s_[i_]) || s_[i_] == '_' || s_[i_] == '.')) ++i_;
    while (s_[i_ - 1] == '.') --i_;
    t.kind = Tok::Blank;
    t.text = std::string(s_.substr(b, i_ - b));
  }

  void lex_number(Token& t) {
    size_t b = i_;
    while (std::isdigit(static_cast<unsigned char>(peek()))) ++i_;
    t.kind = Tok::Integer;
    if (peek() == '.' && std::isdigit(static_cast<unsigned char>(peek(1)))) {
      ++i_;
      while (std::isdigit(static_cast<unsigned char>(peek()))) ++i_;
      t.kind = Tok::Decimal;
    } else if (peek() == '.' && (peek(1) == 'e' || peek(1) == 'E')) {
      ++i_;
    }
    if (peek() == 'e' || peek() == 'E') {
      size_t save = i_;
      ++i_;
      if (peek() == '+' || peek() == '-') ++i_;
      if (std::isdigit(static_cast<unsigned char>(peek()))) {
        while (std::isdigit(static_cast<unsigned char>(peek()))) ++i_;
        t.kind = Tok::Double;
      } else {
        i_ = save;
      }
    }
    t.text = std::string(s_.substr(b, i_ - b));
  }

  // Keyword, 'a', or prefixed name (PN_PREFIX? ':' PN_LOCAL?).
  void lex_name(Token& t) {
    size_t b = i_;
    if (peek() != ':') {
      while (i_ < s_.size() && (is_name_char(s_[i_]) || s_[i_] == '_' || s_[i_] == '.')) ++i_;
      while (s_[i_ - 1] == '.') --i_;
    }
    if (peek() != ':') {
      t.kind = Tok::Word;
      t.text = std::string(s_.substr(b, i_ - b));
      return;
    }
    std::string prefix(s_.substr(b, i_ - b));
    if (!prefix.empty() && s_[b] == '_') fail("a prefix may not start with '_'");
    ++i_;
    std::string local;
    size_t last_good = i_;
    std::string good_local;
    bool first = true;
    while (i_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (is_name_char(c) || c == '_' || c == ':' || (c >= '0' && c <= '9') ||
          (c == '.' && !first)) {
        local += static_cast<char>(c);
        ++i_;
      } else if (c == '%') {
        if (!is_hex(peek(1)) || !is_hex(peek(2))) fail("bad %-escape in prefixed name");
        local.append(s_.substr(i_, 3));
        i_ += 3;
      } else if (c == '\\') {
        char e = peek(1);
        if (std::string_view("_~.-!$&'()*+,;=/?#@%").find(e) == std::string_view::npos)
          fail("bad \\-escape in prefixed name");
        local += e;
        i_ += 2;
      } else {
        break;
      }
      first = false;
      if (local.back() != '.' || s_[i_ - 2] == '\\') {
        last_good = i_;
        good_local = local;
      }
    }
    i_ = last_good;
    t.kind = Tok::PName;
    t.text = std::move(prefix);
    t.text2 = std::move(good_local);
  }
};

}  // namespace

std::vector<Token> tokenize(std::string_view text, const std::string& file) {
  return Lexer(text, file).run();
}

}  // namespace ggen::sparql
