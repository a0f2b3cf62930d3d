// Number filters (Tera built-ins): abs, round, filesizeformat, int, float.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "template/builtins.h"

namespace ggen::tmpl {

namespace {

Value f_abs(const Value& v, const Kwargs&) {
  if (v.is_int()) return Value(v.as_int() < 0 ? -v.as_int() : v.as_int());
  if (v.is_float()) return Value(std::fabs(v.as_float()));
  fail_call("Filter `abs` was used on a value that isn't a number.",
            std::string("the value is a ") + v.type_name());
}

Value f_round(const Value& v, const Kwargs& a) {
  double x = want_number("round", v);
  std::string method = string_arg("round", a, "method", "common");
  long long precision = int_arg("round", a, "precision", 0);
  double m = std::pow(10.0, static_cast<double>(precision));
  if (method == "common") return Value(std::round(x * m) / m);
  if (method == "ceil") return Value(std::ceil(x * m) / m);
  if (method == "floor") return Value(std::floor(x * m) / m);
  raise(Error(std::string(kFilterArgs),
              "Filter `round` received an incorrect value for arg `method`: got `" + method +
                  "`, only common, ceil and floor are allowed"));
}

Value f_filesizeformat(const Value& v, const Kwargs& a) {
  double n = want_number("filesizeformat", v);
  bool binary = bool_arg("filesizeformat", a, "binary", false);
  static const char* dec_units[] = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
  static const char* bin_units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int u = 0;
  double x = std::fabs(n);
  while (x >= 1024.0 && u < 6) {
    x /= 1024.0;
    ++u;
  }
  if (n < 0) x = -x;
  char buf[64];
  if (u == 0) {
    std::snprintf(buf, sizeof buf, "%.0f", x);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f", x);
    std::string s(buf);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    std::snprintf(buf, sizeof buf, "%s", s.c_str());
  }
  return Value(std::string(buf) + " " + (binary ? bin_units[u] : dec_units[u]));
}

bool parse_int(std::string_view s, int base, long long& out) {
  if (s.empty()) return false;
  std::string t(s);
  bool neg = false;
  std::size_t i = 0;
  if (t[0] == '+' || t[0] == '-') {
    neg = t[0] == '-';
    i = 1;
  }
  if (i >= t.size()) return false;
  for (std::size_t k = i; k < t.size(); ++k) {
    char c = t[k];
    int d = (c >= '0' && c <= '9')   ? c - '0'
            : (c >= 'a' && c <= 'z') ? c - 'a' + 10
            : (c >= 'A' && c <= 'Z') ? c - 'A' + 10
                                     : 99;
    if (d >= base) return false;
  }
  errno = 0;
  long long r = std::strtoll(t.c_str() + i, nullptr, base);
  if (errno == ERANGE) {
    // i64::MIN parses only with its sign.
    if (!neg) return false;
    errno = 0;
    r = std::strtoll(t.c_str(), nullptr, base);
    if (errno == ERANGE) return false;
    out = r;
    return true;
  }
  out = neg ? -r : r;
  return true;
}

Value f_int(const Value& v, const Kwargs& a) {
  long long def = int_arg("int", a, "default", 0);
  long long base = int_arg("int", a, "base", 10);
  if (base < 2 || base > 36) {
    raise(Error(std::string(kFilterArgs),
                "Filter `int` received an invalid base: " + std::to_string(base)));
  }
  if (v.is_int()) return v;
  if (v.is_float()) return Value(static_cast<long long>(v.as_float()));
  if (!v.is_string()) {
    fail_call("Filter `int` received an unexpected type: " + json_repr(v),
              "`int` converts strings and numbers");
  }
  std::string s = trim_ws(v.as_string(), true, true);
  std::string_view sv(s);
  auto strip = [&](std::string_view p) {
    while (sv.substr(0, p.size()) == p) sv.remove_prefix(p.size());
  };
  if (base == 2) strip("0b");
  if (base == 8) strip("0o");
  if (base == 16) strip("0x");
  long long r;
  if (parse_int(sv, static_cast<int>(base), r)) return Value(r);
  if (sv.find('.') != std::string_view::npos) {
    std::string t(sv);
    char* end = nullptr;
    double d = std::strtod(t.c_str(), &end);
    if (end && *end == '\0' && !t.empty()) return Value(static_cast<long long>(d));
  }
  return Value(def);
}

Value f_float(const Value& v, const Kwargs& a) {
  const Value* dv = a.get("default");
  double def = dv && dv->is_number() ? dv->as_number() : 0.0;
  if (v.is_number()) return Value(v.as_number());
  if (!v.is_string()) {
    fail_call("Filter `float` received an unexpected type: " + json_repr(v),
              "`float` converts strings and numbers");
  }
  std::string s = trim_ws(v.as_string(), true, true);
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (s.empty() || !end || *end != '\0') return Value(def);
  return Value(d);
}

}  // namespace

const BuiltinFilter kNumberFilters[] = {
    {"abs", f_abs, "abs"},
    {"round", f_round, "round(method=\"common\"|\"ceil\"|\"floor\", precision=0)"},
    {"filesizeformat", f_filesizeformat, "filesizeformat(binary=false)"},
    {"int", f_int, "int(default=0, base=10)"},
    {"float", f_float, "float(default=0.0)"},
};
const std::size_t kNumberFilterCount = sizeof(kNumberFilters) / sizeof(kNumberFilters[0]);

}  // namespace ggen::tmpl
