// Date/time accessors (spec 17.4.5). NOW() is fixed per query by the evaluator.
#include <cmath>
#include <cstdio>

#include "sparql/functions.h"
#include "sparql/value_ops.h"

namespace ggen::sparql {
namespace {

using Args = std::vector<Value>;
using Out = std::optional<Value>;

std::optional<DateTime> dt(const Value& v) {
  if (!v.is_literal()) return {};
  if (v.datatype == xsd::kDateTime) return parse_datetime(v.lex);
  if (v.datatype == xsd::kDate) return parse_datetime(v.lex, true);
  return {};
}

Out year(Args& a, FnEnv&) {
  auto d = dt(a[0]);
  if (!d) return {};
  return Value::integer(d->year);
}
Out month(Args& a, FnEnv&) {
  auto d = dt(a[0]);
  if (!d) return {};
  return Value::integer(d->month);
}
Out day(Args& a, FnEnv&) {
  auto d = dt(a[0]);
  if (!d) return {};
  return Value::integer(d->day);
}
Out hours(Args& a, FnEnv&) {
  auto d = dt(a[0]);
  if (!d) return {};
  return Value::integer(d->hour);
}
Out minutes(Args& a, FnEnv&) {
  auto d = dt(a[0]);
  if (!d) return {};
  return Value::integer(d->minute);
}
Out seconds(Args& a, FnEnv&) {
  auto d = dt(a[0]);
  if (!d) return {};
  // The lexical seconds keep their written precision ("05.5" -> 5.5).
  const std::string& lex = a[0].lex;
  size_t t = lex.find('T');
  if (t == std::string::npos) return {};
  std::string s = lex.substr(t + 7);
  size_t end = s.find_first_of("Z+-");
  if (end != std::string::npos) s = s.substr(0, end);
  Numeric n;
  n.type = Numeric::Decimal;
  n.d = std::strtold(s.c_str(), nullptr);
  return make_numeric(n);
}
Out timezone(Args& a, FnEnv&) {
  auto d = dt(a[0]);
  if (!d || !d->has_tz) return {};
  int m = d->tz_minutes;
  std::string s = m < 0 ? "-PT" : "PT";
  m = std::abs(m);
  if (m == 0) return Value::literal("PT0S", xsd::kDayTimeDuration);
  if (m / 60) s += std::to_string(m / 60) + "H";
  if (m % 60) s += std::to_string(m % 60) + "M";
  return Value::literal(s, xsd::kDayTimeDuration);
}
Out tz(Args& a, FnEnv&) {
  auto d = dt(a[0]);
  if (!d) return {};
  if (!d->has_tz) return Value::literal("");
  if (d->tz_minutes == 0) return Value::literal("Z");
  int m = std::abs(d->tz_minutes);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", d->tz_minutes < 0 ? '-' : '+', m / 60, m % 60);
  return Value::literal(buf);
}
Out now(Args&, FnEnv& env) {
  return Value::literal(env.now, xsd::kDateTime);
}

}  // namespace

void register_datetime_functions(std::vector<Function>& out) {
  out.insert(out.end(), {{"YEAR", 1, 1, year},
                         {"MONTH", 1, 1, month},
                         {"DAY", 1, 1, day},
                         {"HOURS", 1, 1, hours},
                         {"MINUTES", 1, 1, minutes},
                         {"SECONDS", 1, 1, seconds},
                         {"TIMEZONE", 1, 1, timezone},
                         {"TZ", 1, 1, tz},
                         {"NOW", 0, 0, now}});
}

}  // namespace ggen::sparql
