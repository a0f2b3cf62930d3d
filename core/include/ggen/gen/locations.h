#pragma once
// Positions inside frontmatter values (a query, a `to:`), mapped back to the template file, so
// errors in a query point at the query's own line and column in the file.
#include <string_view>

#include "ggen/error/error.h"

namespace ggen::gen {

// Where a frontmatter value's text starts in `text` (the whole template file). YAML marks of
// block scalars (`q: |`) point at the indicator; the text starts on the next line.
Location value_origin(std::string_view text, Location where);

// `inner` (a position within the value's text) moved to the file, given the value's origin.
// In a block scalar every line is indented like the first (`block`); in a plain or quoted one
// the continuation lines are not.
Location relocate(const Location& inner, const Location& where, bool block = false);

}  // namespace ggen::gen
