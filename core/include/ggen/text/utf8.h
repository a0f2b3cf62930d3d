#pragma once
// UTF-8 encoding of one code point, shared by every parser that decodes escapes (\u, \U, &#x;)
// into text.
#include <cstdint>
#include <string>

namespace ggen::text {

// Appends `cp` (a Unicode scalar value; callers reject surrogates and values past U+10FFFF).
void append_utf8(std::string& out, uint32_t cp);

}  // namespace ggen::text
