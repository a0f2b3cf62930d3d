#pragma once
// A string as a JSON string literal (RFC 8259): quotes, backslash and control characters
// escaped, everything else (UTF-8 included) kept as is. Shared by every writer of JSON text.
#include <string>
#include <string_view>

namespace ggen::text {

void append_json_string(std::string& out, std::string_view s);

}  // namespace ggen::text
