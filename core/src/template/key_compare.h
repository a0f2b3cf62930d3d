#pragma once
// Equality and order of short names (object keys, variable and parameter names) on the render and
// parse hot paths. Most differing names differ in length or first byte, so those are checked
// inline before memcmp: a libc call per comparison was ~10% of a macro-heavy render.
#include <cstring>
#include <string_view>

namespace ggen::tmpl {

inline bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         (a.empty() || (a[0] == b[0] && std::memcmp(a.data(), b.data(), a.size()) == 0));
}

// Byte order, as std::string's operator<.
inline bool name_less(std::string_view a, std::string_view b) {
  if (!a.empty() && !b.empty() && a[0] != b[0])
    return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
  return a < b;
}

}  // namespace ggen::tmpl
