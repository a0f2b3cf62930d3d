#pragma once
// A small, fast non-cryptographic hash for term bytes (8 bytes per step; not for untrusted
// adversarial keys, which the dictionary's open addressing tolerates anyway).
#include <cstdint>
#include <cstring>
#include <string_view>

namespace ggen::rdf::detail {

inline uint64_t mix(uint64_t h) {
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ULL;
  h ^= h >> 32;
  return h;
}

inline uint64_t hash_bytes(std::string_view s, uint64_t seed) {
  uint64_t h = seed ^ (s.size() * 0x9e3779b97f4a7c15ULL);
  const char* p = s.data();
  size_t n = s.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
    h = (h << 29) | (h >> 35);
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
  }
  return mix(h);
}

}  // namespace ggen::rdf::detail
