#pragma once
// Code-point helpers: SPARQL string functions count characters, not bytes.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ggen::sparql {

std::u32string utf8_decode(std::string_view s);
std::string utf8_encode(std::u32string_view s);
size_t utf8_length(std::string_view s);

}  // namespace ggen::sparql
