#include "sparql/value_ops.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace ggen::sparql {
namespace {

std::string_view local_xsd(const std::string& dt) {
  if (dt.size() <= xsd::kNs.size() || dt.compare(0, xsd::kNs.size(), xsd::kNs) != 0) return {};
  return std::string_view(dt).substr(xsd::kNs.size());
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool valid_integer_lex(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  return all_digits(s);
}

bool valid_decimal_lex(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  size_t dot = s.find('.');
  if (dot == std::string_view::npos) return all_digits(s);
  std::string_view a = s.substr(0, dot), b = s.substr(dot + 1);
  if (a.empty() && b.empty()) return false;
  return (a.empty() || all_digits(a)) && (b.empty() || all_digits(b));
}

bool valid_double_lex(std::string_view s) {
  if (s == "INF" || s == "-INF" || s == "+INF" || s == "NaN") return true;
  size_t e = s.find_first_of("eE");
  if (e == std::string_view::npos) return valid_decimal_lex(s);
  return valid_decimal_lex(s.substr(0, e)) && valid_integer_lex(s.substr(e + 1));
}

long double parse_ld(const std::string& s) {
  if (s == "INF" || s == "+INF") return std::numeric_limits<long double>::infinity();
  if (s == "-INF") return -std::numeric_limits<long double>::infinity();
  if (s == "NaN") return std::numeric_limits<long double>::quiet_NaN();
  return std::strtold(s.c_str(), nullptr);
}

int rank(const Value* v) {
  if (!v) return 0;
  if (v->is_blank()) return 1;
  if (v->is_iri()) return 2;
  return 3;
}

}  // namespace

bool is_integer_type(const std::string& dt) {
  static const char* types[] = {"integer",
                                "int",
                                "long",
                                "short",
                                "byte",
                                "nonNegativeInteger",
                                "positiveInteger",
                                "nonPositiveInteger",
                                "negativeInteger",
                                "unsignedLong",
                                "unsignedInt",
                                "unsignedShort",
                                "unsignedByte"};
  std::string_view l = local_xsd(dt);
  if (l.empty()) return false;
  for (const char* t : types)
    if (l == t) return true;
  return false;
}

bool is_numeric_type(const std::string& dt) {
  std::string_view l = local_xsd(dt);
  return l == "decimal" || l == "float" || l == "double" || is_integer_type(dt);
}

std::optional<Numeric> as_numeric(const Value& v) {
  if (!v.is_literal() || v.datatype.empty()) return std::nullopt;
  std::string_view l = local_xsd(v.datatype);
  if (l.empty()) return std::nullopt;
  Numeric n;
  if (is_integer_type(v.datatype)) {
    if (!valid_integer_lex(v.lex)) return std::nullopt;
    errno = 0;
    long long x = std::strtoll(v.lex.c_str(), nullptr, 10);
    if (errno == ERANGE) {
      n.type = Numeric::Decimal;
      n.d = std::strtold(v.lex.c_str(), nullptr);
      return n;
    }
    n.type = Numeric::Integer;
    n.i = x;
    return n;
  }
  if (l == "decimal") {
    if (!valid_decimal_lex(v.lex)) return std::nullopt;
    n.type = Numeric::Decimal;
  } else if (l == "float" || l == "double") {
    if (!valid_double_lex(v.lex)) return std::nullopt;
    n.type = l == "float" ? Numeric::Float : Numeric::Double;
  } else {
    return std::nullopt;
  }
  n.d = parse_ld(v.lex);
  return n;
}

std::string format_decimal(long double d) {
  if (d == std::floor(d) && std::fabs(d) < 1e18L) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0Lf.0", d);
    return std::strcmp(buf, "-0.0") == 0 ? "0.0" : buf;
  }
  char buf[128];
  std::snprintf(buf, sizeof buf, "%.18Lf", d);
  std::string s = buf;
  // Keep 18 significant digits at most: long double arithmetic noise lives below that.
  size_t first = s.find_first_of("123456789");
  size_t dot = s.find('.');
  if (first != std::string::npos) {
    size_t keep = first + 18 + (first < dot ? 1 : 0);
    if (keep < s.size() && keep > dot) {
      std::snprintf(buf, sizeof buf, "%.*Lf", static_cast<int>(keep - dot - 1), d);
      s = buf;
    }
  }
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (s.back() == '.') s += '0';
  return s;
}

std::string format_double(long double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "INF" : "-INF";
  if (d == 0) return std::signbit(d) ? "-0.0E0" : "0.0E0";
  double x = static_cast<double>(d);
  char buf[64];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*e", prec - 1, x);
    if (std::strtod(buf, nullptr) == x) break;
  }
  // buf: d.ddde[+-]xx -> canonical mantissa "d.ddd" (at least one fraction digit) + "E" + exp.
  std::string s = buf;
  size_t e = s.find('e');
  std::string mant = s.substr(0, e);
  int exp = std::atoi(s.c_str() + e + 1);
  if (mant.find('.') == std::string::npos) mant += ".0";
  return mant + "E" + std::to_string(exp);
}

