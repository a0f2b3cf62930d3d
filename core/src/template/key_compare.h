#pragma once
// Equality and order of short names (object keys, variable and parameter names) on the render and
// parse hot paths, compared inline (see same_name).
#include <cstdint>
#include <cstring>
#include <string_view>

namespace ggen::tmpl {

inline bool same_name(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  // Names of up to 16 bytes (nearly all) as two overlapping words each: no libc call, which
  // was still ~10% of a macro-heavy render when names of equal length and first byte met.
  if (n >= 8) {
    if (n > 16) return std::memcmp(x, y, n) == 0;
    std::uint64_t x0, y0, x1, y1;
    std::memcpy(&x0, x, 8);
    std::memcpy(&y0, y, 8);
    std::memcpy(&x1, x + n - 8, 8);
    std::memcpy(&y1, y + n - 8, 8);
    return x0 == y0 && x1 == y1;
  }
  if (n >= 4) {
    std::uint32_t x0, y0, x1, y1;
    std::memcpy(&x0, x, 4);
    std::memcpy(&y0, y, 4);
    std::memcpy(&x1, x + n - 4, 4);
    std::memcpy(&y1, y + n - 4, 4);
    return x0 == y0 && x1 == y1;
  }
  for (std::size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return false;
  return true;
}

// Byte order, as std::string's operator<.
inline bool name_less(std::string_view a, std::string_view b) {
  if (!a.empty() && !b.empty() && a[0] != b[0])
    return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
  return a < b;
}

}  // namespace ggen::tmpl
