// String filters (Tera built-ins).
#include <cctype>

#include "template/builtins.h"

namespace ggen::tmpl {

namespace {

bool is_word_byte(unsigned char c) {
  return std::isalnum(c) || c == '_' || c >= 0x80;
}

// A filter's Value form from its writer (FilterWrite).
template <FilterWrite W>
Value via_writer(const Value& v, const Kwargs& a) {
  std::string out;
  W(v, a, out);
  return Value(std::move(out));
}

void w_lower(const Value& v, const Kwargs&, std::string& out) {
  append_lower_utf8(want_string("lower", v), out);
}
void w_upper(const Value& v, const Kwargs&, std::string& out) {
  append_upper_utf8(want_string("upper", v), out);
}

Value f_capitalize(const Value& v, const Kwargs&) {
  const std::string& s = want_string("capitalize", v);
  if (s.empty()) return Value(std::string());
  std::size_t n = 1;
  while (n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) ++n;
  return Value(to_upper_utf8(s.substr(0, n)) + to_lower_utf8(s.substr(n)));
}

bool ascii_only(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

void w_title(const Value& v, const Kwargs&, std::string& out) {
  const std::string& s = want_string("title", v);
  if (ascii_only(s)) {  // fast path: one pass, in place
    const std::size_t at = out.size();
    out.append(s);
    bool in_word = false;
    for (char* p = out.data() + at; p != out.data() + out.size(); ++p) {
      char c = *p;
      bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
      bool word = lower || upper || (c >= '0' && c <= '9') || c == '_' || c == '\'';
      if (in_word && upper) *p = static_cast<char>(c + 32);
      if (!in_word && lower) *p = static_cast<char>(c - 32);
      in_word = word;
    }
    return;
  }
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!is_word_byte(c) && c != '\'') {
      out += s[i++];
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && (is_word_byte(static_cast<unsigned char>(s[j])) || s[j] == '\'')) ++j;
    std::string_view w(s.data() + i, j - i);
    std::size_t n = 1;
    while (n < w.size() && (static_cast<unsigned char>(w[n]) & 0xC0) == 0x80) ++n;
    append_upper_utf8(w.substr(0, n), out);
    append_lower_utf8(w.substr(n), out);
    i = j;
  }
}

Value f_trim(const Value& v, const Kwargs&) {
  return Value(trim_ws(want_string("trim", v), true, true));
}
Value f_trim_start(const Value& v, const Kwargs&) {
  return Value(trim_ws(want_string("trim_start", v), true, false));
}
Value f_trim_end(const Value& v, const Kwargs&) {
  return Value(trim_ws(want_string("trim_end", v), false, true));
}

Value f_trim_start_matches(const Value& v, const Kwargs& a) {
  std::string_view s = want_string("trim_start_matches", v);
  std::string pat = unescape_tab_newline(string_arg("trim_start_matches", a, "pat"));
  if (!pat.empty())
    while (s.substr(0, pat.size()) == pat) s.remove_prefix(pat.size());
  return Value(std::string(s));
}

Value f_trim_end_matches(const Value& v, const Kwargs& a) {
  std::string_view s = want_string("trim_end_matches", v);
  std::string pat = unescape_tab_newline(string_arg("trim_end_matches", a, "pat"));
  if (!pat.empty())
    while (s.size() >= pat.size() && s.substr(s.size() - pat.size()) == pat)
      s.remove_suffix(pat.size());
  return Value(std::string(s));
}

// truncate's cut: the bytes of `s` kept, or npos when the whole string stays (no `end` added).
std::size_t truncate_cut(const std::string& s, long long length) {
  if (ascii_only(s) && s.find('\r') == std::string::npos) {  // one byte per grapheme
    if (length < 0 || static_cast<std::size_t>(length) >= s.size()) return std::string::npos;
    return static_cast<std::size_t>(length);
  }
  auto g = graphemes(s);
  if (length < 0 || static_cast<std::size_t>(length) >= g.size()) return std::string::npos;
  std::size_t bytes = 0;
  for (long long i = 0; i < length; ++i) bytes += g[static_cast<std::size_t>(i)].size();
  return bytes;
}

Value f_truncate(const Value& v, const Kwargs& a) {
  const std::string& s = want_string("truncate", v);
  long long length = int_arg("truncate", a, "length", 255);
  std::string end = string_arg("truncate", a, "end", "…");
  std::size_t cut = truncate_cut(s, length);
  if (cut == std::string::npos) return v;  // unchanged: shares the input's storage
  return Value(s.substr(0, cut) + end);
}

void w_truncate(const Value& v, const Kwargs& a, std::string& out) {
  const std::string& s = want_string("truncate", v);
  long long length = int_arg("truncate", a, "length", 255);
  std::string end = string_arg("truncate", a, "end", "…");
  std::size_t cut = truncate_cut(s, length);
  if (cut == std::string::npos) {
    out.append(s);
    return;
  }
  out.append(s, 0, cut);
  out.append(end);
}

Value f_wordcount(const Value& v, const Kwargs&) {
  const std::string& s = want_string("wordcount", v);
  long long n = 0;
  bool in = false;
  for (char c : s) {
    bool ws = c == ' ' || (c >= '\t' && c <= '\r');  // isspace in the C locale, inlined
    if (!ws && !in) ++n;
    in = !ws;
  }
  return Value(n);
}

void w_replace(const Value& v, const Kwargs& a, std::string& out) {
  const std::string& s = want_string("replace", v);
  std::string from = string_arg("replace", a, "from");
  std::string to = string_arg("replace", a, "to");
  if (from.empty()) {
    out.append(s);
    return;
  }
  std::size_t i = 0;
  while (true) {
    std::size_t p = s.find(from, i);
    if (p == std::string::npos) break;
    out.append(s, i, p - i);
    out += to;
    i = p + from.size();
  }
  out.append(s, i, std::string::npos);
}

Value f_addslashes(const Value& v, const Kwargs&) {
  std::string out;
  for (char c : want_string("addslashes", v)) {
    if (c == '\\' || c == '"' || c == '\'') out += '\\';
    out += c;
  }
  return Value(std::move(out));
}

// Latin-1/Latin Extended transliteration for slugs; other scripts are dropped.
const char* deaccent(char32_t c) {
  static const char* const latin1[] = {
      "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",
      "D", "N", "O", "O", "O", "O", "O",  "x", "O", "U", "U", "U", "U", "Y", "TH", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  "/", "o", "u", "u", "u", "u", "y", "th", "y"};
  if (c >= 0xC0 && c <= 0xFF) return latin1[c - 0xC0];
  return nullptr;
}

Value f_slugify(const Value& v, const Kwargs&) {
  const std::string& s = want_string("slugify", v);
  std::string out;
  bool dash = false;
  auto push = [&](char c) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      dash = true;
    }
  };
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      push(static_cast<char>(c));
      ++i;
      continue;
    }
    char32_t cp = 0;
    int n = (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : 3;
    cp = c & (n == 1 ? 0x1F : n == 2 ? 0x0F : 0x07);
    for (int k = 1; k <= n && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    i += n + 1;
    if (const char* t = deaccent(cp)) {
      for (const char* p = t; *p; ++p) push(*p);
    } else {
      dash = true;
    }
  }
  return Value(std::move(out));
}

