#include "sparql/cast.h"

#include <cmath>

#include "sparql/value_ops.h"

namespace ggen::sparql {
namespace {

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\n\r"), b = s.find_last_not_of(" \t\n\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

}  // namespace

std::optional<Value> cast_value(const std::string& target, const Value& v) {
  if (v.is_blank()) return {};
  if (target == xsd::kString) {
    if (v.is_literal() && v.datatype == xsd::kBoolean && valid_literal(v))
      return Value::literal(v.lex == "1" || v.lex == "true" ? "true" : "false");
    // XPath casts numbers to their canonical string: integers without sign or leading zeros,
    // integral decimals without a fraction ("0.0" -> "0").
    if (v.is_literal() && (is_integer_type(v.datatype) || v.datatype == xsd::kDecimal)) {
      if (auto n = as_numeric(v)) {
        if (n->type == Numeric::Integer) return Value::literal(std::to_string(n->i));
        std::string s = format_decimal(n->d);
        if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
        return Value::literal(s);
      }
    }
    // Doubles and floats: plain decimal notation in [1e-6, 1e6), exponent form outside.
    if (v.is_literal() && (v.datatype == xsd::kDouble || v.datatype == xsd::kFloat)) {
      if (auto n = as_numeric(v)) {
        long double a = std::fabs(n->d);
        if (std::isfinite(n->d) && (a == 0 || (a >= 1e-6L && a < 1e6L))) {
          std::string s = format_decimal(n->d);
          if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
          return Value::literal(s);
        }
        return Value::literal(format_double(n->d));
      }
    }
    return Value::literal(v.lex);
  }
  if (v.is_iri()) return {};
  if (!v.lang.empty()) return {};
  bool from_string = v.datatype.empty();
  std::string lex = from_string ? trim(v.lex) : v.lex;
  auto num = as_numeric(v);
  if (!from_string && !num && v.datatype != xsd::kBoolean && v.datatype != xsd::kDateTime)
    return {};
  if (target == xsd::kBoolean) {
    if (from_string) {
      if (lex == "true" || lex == "1") return Value::boolean(true);
      if (lex == "false" || lex == "0") return Value::boolean(false);
      return {};
    }
    if (v.datatype == xsd::kBoolean) {
      if (!valid_literal(v)) return {};
      return Value::boolean(v.lex == "true" || v.lex == "1");
    }
    if (!num) return {};
    long double d = num->as_ld();
    return Value::boolean(!(d == 0 || std::isnan(d)));
  }
  if (target == xsd::kDateTime) {
    if (from_string || v.datatype == xsd::kDateTime) {
      if (!parse_datetime(lex)) return {};
      return Value::literal(lex, xsd::kDateTime);
    }
    return {};
  }
  if (v.datatype == xsd::kDateTime) return {};
  Numeric n;
  if (from_string) {
    Value probe = Value::literal(lex, target == xsd::kInteger   ? xsd::kInteger
                                      : target == xsd::kDecimal ? xsd::kDecimal
                                                                : xsd::kDouble);
    auto p = as_numeric(probe);
    if (!p) return {};
    n = *p;
  } else if (v.datatype == xsd::kBoolean) {
    if (!valid_literal(v)) return {};
    n.type = Numeric::Integer;
    n.i = (v.lex == "true" || v.lex == "1") ? 1 : 0;
  } else {
    n = *num;
  }
  long double d = n.as_ld();
  Numeric r;
  if (target == xsd::kInteger) {
    if (std::isnan(d) || std::isinf(d)) return {};
    r.type = Numeric::Integer;
    r.i = n.type == Numeric::Integer ? n.i : static_cast<int64_t>(std::trunc(d));
  } else if (target == xsd::kDecimal) {
    if (std::isnan(d) || std::isinf(d)) return {};
    if (from_string && lex.find_first_of("eE") != std::string::npos) return {};
    r.type = Numeric::Decimal;
    r.d = d;
  } else if (target == xsd::kFloat) {
    r.type = Numeric::Float;
    r.d = static_cast<float>(d);
  } else if (target == xsd::kDouble) {
    r.type = Numeric::Double;
    r.d = static_cast<double>(d);
  } else {
    return {};
  }
  return make_numeric(r);
}

}  // namespace ggen::sparql
