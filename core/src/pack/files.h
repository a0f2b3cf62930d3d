#pragma once
// Small file helpers shared by the pack module's sources.
#include <filesystem>
#include <string>
#include <string_view>

#include "ggen/error/result.h"

namespace ggen::pack::detail {

Result<std::string> read_all(const std::filesystem::path& p);
// Writes via a temp file in the same folder + rename: readers never see half a file.
Result<void> write_atomic(const std::filesystem::path& p, std::string_view bytes);
// A unique sibling name for temp files/folders: <name>.tmp-<pid>-<counter>.
std::filesystem::path temp_sibling(const std::filesystem::path& p);
Error io_error(const std::string& what, const std::filesystem::path& p, const std::error_code& ec);

}  // namespace ggen::pack::detail
