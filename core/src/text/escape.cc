#include "ggen/text/escape.h"

namespace ggen::text {

void append_u_escape(std::string& out, unsigned code, bool upper_hex) {
  const char* digits = upper_hex ? "0123456789ABCDEF" : "0123456789abcdef";
  char buf[6] = {'\\',
                 'u',
                 digits[(code >> 12) & 15],
                 digits[(code >> 8) & 15],
                 digits[(code >> 4) & 15],
                 digits[code & 15]};
  out.append(buf, sizeof buf);
}

void append_escaped(std::string& out, std::string_view s, EscapeStyle style) {
  size_t run = 0;  // stretches that need no escape are appended in one go
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && !(c == 0x7f && style.escape_del)) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        append_u_escape(out, c, style.upper_hex);
    }
  }
  out.append(s.data() + run, s.size() - run);
}

}  // namespace ggen::text
