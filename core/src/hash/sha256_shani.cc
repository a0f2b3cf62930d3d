// SHA-256 blocks with the x86 SHA extensions. Compiled for those instructions function by function
// (target attributes) so the rest of the binary stays baseline x86-64; used only after
// cpu_has_shani() said yes.
#include "ggen/hash/sha256.h"

#include "sha256_round.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define GGEN_SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))
#endif

namespace ggen::hash::detail {

#if defined(__x86_64__) || defined(__i386__)

namespace {

// The instructions keep the state as two registers, (a, b, e, f) and (c, d, g, h), highest lane
// first; the message words are big-endian in the input.
GGEN_SHA_TARGET void blocks(uint32_t state[8], const uint8_t* p, size_t count) {
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));
  __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4));
  __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
  for (; count > 0; --count, p += 64) {
    const __m128i abef0 = abef, cdgh0 = cdgh;
    __m128i w[4];
    for (int i = 0; i < 4; ++i) {
      w[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i)), bswap);
    }
    for (int g = 0; g < 16; ++g) {
      __m128i cur = w[g & 3];
      if (g >= 4) {
        // w[t..t+3] from the four previous groups: msg1 adds sigma0, msg2 adds sigma1.
        __m128i prev4 = w[g & 3], prev3 = w[(g + 1) & 3], prev2 = w[(g + 2) & 3],
                prev1 = w[(g + 3) & 3];
        __m128i t =
            _mm_add_epi32(_mm_sha256msg1_epu32(prev4, prev3), _mm_alignr_epi8(prev1, prev2, 4));
        cur = _mm_sha256msg2_epu32(t, prev1);
        w[g & 3] = cur;
      }
      __m128i msg =
          _mm_add_epi32(cur, _mm_load_si128(reinterpret_cast<const __m128i*>(kRound + 4 * g)));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, msg);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(msg, 0x0E));
    }
    abef = _mm_add_epi32(abef, abef0);
    cdgh = _mm_add_epi32(cdgh, cdgh0);
  }
  __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  dcba = _mm_blend_epi16(feba, dchg, 0xF0);
  hgfe = _mm_alignr_epi8(dchg, feba, 8);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), dcba);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), hgfe);
}

}  // namespace

BlockFn sha256_blocks_shani() {
  return &blocks;
}

bool cpu_has_shani() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
  bool ssse3 = c & (1u << 9), sse41 = c & (1u << 19);
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  bool sha = b & (1u << 29);
  return ssse3 && sse41 && sha;
}

#else

BlockFn sha256_blocks_shani() {
  return nullptr;
}
bool cpu_has_shani() {
  return false;
}

#endif

}  // namespace ggen::hash::detail
