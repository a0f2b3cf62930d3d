// ggen case conversion and inflection filters: camel, pascal, snake, kebab, shouty_snake,
// shouty_kebab, constant, title_case, sentence, train, lcfirst, ucfirst, pluralize (on
// strings; on numbers it keeps Tera's suffix behaviour), singularize, local.
#include <cctype>
#include <cmath>

#include "template/builtins.h"

namespace ggen::tmpl {

// Splits an identifier-ish string into words: on non-alphanumerics, lower->Upper boundaries and
// acronym ends ("HTTPServer" -> HTTP, Server). Digits stay with the word before them.
std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(std::move(cur));
    cur.clear();
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool alnum = std::isalnum(c) || c >= 0x80;
    if (!alnum) {
      flush();
      continue;
    }
    if (!cur.empty() && std::isupper(c)) {
      unsigned char prev = static_cast<unsigned char>(cur.back());
      bool next_lower = i + 1 < s.size() && std::islower(static_cast<unsigned char>(s[i + 1]));
      if (std::islower(prev) || std::isdigit(prev) || (std::isupper(prev) && next_lower)) flush();
    }
    cur += static_cast<char>(c);
  }
  flush();
  return words;
}

namespace {

std::string lower(std::string_view s) {
  return to_lower_utf8(s);
}
std::string upper(std::string_view s) {
  return to_upper_utf8(s);
}
std::string cap(std::string_view s) {
  if (s.empty()) return "";
  std::size_t n = 1;
  while (n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) ++n;
  return upper(s.substr(0, n)) + lower(s.substr(n));
}

std::string join(const std::vector<std::string>& w, std::string_view sep,
                 std::string (*first)(std::string_view), std::string (*rest)(std::string_view)) {
  std::string out;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (i) out += sep;
    out += i == 0 ? first(w[i]) : rest(w[i]);
  }
  return out;
}

