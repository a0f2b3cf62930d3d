#pragma once
// Value semantics shared by operators, functions and aggregates: numeric promotion, comparison
// (operator mapping of spec 17.3), effective boolean value, the ORDER BY total order, dateTimes.
#include <cstdint>
#include <optional>
#include <string>

#include "ggen/sparql/value.h"

namespace ggen::sparql {

struct Numeric {
  enum Type { Integer, Decimal, Float, Double };
  Type type = Integer;
  int64_t i = 0;      // Integer
  long double d = 0;  // Decimal, Float, Double
  long double as_ld() const { return type == Integer ? static_cast<long double>(i) : d; }
};

bool is_integer_type(const std::string& dt);  // xsd:integer and its derived types
bool is_numeric_type(const std::string& dt);
std::optional<Numeric> as_numeric(const Value& v);  // nullopt: not numeric or bad lexical form
Value make_numeric(const Numeric& n);
std::optional<Numeric> arith(char op, const Numeric& a, const Numeric& b);
std::string format_decimal(long double d);
std::string format_double(long double d);

struct DateTime {
  int64_t year = 0;
  int month = 1, day = 1, hour = 0, minute = 0;
  long double second = 0;
  bool has_tz = false;
  int tz_minutes = 0;
  long double epoch() const;  // seconds, in UTC when has_tz
};
std::optional<DateTime> parse_datetime(const std::string& lex, bool date_only = false);

std::optional<bool> ebv(const Value& v);
// Spec "=": true/false, or nullopt for a type error.
std::optional<bool> equal_values(const Value& a, const Value& b);
// Spec "<" family: -1/0/1, or nullopt when the operands are not comparable.
std::optional<int> compare_values(const Value& a, const Value& b);
// ORDER BY: a total order (unbound < blank < IRI < literal), falling back to lexical order.
int order_compare(const Value* a, const Value* b);

// Checks the lexical form of known datatypes; literals of unknown types are always "valid".
bool valid_literal(const Value& v);

}  // namespace ggen::sparql
