#include "rdf/reader.h"
#include "ggen/text/utf8.h"

#include <cstdio>

#include "ggen/error/error.h"

namespace ggen::rdf::detail {

namespace {

// ASCII characters an IRIREF may not contain (besides controls and space).
bool iri_forbidden(uint32_t c) {
  return c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
         c == '^' || c == '`' || c == '\\';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

bool is_pn_chars_base(uint32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
         (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) ||
         (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
         (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
         (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0xEFFFF);
}

void Reader::fail_at(const char* at, std::string message, std::string hint) const {
  if (at > end_) at = end_;
  int line = 1;
  const char* line_start = begin_;
  for (const char* q = begin_; q < at; ++q) {
    if (*q == '\n') {
      ++line;
      line_start = q + 1;
    }
  }
  int column = 1;
  for (const char* q = line_start; q < at; ++q) {
    if ((static_cast<unsigned char>(*q) & 0xC0) != 0x80) ++column;
  }
  Error e(std::string(codes::kRdfSyntax), std::move(message));
  e.at(Location{std::string(file_), line, column});
  if (!hint.empty()) e.with_hint(std::move(hint));
  raise(std::move(e));
}

std::string Reader::describe_here() const {
  if (at_end()) return "end of input";
  auto c = static_cast<unsigned char>(*p_);
  if (c == '\n' || c == '\r') return "end of line";
  if (c > 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
  if (c >= 0x80) {
    const char* q = p_;
    uint32_t cp = decode_utf8(q);
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", cp);
    return buf;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", c);
  return buf;
}

void Reader::expected(std::string_view what, std::string hint) const {
  fail(std::string("expected ") + std::string(what) + ", found " + describe_here(),
       std::move(hint));
}

void Reader::skip_ws() {
  while (p_ < end_) {
    char c = *p_;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++p_;
    } else if (c == '#') {
      while (p_ < end_ && *p_ != '\n' && *p_ != '\r') ++p_;
    } else {
      break;
    }
  }
}

uint32_t Reader::decode_utf8(const char*& p) const {
  auto b0 = static_cast<unsigned char>(*p);
  if (b0 < 0x80) {
    ++p;
    return b0;
  }
  int n;
  uint32_t cp, min;
  if ((b0 & 0xE0) == 0xC0) {
    n = 1, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 2, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 3, cp = b0 & 0x07, min = 0x10000;
  } else {
    fail_at(p, "invalid UTF-8 byte", "the input must be UTF-8 encoded");
  }
  if (end_ - p <= n) fail_at(p, "truncated UTF-8 sequence", "the input must be UTF-8 encoded");
  for (int i = 1; i <= n; ++i) {
    auto b = static_cast<unsigned char>(p[i]);
    if ((b & 0xC0) != 0x80) fail_at(p, "invalid UTF-8 sequence", "the input must be UTF-8 encoded");
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    fail_at(p, "invalid UTF-8 sequence (overlong, surrogate or out of range)",
            "the input must be UTF-8 encoded");
  }
  p += n + 1;
  return cp;
}

uint32_t Reader::read_uchar() {
  const char* start = p_;
  int digits = peek(1) == 'u' ? 4 : 8;
  p_ += 2;
  uint32_t cp = 0;
  for (int i = 0; i < digits; ++i) {
    int v = hex_value(peek());
    if (v < 0) {
      fail_at(start, std::string("invalid \\") + (digits == 4 ? "u" : "U") + " escape",
              digits == 4 ? "write \\u followed by exactly 4 hex digits"
                          : "write \\U followed by exactly 8 hex digits");
    }
    cp = (cp << 4) | static_cast<uint32_t>(v);
    ++p_;
  }
  if (cp >= 0xD800 && cp <= 0xDFFF) {
    fail_at(start, "escape denotes a surrogate code point",
            "surrogate pairs are not characters: write the character itself or \\U with its full "
            "code point");
  }
  if (cp > 0x10FFFF) fail_at(start, "escape is beyond U+10FFFF", "Unicode ends at \\U0010FFFF");
  return cp;
}

std::string_view Reader::read_iriref(std::string& buf) {
  const char* open = p_++;
  const char* start = p_;
  bool buffered = false;
  for (;;) {
    if (p_ >= end_) fail_at(open, "unterminated IRI", "an IRI must end with '>'");
    auto c = static_cast<unsigned char>(*p_);
    if (c == '>') break;
    if (c == '\\') {
      if (!buffered) buf.assign(start, p_), buffered = true;
      if (peek(1) != 'u' && peek(1) != 'U') {
        fail("invalid escape in IRI", "IRIs allow only \\uXXXX and \\UXXXXXXXX escapes");
      }
      const char* at = p_;
      uint32_t cp = read_uchar();
      if (iri_forbidden(cp)) {
        fail_at(at, "escape denotes a character that IRIs may not contain",
                "percent-encode it instead (e.g. %20 for a space)");
      }
      text::append_utf8(buf, cp);
      continue;
    }
    if (c >= 0x80) {
      const char* q = p_;
      decode_utf8(q);
      if (buffered) buf.append(p_, q);
      p_ = q;
      continue;
    }
    if (iri_forbidden(c)) {
      if (c == '\n' || c == '\r')
        fail_at(open, "unterminated IRI", "an IRI must end with '>' on the same line");
      fail(std::string("character ") + describe_here() + " is not allowed in an IRI",
           "percent-encode it (e.g. %20 for a space, %7B for '{')");
    }
    if (buffered) buf += static_cast<char>(c);
    ++p_;
  }
  std::string_view v = buffered ? std::string_view(buf) : std::string_view(start, p_ - start);
  ++p_;
  return v;
}

std::string_view Reader::read_string(std::string& buf, bool turtle) {
  const char* open = p_;
  char q = *p_;
  bool long_form = turtle && peek(1) == q && peek(2) == q;
  p_ += long_form ? 3 : 1;
  const char* start = p_;
  bool buffered = false;
  for (;;) {
    if (p_ >= end_) {
      fail_at(open, "unterminated string",
              long_form ? std::string("a long string must end with ") + q + q + q
                        : std::string("a string must end with ") + q + " on the same line");
    }
    char c = *p_;
    if (c == q && (!long_form || (peek(1) == q && peek(2) == q))) break;
    if (c == '\\') {
      if (!buffered) buf.assign(start, p_), buffered = true;
      char e = peek(1);
      char out = 0;
      switch (e) {
        case 't':
          out = '\t';
          break;
        case 'b':
          out = '\b';
          break;
        case 'n':
          out = '\n';
          break;
        case 'r':
          out = '\r';
          break;
        case 'f':
          out = '\f';
          break;
        case '"':
          out = '"';
          break;
        case '\'':
          out = '\'';
          break;
        case '\\':
          out = '\\';
          break;
        case 'u':
        case 'U':
          text::append_utf8(buf, read_uchar());
          continue;
        default:
          fail("invalid escape sequence in string",
               "valid escapes are \\t \\b \\n \\r \\f \\\" \\' \\\\ \\uXXXX \\UXXXXXXXX");
      }
      buf += out;
      p_ += 2;
      continue;
    }
    if ((c == '\n' || c == '\r') && !long_form) {
      fail("line break inside a string",
           turtle ? "write \\n, or use a long string (\"\"\"...\"\"\")" : "write \\n instead");
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      const char* n = p_;
      decode_utf8(n);
      if (buffered) buf.append(p_, n);
      p_ = n;
      continue;
    }
    if (buffered) buf += c;
    ++p_;
  }
  std::string_view v = buffered ? std::string_view(buf) : std::string_view(start, p_ - start);
  p_ += long_form ? 3 : 1;
  return v;
}

std::string_view Reader::read_langtag() {
  const char* at = p_++;
  const char* start = p_;
  if (!is_alpha(peek())) {
    fail_at(at, "invalid language tag", "a language tag looks like @en or @en-US");
  }
  while (is_alpha(peek())) ++p_;
  while (peek() == '-') {
    char n = peek(1);
    if (!(is_alpha(n) || (n >= '0' && n <= '9'))) {
      fail_at(at, "invalid language tag",
              "each '-' in a language tag must be followed by letters or digits");
    }
    ++p_;
    while (is_alpha(peek()) || (peek() >= '0' && peek() <= '9')) ++p_;
  }
  return std::string_view(start, p_ - start);
}

std::string_view Reader::read_blank_label() {
  const char* at = p_;
  p_ += 2;
  const char* start = p_;
  if (at_end()) fail_at(at, "empty blank node label", "write a label after '_:', e.g. _:b1");
  const char* q = p_;
  uint32_t c = decode_utf8(q);
  if (!(is_pn_chars_u(c) || (c >= '0' && c <= '9'))) {
    fail_at(at, "invalid blank node label",
            "a label starts with a letter, digit or '_', e.g. _:b1");
  }
  p_ = q;
  const char* last_good = p_;
  while (!at_end()) {
    q = p_;
    if (*q == '.') {
      ++p_;
      continue;
    }
    c = decode_utf8(q);
    if (!is_pn_chars(c)) break;
    p_ = q;
    last_good = p_;
  }
  p_ = last_good;  // a label never ends with '.': that dot ends the statement
  return std::string_view(start, p_ - start);
}

}  // namespace ggen::rdf::detail