#define GGEN_CASE_FILTER(fname, sep, first, rest)                                  \
  Value fname(const Value& v, const Kwargs&) {                                     \
    return Value(join(split_words(want_string(#fname + 2, v)), sep, first, rest)); \
  }

GGEN_CASE_FILTER(f_camel, "", lower, cap)
GGEN_CASE_FILTER(f_pascal, "", cap, cap)
GGEN_CASE_FILTER(f_snake, "_", lower, lower)
GGEN_CASE_FILTER(f_kebab, "-", lower, lower)
GGEN_CASE_FILTER(f_shouty_snake, "_", upper, upper)
GGEN_CASE_FILTER(f_shouty_kebab, "-", upper, upper)
GGEN_CASE_FILTER(f_title_case, " ", cap, cap)
GGEN_CASE_FILTER(f_sentence, " ", cap, lower)
GGEN_CASE_FILTER(f_train, "-", cap, cap)
#undef GGEN_CASE_FILTER

Value f_lcfirst(const Value& v, const Kwargs&) {
  const std::string& s = want_string("lcfirst", v);
  if (s.empty()) return v;
  std::size_t n = 1;
  while (n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) ++n;
  return Value(lower(s.substr(0, n)) + s.substr(n));
}

Value f_ucfirst(const Value& v, const Kwargs&) {
  const std::string& s = want_string("ucfirst", v);
  if (s.empty()) return v;
  std::size_t n = 1;
  while (n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) ++n;
  return Value(upper(s.substr(0, n)) + s.substr(n));
}

bool ends(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

struct Irregular {
  const char* one;
  const char* many;
};
const Irregular kIrregular[] = {{"person", "people"},     {"man", "men"},
                                {"woman", "women"},       {"child", "children"},
                                {"mouse", "mice"},        {"goose", "geese"},
                                {"foot", "feet"},         {"tooth", "teeth"},
                                {"ox", "oxen"},           {"datum", "data"},
                                {"index", "indices"},     {"matrix", "matrices"},
                                {"vertex", "vertices"},   {"criterion", "criteria"},
                                {"analysis", "analyses"}, {"leaf", "leaves"},
                                {"life", "lives"},        {"wife", "wives"},
                                {"knife", "knives"},      {"half", "halves"}};
const char* const kUncountable[] = {"sheep", "fish",  "series",    "species",
                                    "deer",  "news",  "equipment", "information",
                                    "rice",  "money", "metadata",  "moose"};

// Keeps the capitalisation of the first letter of `word` on the replacement.
std::string like(std::string_view word, std::string repl) {
  if (!word.empty() && std::isupper(static_cast<unsigned char>(word[0])) && !repl.empty())
    repl[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(repl[0])));
  return repl;
}

bool is_vowel(char c) {
  return std::string_view("aeiou").find(c) != std::string_view::npos;
}

std::string plural(std::string_view word) {
  std::string w = lower(word);
  for (const char* u : kUncountable)
    if (ends(w, u)) return std::string(word);
  for (const auto& ir : kIrregular) {
    if (w == ir.one) return like(word, ir.many);
    if (w == ir.many) return std::string(word);
  }
  std::string base(word);
  if (ends(w, "s") || ends(w, "x") || ends(w, "z") || ends(w, "ch") || ends(w, "sh")) {
    if (ends(w, "ss") || !ends(w, "s") || ends(w, "us") || ends(w, "is")) return base + "es";
    return base + "es";
  }
  if (ends(w, "y") && w.size() > 1 && !is_vowel(w[w.size() - 2]))
    return base.substr(0, base.size() - 1) + "ies";
  if (ends(w, "fe")) return base.substr(0, base.size() - 2) + "ves";
  if (ends(w, "lf") || ends(w, "rf")) return base.substr(0, base.size() - 1) + "ves";
  if (ends(w, "o") && w.size() > 1 && !is_vowel(w[w.size() - 2]) &&
      (ends(w, "to") || ends(w, "go") || ends(w, "ro")) && w != "photo" && w != "memo" &&
      w != "auto")
    return base + "es";
  return base + "s";
}

std::string singular(std::string_view word) {
  std::string w = lower(word);
  for (const char* u : kUncountable)
    if (ends(w, u)) return std::string(word);
  for (const auto& ir : kIrregular) {
    if (w == ir.many) return like(word, ir.one);
    if (w == ir.one) return std::string(word);
  }
  std::string base(word);
  auto cut = [&](std::size_t n, const char* add) { return base.substr(0, base.size() - n) + add; };
  if (ends(w, "ies") && w.size() > 3) return cut(3, "y");
  if (ends(w, "ves")) return cut(3, "f");
  if (ends(w, "sses") || ends(w, "shes") || ends(w, "ches") || ends(w, "xes") || ends(w, "zes"))
    return cut(2, "");
  if (ends(w, "oes") && w.size() > 3) return cut(2, "");
  if (ends(w, "ss") || ends(w, "us") || ends(w, "is")) return base;
  if (ends(w, "s") && w.size() > 1) return cut(1, "");
  return base;
}

// On strings: English plural of the last word ("user_account" -> "user_accounts"). On
// numbers: Tera's suffix filter (`{{ n }} item{{ n | pluralize }}`).
Value f_pluralize(const Value& v, const Kwargs& a) {
  if (v.is_string()) {
    const std::string& s = v.as_string();
    std::size_t p = s.size();
    while (p > 0 && std::isalpha(static_cast<unsigned char>(s[p - 1]))) --p;
    return Value(s.substr(0, p) + plural(std::string_view(s).substr(p)));
  }
  if (!v.is_number()) {
    fail_call("Filter `pluralize` was called on an incorrect value: got `" + json_repr(v) +
                  "` but expected a Number (or a String to inflect)",
              std::string("the value is a ") + v.type_name());
  }
  std::string singular_s = string_arg("pluralize", a, "singular", "");
  std::string plural_s = string_arg("pluralize", a, "plural", "s");
  bool one = std::fabs(std::fabs(v.as_number()) - 1.0) < 2.220446049250313e-16;
  return Value(one ? singular_s : plural_s);
}

Value f_singularize(const Value& v, const Kwargs&) {
  const std::string& s = want_string("singularize", v);
  std::size_t p = s.size();
  while (p > 0 && std::isalpha(static_cast<unsigned char>(s[p - 1]))) --p;
  return Value(s.substr(0, p) + singular(std::string_view(s).substr(p)));
}

}  // namespace

// Local name of an IRI: the part after the last '#', '/' or ':'.
std::string iri_local_name(std::string_view iri) {
  if (iri.size() >= 2 && iri.front() == '<' && iri.back() == '>')
    iri = iri.substr(1, iri.size() - 2);
  std::size_t p = iri.find_last_of("#/:");
  if (p == std::string_view::npos) return std::string(iri);
  return std::string(iri.substr(p + 1));
}

namespace {
Value f_local(const Value& v, const Kwargs&) {
  return Value(iri_local_name(want_string("local", v)));
}
}  // namespace

const BuiltinFilter kCaseFilters[] = {
    {"camel", f_camel, "camel"},
    {"camel_case", f_camel, "camel_case"},
    {"pascal", f_pascal, "pascal"},
    {"pascal_case", f_pascal, "pascal_case"},
    {"snake", f_snake, "snake"},
    {"snake_case", f_snake, "snake_case"},
    {"kebab", f_kebab, "kebab"},
    {"kebab_case", f_kebab, "kebab_case"},
    {"shouty_snake", f_shouty_snake, "shouty_snake"},
    {"shouty_snake_case", f_shouty_snake, "shouty_snake_case"},
    {"constant", f_shouty_snake, "constant"},
    {"shouty_kebab", f_shouty_kebab, "shouty_kebab"},
    {"title_case", f_title_case, "title_case"},
    {"sentence", f_sentence, "sentence"},
    {"train", f_train, "train"},
    {"lcfirst", f_lcfirst, "lcfirst"},
    {"ucfirst", f_ucfirst, "ucfirst"},
    {"pluralize", f_pluralize, "pluralize(singular=\"\", plural=\"s\")"},
    {"singularize", f_singularize, "singularize"},
    {"local", f_local, "local"},
};
const std::size_t kCaseFilterCount = sizeof(kCaseFilters) / sizeof(kCaseFilters[0]);

}  // namespace ggen::tmpl
