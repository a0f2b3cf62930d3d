// String functions (spec 17.4.3), with the argument-compatibility rule of 17.4.3.1.4.
#include <pthread.h>

#include <map>
#include <mutex>
#include <regex>

#include "sparql/functions.h"
#include "sparql/utf8.h"

namespace ggen::sparql {
namespace {

using Args = std::vector<Value>;
using Out = std::optional<Value>;

bool compatible(const Value& a, const Value& b) {
  if (!a.is_string_like() || !b.is_string_like()) return false;
  return b.lang.empty() || a.lang == b.lang;
}

// A result string keeping the first argument's language tag / datatype.
Value like(const Value& a, std::string s) {
  Value v = Value::literal(std::move(s), {}, a.lang);
  return v;
}

Out strlen_(Args& a, FnEnv&) {
  if (!a[0].is_string_like()) return {};
  return Value::integer(static_cast<int64_t>(utf8_length(a[0].lex)));
}

Out substr_(Args& a, FnEnv&) {
  if (!a[0].is_string_like()) return {};
  auto num = [](const Value& v) -> std::optional<long double> {
    if (!v.is_literal()) return {};
    const std::string& dt = v.datatype;
    if (dt.find("XMLSchema#") == std::string::npos) return {};
    char* end;
    long double d = std::strtold(v.lex.c_str(), &end);
    if (end == v.lex.c_str()) return {};
    return d;
  };
  auto start = num(a[1]);
  if (!start) return {};
  std::u32string s = utf8_decode(a[0].lex);
  long double from = std::roundl(*start);
  long double to = static_cast<long double>(s.size()) + 1;
  if (a.size() > 2) {
    auto len = num(a[2]);
    if (!len) return {};
    to = from + std::roundl(*len);
  }
  if (std::isnan(from) || std::isnan(to)) return like(a[0], "");
  std::u32string out;
  for (size_t i = 0; i < s.size(); ++i) {
    long double pos = static_cast<long double>(i + 1);
    if (pos >= from && pos < to) out += s[i];
  }
  return like(a[0], utf8_encode(out));
}

Out ucase(Args& a, FnEnv&) {
  if (!a[0].is_string_like()) return {};
  std::u32string s = utf8_decode(a[0].lex);
  for (auto& c : s)
    if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7)) c -= 32;
  return like(a[0], utf8_encode(s));
}

Out lcase(Args& a, FnEnv&) {
  if (!a[0].is_string_like()) return {};
  std::u32string s = utf8_decode(a[0].lex);
  for (auto& c : s)
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7)) c += 32;
  return like(a[0], utf8_encode(s));
}

Out strstarts(Args& a, FnEnv&) {
  if (!compatible(a[0], a[1])) return {};
  return Value::boolean(a[0].lex.rfind(a[1].lex, 0) == 0);
}

Out strends(Args& a, FnEnv&) {
  if (!compatible(a[0], a[1])) return {};
  const auto& s = a[0].lex;
  const auto& t = a[1].lex;
  return Value::boolean(s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0);
}

Out contains(Args& a, FnEnv&) {
  if (!compatible(a[0], a[1])) return {};
  return Value::boolean(a[0].lex.find(a[1].lex) != std::string::npos);
}

Out strbefore(Args& a, FnEnv&) {
  if (!compatible(a[0], a[1])) return {};
  size_t k = a[0].lex.find(a[1].lex);
  if (k == std::string::npos) return Value::literal("");
  if (a[1].lex.empty()) return like(a[0], "");
  return like(a[0], a[0].lex.substr(0, k));
}

Out strafter(Args& a, FnEnv&) {
  if (!compatible(a[0], a[1])) return {};
  size_t k = a[0].lex.find(a[1].lex);
  if (k == std::string::npos) return Value::literal("");
  return like(a[0], a[0].lex.substr(k + a[1].lex.size()));
}

Out encode_for_uri(Args& a, FnEnv&) {
  if (!a[0].is_string_like()) return {};
  std::string out;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : a[0].lex) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return Value::literal(out);
}

Out concat(Args& a, FnEnv&) {
  std::string out;
  bool same_lang = !a.empty();
  for (const auto& v : a) {
    if (!v.is_string_like()) return {};
    out += v.lex;
    if (v.lang.empty() || v.lang != a[0].lang) same_lang = false;
  }
  return Value::literal(out, {}, same_lang ? a[0].lang : "");
}

std::wstring wide(std::string_view s) {
  std::u32string u = utf8_decode(s);
  return std::wstring(u.begin(), u.end());
}

std::string narrow(const std::wstring& w) {
  return utf8_encode(std::u32string(w.begin(), w.end()));
}

