#pragma once
// Message digests for MD5()/SHA*() (RFC 1321, FIPS 180-4), written here so the shipped binary
// needs no crypto library. Each returns the lowercase hex digest.
#include <string>
#include <string_view>

namespace ggen::sparql {

std::string md5_hex(std::string_view data);
std::string sha1_hex(std::string_view data);
std::string sha256_hex(std::string_view data);
std::string sha384_hex(std::string_view data);
std::string sha512_hex(std::string_view data);

}  // namespace ggen::sparql
