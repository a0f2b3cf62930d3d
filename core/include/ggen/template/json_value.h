#pragma once
// JSON text straight into template Values, without an intermediate DOM: the per-call path of a
// render from JS, where the context can be hundreds of kilobytes. Accepts UTF-8 or UTF-16 (the
// form V8 hands out without flattening its string); strings come out as UTF-8. Integers that fit
// int64 stay Int, everything else with a '.', exponent or overflow is Float (as serde_json).
// Object keys are sorted; on duplicate keys the last one wins (as JSON.parse).
// The tree lives in one arena owned by the returned root: its children borrow their storage
// (Value::borrow), so a child copied out of the tree must not outlive the root (keep the root, or
// rebuild the child, e.g. through to_json/parse_json, to keep it on its own).
#include <string_view>

#include "ggen/error/result.h"
#include "ggen/template/value.h"

namespace ggen::tmpl {

// Errors: E_INVALID_ARGUMENT "invalid JSON: <what> at offset <n>" (offset in code units).
Result<Value> parse_json(std::string_view utf8);
Result<Value> parse_json(std::u16string_view utf16);

}  // namespace ggen::tmpl
