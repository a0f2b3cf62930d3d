// SHA-256: FIPS 180-4 test vectors on both block functions, and the accelerated one against the
// portable one over every length and split that exercises the buffering.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "ggen/hash/sha256.h"

namespace ggen::hash {
namespace {

struct Backend {
  explicit Backend(bool accelerated) { sha256_use_accelerated(accelerated); }
  ~Backend() { sha256_use_accelerated(true); }
};

void check_vectors() {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PortableMatchesTheStandardVectors) {
  Backend b(false);
  EXPECT_STREQ(sha256_backend(), "portable");
  check_vectors();
}

TEST(Sha256, DetectedBackendMatchesTheStandardVectors) {
  Backend b(true);
  // On a CPU without the extensions this runs the portable code again; say which ran.
  RecordProperty("backend", sha256_backend());
  EXPECT_EQ(std::string(sha256_backend()) == "sha-ni",
            detail::cpu_has_shani() && detail::sha256_blocks_shani() != nullptr);
  check_vectors();
}

TEST(Sha256, StreamingEqualsOneShotAndBackendsAgree) {
  std::mt19937 rng(7);
  std::string data(3000, '\0');
  for (auto& c : data) c = static_cast<char>(rng());
  for (size_t len : {0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 3000}) {
    std::string_view v(data.data(), len);
    std::string portable, fast;
    {
      Backend b(false);
      portable = sha256_hex(v);
    }
    fast = sha256_hex(v);
    EXPECT_EQ(portable, fast) << len;
    for (size_t cut : {size_t{0}, size_t{1}, len / 3, len / 2, len}) {
      if (cut > len) continue;
      Sha256 s;
      s.update(v.substr(0, cut)).update(v.substr(cut));
      EXPECT_EQ(s.hex(), portable) << len << " split at " << cut;
    }
  }
}

TEST(Sha256, ManySmallUpdates) {
  Sha256 s;
  for (int i = 0; i < 1000000; i += 7)
    s.update(std::string_view("aaaaaaa", std::min(7, 1000000 - i)));
  EXPECT_EQ(s.hex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

}  // namespace
}  // namespace ggen::hash
