#include "pack/files.h"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

namespace ggen::pack::detail {

namespace fs = std::filesystem;

Error io_error(const std::string& what, const fs::path& p, const std::error_code& ec) {
  return Error(std::string(codes::kIo),
               what + " " + p.generic_string() + (ec ? ": " + ec.message() : ""));
}

Result<std::string> read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!fs::exists(p, ec))
      return Error(std::string(codes::kNotFound), "no such file: " + p.generic_string());
    return io_error("cannot read", p, ec);
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path temp_sibling(const fs::path& p) {
  static std::atomic<unsigned> counter{0};
  return p.parent_path() / (p.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                            std::to_string(counter.fetch_add(1)));
}

Result<void> write_atomic(const fs::path& p, std::string_view bytes) {
  std::error_code ec;
  if (!p.parent_path().empty()) fs::create_directories(p.parent_path(), ec);
  if (ec) return io_error("cannot create the folder of", p, ec);
  fs::path tmp = temp_sibling(p);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      fs::remove(tmp, ec);
      return io_error("cannot write", p, {});
    }
  }
  fs::rename(tmp, p, ec);
  if (ec) {
    std::error_code ignore;
    fs::remove(tmp, ignore);
    return io_error("cannot replace", p, ec);
  }
  return {};
}

}  // namespace ggen::pack::detail