Value make_numeric(const Numeric& n) {
  switch (n.type) {
    case Numeric::Integer:
      return Value::literal(std::to_string(n.i), xsd::kInteger);
    case Numeric::Decimal:
      return Value::literal(format_decimal(n.d), xsd::kDecimal);
    case Numeric::Float: {
      float f = static_cast<float>(n.d);
      if (std::isnan(f) || std::isinf(f)) return Value::literal(format_double(f), xsd::kFloat);
      char buf[64];
      for (int prec = 1; prec <= 9; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*e", prec - 1, static_cast<double>(f));
        if (std::strtof(buf, nullptr) == f) break;
      }
      std::string s = buf;
      size_t e = s.find('e');
      std::string mant = s.substr(0, e);
      if (mant.find('.') == std::string::npos) mant += ".0";
      return Value::literal(mant + "E" + std::to_string(std::atoi(s.c_str() + e + 1)), xsd::kFloat);
    }
    case Numeric::Double:
      return Value::literal(format_double(n.d), xsd::kDouble);
  }
  return {};
}

std::optional<Numeric> arith(char op, const Numeric& a, const Numeric& b) {
  Numeric r;
  r.type = std::max(a.type, b.type);
  if (r.type == Numeric::Integer && op != '/') {
    long long out;
    bool overflow = op == '+'   ? __builtin_add_overflow(a.i, b.i, &out)
                    : op == '-' ? __builtin_sub_overflow(a.i, b.i, &out)
                                : __builtin_mul_overflow(a.i, b.i, &out);
    if (!overflow) {
      r.i = out;
      return r;
    }
    r.type = Numeric::Decimal;
  }
  if (r.type == Numeric::Integer) r.type = Numeric::Decimal;  // integer division is decimal
  long double x = a.as_ld(), y = b.as_ld();
  switch (op) {
    case '+':
      r.d = x + y;
      break;
    case '-':
      r.d = x - y;
      break;
    case '*':
      r.d = x * y;
      break;
    case '/':
      if (y == 0 && r.type == Numeric::Decimal) return std::nullopt;
      r.d = x / y;
      break;
  }
  if (r.type == Numeric::Float) r.d = static_cast<float>(r.d);
  if (r.type == Numeric::Double) r.d = static_cast<double>(r.d);
  return r;
}

