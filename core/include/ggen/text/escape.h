#pragma once
// Backslash escaping shared by the writers of JSON, N-Triples/Turtle and TOML strings: `"` and
// `\` and the C0 controls are escaped (\b \t \n \f \r as short escapes, the rest as \uXXXX);
// everything else, UTF-8 included, is kept as is. The formats differ only in the two options.
#include <string>
#include <string_view>

namespace ggen::text {

struct EscapeStyle {
  bool upper_hex = false;   // \u001F (RDF canonical form, TOML) rather than \u001f (JSON)
  bool escape_del = false;  // DEL (0x7F) as \u007F: TOML forbids it raw, RDF c14n escapes it
};

// Appends the escaped body of `s`, without surrounding quotes.
void append_escaped(std::string& out, std::string_view s, EscapeStyle style);

// \uXXXX for one code unit below 0x10000, in the style's case.
void append_u_escape(std::string& out, unsigned code, bool upper_hex);

}  // namespace ggen::text