Value f_linebreaksbr(const Value& v, const Kwargs&) {
  const std::string& s = want_string("linebreaksbr", v);
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      out += "<br>";
      ++i;
    } else if (s[i] == '\n') {
      out += "<br>";
    } else {
      out += s[i];
    }
  }
  return Value(std::move(out));
}

Value f_spaceless(const Value& v, const Kwargs&) {
  const std::string& s = want_string("spaceless", v);
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if (s[i] == '>') {
      std::size_t j = i + 1;
      while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
      if (j > i + 1 && j < s.size() && s[j] == '<') i = j - 1;
    }
  }
  return Value(std::move(out));
}

Value f_striptags(const Value& v, const Kwargs&) {
  const std::string& s = want_string("striptags", v);
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '<') {
      if (s.compare(i, 4, "<!--") == 0) {
        std::size_t e = s.find("-->", i + 4);
        std::size_t nl = s.find('\n', i);
        if (e != std::string::npos && (nl == std::string::npos || nl > e)) {
          i = e + 3;
          continue;
        }
      }
      std::size_t e = s.find('>', i + 1);
      if (e != std::string::npos) {
        i = e + 1;
        continue;
      }
    }
    out += s[i++];
  }
  return Value(std::move(out));
}

Value f_indent(const Value& v, const Kwargs& a) {
  const std::string& s = want_string("indent", v);
  std::string prefix = string_arg("indent", a, "prefix", "    ");
  bool first = bool_arg("indent", a, "first", false);
  bool blank = bool_arg("indent", a, "blank", false);
  std::vector<std::string_view> lines;
  std::string_view rest(s);
  while (!rest.empty()) {
    std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    bool empty = trim_ws(lines[i], true, true).empty();
    if ((i > 0 || first) && (blank || !empty)) out += prefix;
    out += lines[i];
  }
  return Value(std::move(out));
}