long double DateTime::epoch() const {
  // Days from civil (Howard Hinnant's algorithm), then seconds.
  int64_t y = year - (month <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t mp = (month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = era * 146097 + doe - 719468;
  long double s = static_cast<long double>(days) * 86400 + hour * 3600 + minute * 60 + second;
  if (has_tz) s -= tz_minutes * 60;
  return s;
}

std::optional<DateTime> parse_datetime(const std::string& lex, bool date_only) {
  DateTime d;
  const char* p = lex.c_str();
  bool neg = *p == '-';
  if (neg) ++p;
  char* end;
  long long y = std::strtoll(p, &end, 10);
  if (end - p < 4 || *end != '-') return std::nullopt;
  d.year = neg ? -y : y;
  p = end + 1;
  auto two = [&](int& out, char after) -> bool {
    if (!std::isdigit(static_cast<unsigned char>(p[0])) ||
        !std::isdigit(static_cast<unsigned char>(p[1])))
      return false;
    out = (p[0] - '0') * 10 + (p[1] - '0');
    p += 2;
    if (after) {
      if (*p != after) return false;
      ++p;
    }
    return true;
  };
  if (!two(d.month, '-') || !two(d.day, date_only ? 0 : 'T')) return std::nullopt;
  if (!date_only) {
    if (!two(d.hour, ':') || !two(d.minute, ':')) return std::nullopt;
    int s;
    if (!two(s, 0)) return std::nullopt;
    d.second = s;
    if (*p == '.') {
      const char* b = p;
      ++p;
      while (std::isdigit(static_cast<unsigned char>(*p))) ++p;
      d.second += std::strtold(std::string(b, p).c_str(), nullptr);
    }
  }
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31 || d.hour > 24 || d.minute > 59)
    return std::nullopt;
  if (*p == 'Z') {
    d.has_tz = true;
    ++p;
  } else if (*p == '+' || *p == '-') {
    int sign = *p == '-' ? -1 : 1;
    ++p;
    int h, m;
    if (!two(h, ':') || !two(m, 0)) return std::nullopt;
    d.has_tz = true;
    d.tz_minutes = sign * (h * 60 + m);
  }
  if (*p) return std::nullopt;
  return d;
}

bool valid_literal(const Value& v) {
  if (!v.is_literal() || v.datatype.empty()) return true;
  std::string_view l = local_xsd(v.datatype);
  if (l.empty()) return true;
  if (is_numeric_type(v.datatype)) return as_numeric(v).has_value();
  if (l == "boolean") return v.lex == "true" || v.lex == "false" || v.lex == "1" || v.lex == "0";
  if (l == "dateTime") return parse_datetime(v.lex).has_value();
  if (l == "date") return parse_datetime(v.lex, true).has_value();
  return true;
}

std::optional<bool> ebv(const Value& v) {
  if (!v.is_literal()) return std::nullopt;
  if (v.datatype.empty())
    return v.lang.empty() ? std::optional<bool>(!v.lex.empty()) : std::nullopt;
  if (v.datatype == xsd::kBoolean) {
    if (v.lex == "true" || v.lex == "1") return true;
    if (v.lex == "false" || v.lex == "0") return false;
    return false;
  }
  if (is_numeric_type(v.datatype)) {
    auto n = as_numeric(v);
    if (!n) return false;
    if (n->type == Numeric::Integer) return n->i != 0;
    return !(n->d == 0 || std::isnan(n->d));
  }
  return std::nullopt;
}

namespace {

enum class Cat { Numeric, String, LangString, Boolean, DateTime, Date, Other };

Cat category(const Value& v) {
  if (v.datatype.empty()) return v.lang.empty() ? Cat::String : Cat::LangString;
  if (is_numeric_type(v.datatype)) return Cat::Numeric;
  if (v.datatype == xsd::kBoolean) return Cat::Boolean;
  if (v.datatype == xsd::kDateTime) return Cat::DateTime;
  if (v.datatype == xsd::kDate) return Cat::Date;
  return Cat::Other;
}

bool bool_of(const std::string& s) {
  return s == "true" || s == "1";
}

std::optional<int> cmp_ld(long double a, long double b) {
  if (std::isnan(a) || std::isnan(b)) return std::nullopt;
  return a < b ? -1 : a > b ? 1 : 0;
}

// Compares two literals of the same category; nullopt when not comparable.
std::optional<int> compare_same(Cat c, const Value& a, const Value& b) {
  switch (c) {
    case Cat::Numeric: {
      auto x = as_numeric(a), y = as_numeric(b);
      if (!x || !y) return std::nullopt;
      if (x->type == Numeric::Integer && y->type == Numeric::Integer)
        return x->i < y->i ? -1 : x->i > y->i ? 1 : 0;
      return cmp_ld(x->as_ld(), y->as_ld());
    }
    case Cat::String: {
      int r = a.lex.compare(b.lex);
      return r < 0 ? -1 : r > 0 ? 1 : 0;
    }
    case Cat::Boolean:
      if (!valid_literal(a) || !valid_literal(b)) return std::nullopt;
      return static_cast<int>(bool_of(a.lex)) - static_cast<int>(bool_of(b.lex));
    case Cat::DateTime:
    case Cat::Date: {
      auto x = parse_datetime(a.lex, c == Cat::Date), y = parse_datetime(b.lex, c == Cat::Date);
      if (!x || !y) return std::nullopt;
      if (x->has_tz != y->has_tz) {
        // XSD: comparable only when the 14-hour window cannot change the outcome.
        long double ea = x->epoch(), eb = y->epoch();
        if (!x->has_tz) {
          if (ea + 14 * 3600 < eb) return -1;
          if (ea - 14 * 3600 > eb) return 1;
        } else {
          if (ea < eb - 14 * 3600) return -1;
          if (ea > eb + 14 * 3600) return 1;
        }
        return std::nullopt;
      }
      return cmp_ld(x->epoch(), y->epoch());
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<bool> equal_values(const Value& a, const Value& b) {
  if (!a.is_literal() || !b.is_literal()) return a == b;
  if (a == b) return true;
  // A language-tagged string equals only itself.
  if (!a.lang.empty() || !b.lang.empty()) return false;
  Cat ca = category(a), cb = category(b);
  if (ca == cb && ca != Cat::Other) {
    auto r = compare_same(ca, a, b);
    if (r) return *r == 0;
    return std::nullopt;
  }
  // An unknown datatype or an ill-formed value might still be equal by value: an error.
  if (ca == Cat::Other || cb == Cat::Other) return std::nullopt;
  if (!valid_literal(a) || !valid_literal(b)) return std::nullopt;
  return false;
}

std::optional<int> compare_values(const Value& a, const Value& b) {
  if (!a.is_literal() || !b.is_literal()) return std::nullopt;
  Cat ca = category(a), cb = category(b);
  if (ca != cb) return std::nullopt;
  if (ca == Cat::LangString) return std::nullopt;
  return compare_same(ca, a, b);
}

int order_compare(const Value* a, const Value* b) {
  int ra = rank(a), rb = rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (!a) return 0;
  if (!a->is_literal()) return a->lex < b->lex ? -1 : a->lex > b->lex ? 1 : 0;
  if (auto c = compare_values(*a, *b); c && *c != 0) return *c;
  // Incomparable or equal by value: a fixed order on the term so sorting stays total.
  Cat ca = category(*a), cb = category(*b);
  if (ca != cb) {
    // Simple literals sort before typed ones (spec 15.1), then by datatype.
    if (ca == Cat::String) return -1;
    if (cb == Cat::String) return 1;
  }
  if (int c = a->lex.compare(b->lex)) return c < 0 ? -1 : 1;
  if (int c = a->datatype_iri().compare(b->datatype_iri())) return c < 0 ? -1 : 1;
  if (int c = a->lang.compare(b->lang)) return c < 0 ? -1 : 1;
  return 0;
}

}  // namespace ggen::sparql