// Compiled regexes are cached per (pattern, flags): FILTER regex runs once per row. They work
// on code points (wchar_t is UTF-32 here) so classes like [^a-z] see characters, not bytes.
const std::wregex* compile(const std::string& pattern, const std::string& flags) {
  static std::mutex mu;
  static std::map<std::pair<std::string, std::string>, std::unique_ptr<std::wregex>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto key = std::make_pair(pattern, flags);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second.get();
  auto flag = std::regex::ECMAScript;
  std::wstring p = wide(pattern);
  bool ok = true;
  if (flags.find('q') != std::string::npos) {
    std::wstring q;
    for (wchar_t c : p) {
      if (std::wstring_view(L"\\^$.|?*+()[]{}").find(c) != std::wstring_view::npos) q += L'\\';
      q += c;
    }
    p = q;
  }
  for (char f : flags) {
    if (f == 'i') {
      flag |= std::regex::icase;
    } else if (f == 'm') {
      flag |= std::regex::multiline;
    } else if (f == 's') {
      // dot-all: ECMAScript's '.' excludes newlines, so widen unescaped dots.
      std::wstring q;
      bool in_class = false;
      for (size_t k = 0; k < p.size(); ++k) {
        if (p[k] == L'\\' && k + 1 < p.size()) {
          q += p[k], q += p[++k];
          continue;
        }
        if (p[k] == L'[') in_class = true;
        if (p[k] == L']') in_class = false;
        q += (p[k] == L'.' && !in_class) ? std::wstring(L"[\\s\\S]") : std::wstring(1, p[k]);
      }
      p = q;
    } else if (f == 'x') {
      std::wstring q;
      for (wchar_t c : p)
        if (!(c == L' ' || c == L'\t' || c == L'\n' || c == L'\r')) q += c;
      p = q;
    } else if (f != 'q') {
      ok = false;
    }
  }
  std::unique_ptr<std::wregex> re;
  if (ok) {
    try {
      re = std::make_unique<std::wregex>(p, flag);
    } catch (const std::regex_error&) {
      re = nullptr;
    }
  }
  auto* raw = re.get();
  cache[key] = std::move(re);
  return raw;
}

// libstdc++'s regex recurses once per input character, so a long subject overflows a normal
// thread stack. Long subjects run on a helper thread with a large (lazily committed) stack;
// beyond kMaxSubject characters the match is an error instead of a crash.
constexpr size_t kDirectLimit = 2000;
constexpr size_t kMaxSubject = size_t{1} << 22;

template <class F>
bool on_big_stack(F& f) {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return false;
  pthread_attr_setstacksize(&attr, size_t{2} << 30);
  pthread_t thread;
  auto body = [](void* p) -> void* {
    (*static_cast<F*>(p))();
    return nullptr;
  };
  bool ok = pthread_create(&thread, &attr, body, &f) == 0;
  pthread_attr_destroy(&attr);
  if (ok) pthread_join(thread, nullptr);
  return ok;
}

template <class F>
auto guarded(size_t length, F f) -> std::optional<decltype(f())> {
  if (length > kMaxSubject) return std::nullopt;
  std::optional<decltype(f())> out;
  auto run = [&]() {
    try {
      out = f();
    } catch (const std::exception&) {
      out.reset();  // regex_error (complexity / stack) is a type error, not a failure
    }
  };
  if (length <= kDirectLimit) {
    run();
  } else if (!on_big_stack(run)) {
    return std::nullopt;
  }
  return out;
}

Out regex(Args& a, FnEnv&) {
  if (!a[0].is_string_like() || !a[1].is_plain_string()) return {};
  std::string flags;
  if (a.size() > 2) {
    if (!a[2].is_plain_string()) return {};
    flags = a[2].lex;
  }
  const std::wregex* re = compile(a[1].lex, flags);
  if (!re) return {};
  std::wstring subject = wide(a[0].lex);
  auto m = guarded(subject.size(), [&] { return std::regex_search(subject, *re); });
  if (!m) return {};
  return Value::boolean(*m);
}

Out replace(Args& a, FnEnv&) {
  if (!a[0].is_string_like() || !a[1].is_plain_string() || !a[2].is_plain_string()) return {};
  std::string flags;
  if (a.size() > 3) {
    if (!a[3].is_plain_string()) return {};
    flags = a[3].lex;
  }
  const std::wregex* re = compile(a[1].lex, flags);
  if (!re) return {};
  std::wstring subject = wide(a[0].lex), with = wide(a[2].lex);
  auto r = guarded(subject.size(), [&] { return std::regex_replace(subject, *re, with); });
  if (!r) return {};
  return like(a[0], narrow(*r));
}

}  // namespace

void register_string_functions(std::vector<Function>& out) {
  out.insert(out.end(), {
                            {"STRLEN", 1, 1, strlen_},
                            {"SUBSTR", 2, 3, substr_},
                            {"UCASE", 1, 1, ucase},
                            {"LCASE", 1, 1, lcase},
                            {"STRSTARTS", 2, 2, strstarts},
                            {"STRENDS", 2, 2, strends},
                            {"CONTAINS", 2, 2, contains},
                            {"STRBEFORE", 2, 2, strbefore},
                            {"STRAFTER", 2, 2, strafter},
                            {"ENCODE_FOR_URI", 1, 1, encode_for_uri},
                            {"CONCAT", 0, -1, concat},
                            {"REGEX", 2, 3, regex},
                            {"REPLACE", 3, 4, replace},
                        });
}

}  // namespace ggen::sparql
