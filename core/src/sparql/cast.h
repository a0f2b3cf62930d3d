#pragma once
// XSD casts (spec 17.5): xsd:string/boolean/integer/decimal/float/double/dateTime(term).
#include <optional>
#include <string>

#include "ggen/sparql/value.h"

namespace ggen::sparql {

std::optional<Value> cast_value(const std::string& target, const Value& v);

}  // namespace ggen::sparql
