#pragma once
// SHA-256 (FIPS 180-4) for cache keys and file hashes, streaming, without copying the input.
// Uses the x86 SHA extensions (SHA-NI) when the CPU has them, checked once at run time (the
// prebuilt binary runs on other machines); the portable code otherwise. Both give the same digest.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ggen::hash {

class Sha256 {
 public:
  Sha256();
  Sha256& update(std::string_view data);
  std::array<uint8_t, 32> digest();  // finishes; the object must not be updated afterwards
  std::string hex();                 // lowercase hex of digest()

 private:
  uint32_t state_[8];
  uint8_t buffer_[64];
  size_t buffered_ = 0;
  uint64_t total_ = 0;
};

std::string sha256_hex(std::string_view data);

// Which block function runs: "sha-ni" or "portable" (for reports and tests).
const char* sha256_backend();
// Tests: force the portable code (false) or the detected one (true).
void sha256_use_accelerated(bool on);

namespace detail {
using BlockFn = void (*)(uint32_t state[8], const uint8_t* blocks, size_t count);
void sha256_blocks_portable(uint32_t state[8], const uint8_t* blocks, size_t count);
// nullptr when this build has no accelerated path.
BlockFn sha256_blocks_shani();
bool cpu_has_shani();
}  // namespace detail

}  // namespace ggen::hash