std::string percent(const std::string& s, bool strict) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool keep =
        std::isalnum(c) || (!strict && (c == '-' || c == '.' || c == '_' || c == '~' || c == '/'));
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

Value f_urlencode(const Value& v, const Kwargs&) {
  return Value(percent(want_string("urlencode", v), false));
}
Value f_urlencode_strict(const Value& v, const Kwargs&) {
  return Value(percent(want_string("urlencode_strict", v), true));
}

Value f_escape(const Value& v, const Kwargs&) {
  std::string out;
  escape_html(want_string("escape", v), out);
  return Value(std::move(out));
}

Value f_escape_xml(const Value& v, const Kwargs&) {
  std::string out;
  for (char c : want_string("escape_xml", v)) {
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
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return Value(std::move(out));
}

Value f_split(const Value& v, const Kwargs& a) {
  const std::string& s = want_string("split", v);
  std::string pat = unescape_tab_newline(string_arg("split", a, "pat"));
  Array out;
  if (pat.empty()) {
    out.push_back(Value(std::string()));
    for (auto g : graphemes(s)) out.push_back(Value(std::string(g)));
    out.push_back(Value(std::string()));
    return Value(std::move(out));
  }
  std::size_t i = 0;
  while (true) {
    std::size_t p = s.find(pat, i);
    if (p == std::string::npos) break;
    out.push_back(Value(s.substr(i, p - i)));
    i = p + pat.size();
  }
  out.push_back(Value(s.substr(i)));
  return Value(std::move(out));
}

}  // namespace

const BuiltinFilter kStringFilters[] = {
    {"lower", via_writer<w_lower>, "lower", w_lower},
    {"upper", via_writer<w_upper>, "upper", w_upper},
    {"capitalize", f_capitalize, "capitalize"},
    {"title", via_writer<w_title>, "title", w_title},
    {"trim", f_trim, "trim"},
    {"trim_start", f_trim_start, "trim_start"},
    {"trim_end", f_trim_end, "trim_end"},
    {"trim_start_matches", f_trim_start_matches, "trim_start_matches(pat)"},
    {"trim_end_matches", f_trim_end_matches, "trim_end_matches(pat)"},
    {"truncate", f_truncate, "truncate(length=255, end=\"…\")", w_truncate},
    {"wordcount", f_wordcount, "wordcount"},
    {"replace", via_writer<w_replace>, "replace(from, to)", w_replace},
    {"addslashes", f_addslashes, "addslashes"},
    {"slugify", f_slugify, "slugify"},
    {"linebreaksbr", f_linebreaksbr, "linebreaksbr"},
    {"spaceless", f_spaceless, "spaceless"},
    {"striptags", f_striptags, "striptags"},
    {"indent", f_indent, "indent(prefix=\"    \", first=false, blank=false)"},
    {"urlencode", f_urlencode, "urlencode"},
    {"urlencode_strict", f_urlencode_strict, "urlencode_strict"},
    {"escape", f_escape, "escape"},
    {"escape_xml", f_escape_xml, "escape_xml"},
    {"split", f_split, "split(pat)"},
};
const std::size_t kStringFilterCount = sizeof(kStringFilters) / sizeof(kStringFilters[0]);

}  // namespace ggen::tmpl
