// UTF-8 helpers for filters: decoding, Unicode whitespace trimming, simple case mapping and an
// approximation of extended grapheme clusters (combining marks, ZWJ sequences, modifiers,
// regional-indicator pairs) that covers what templates meet in practice.
#include <cstdint>

#include "ggen/text/utf8.h"
#include "template/builtins.h"

namespace ggen::tmpl {

namespace {

// Decodes one code point at s[i]; advances i. Invalid bytes decode as themselves.
char32_t decode(std::string_view s, std::size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : 0;
  char32_t cp = n == 0 ? c : n == 1 ? (c & 0x1F) : n == 2 ? (c & 0x0F) : (c & 0x07);
  if (i + n >= s.size() + (n ? 0 : 1) && n) {
    ++i;
    return c;
  }
  for (int k = 1; k <= n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += n + 1;
  return cp;
}

bool is_unicode_ws(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

bool extends_cluster(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
         (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
         (c >= 0xFE20 && c <= 0xFE2F) || (c >= 0xFE00 && c <= 0xFE0F) || c == 0x200D ||
         (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F) ||
         (c >= 0xE0100 && c <= 0xE01EF) || (c >= 0x0483 && c <= 0x0489) ||
         (c >= 0x0591 && c <= 0x05BD) || (c >= 0x064B && c <= 0x065F) ||
         (c >= 0x0900 && c <= 0x0903) || (c >= 0x093A && c <= 0x094F);
}

bool regional(char32_t c) {
  return c >= 0x1F1E6 && c <= 0x1F1FF;
}

char32_t map_case(char32_t c, bool upper) {
  if (c < 0x80) {
    if (upper && c >= 'a' && c <= 'z') return c - 32;
    if (!upper && c >= 'A' && c <= 'Z') return c + 32;
    return c;
  }
  if (upper) {
    if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 32;
    if (c == 0xFF) return 0x178;
    if (c >= 0x100 && c <= 0x17F && c != 0x131 && c != 0x138 && c != 0x149) {
      bool odd_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
      if (odd_lower ? (c % 2 == 0) : (c % 2 == 1)) return c - 1;
      return c;
    }
    if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 32;
    if (c >= 0x430 && c <= 0x44F) return c - 32;
    if (c >= 0x450 && c <= 0x45F) return c - 80;
  } else {
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;
    if (c == 0x178) return 0xFF;
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x138 && c != 0x149) {
      bool odd_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
      if (odd_lower ? (c % 2 == 1) : (c % 2 == 0)) return c + 1;
      return c;
    }
    if (c >= 0x391 && c <= 0x3A9) return c + 32;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
  }
  return c;
}

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

void map_string(std::string_view s, bool upper, std::string& out) {
  if (is_ascii(s)) {  // the common case: no decoding, one table-free pass
    const std::size_t at = out.size();
    out.append(s);
    const char from = upper ? 'a' : 'A';
    for (char* c = out.data() + at; c != out.data() + out.size(); ++c) {
      if (static_cast<unsigned char>(*c - from) < 26) *c = static_cast<char>(*c ^ 0x20);
    }
    return;
  }
  out.reserve(out.size() + s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t c = decode(s, i);
    if (upper && c == 0xDF) {  // ß
      out += "SS";
      continue;
    }
    text::append_utf8(out, map_case(c, upper));
  }
}

}  // namespace

void escape_html(std::string_view s, std::string& out) {
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#x27;";
        break;
      case '/':
        out += "&#x2F;";
        break;
      default:
        out += c;
    }
  }
}

std::string unescape_tab_newline(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == 'n' || s[i + 1] == 't')) {
      out += s[i + 1] == 'n' ? '\n' : '\t';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string_view> graphemes(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0, start = 0;
  char32_t prev = 0;
  bool first = true;
  int ri_run = 0;
  while (i < s.size()) {
    std::size_t at = i;
    char32_t c = decode(s, i);
    bool join = !first && (extends_cluster(c) || prev == 0x200D || (prev == '\r' && c == '\n') ||
                           (regional(c) && regional(prev) && ri_run % 2 == 1));
    if (!join && !first) {
      out.push_back(s.substr(start, at - start));
      start = at;
    }
    ri_run = regional(c) ? ri_run + 1 : 0;
    prev = c;
    first = false;
  }
  if (!first) out.push_back(s.substr(start));
  return out;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::string trim_ws(std::string_view s, bool start, bool end) {
  std::size_t b = 0, e = s.size();
  if (start) {
    while (b < e) {
      std::size_t i = b;
      if (!is_unicode_ws(decode(s, i))) break;
      b = i;
    }
  }
  if (end) {
    while (e > b) {
      std::size_t p = e - 1;
      while (p > b && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80) --p;
      std::size_t i = p;
      if (!is_unicode_ws(decode(s, i))) break;
      e = p;
    }
  }
  return std::string(s.substr(b, e - b));
}

std::string to_lower_utf8(std::string_view s) {
  std::string out;
  map_string(s, false, out);
  return out;
}
std::string to_upper_utf8(std::string_view s) {
  std::string out;
  map_string(s, true, out);
  return out;
}
void append_lower_utf8(std::string_view s, std::string& out) {
  map_string(s, false, out);
}
void append_upper_utf8(std::string_view s, std::string& out) {
  map_string(s, true, out);
}

}  // namespace ggen::tmpl
