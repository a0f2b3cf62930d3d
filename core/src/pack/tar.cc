// ustar writer and reader. The writer emits only what reproducibility needs; the reader accepts
// any ustar/v7 archive and reports each entry's type so extraction can refuse what it must.
#include <algorithm>
#include <cstring>

#include "ggen/pack/archive.h"

namespace ggen::pack {

namespace {

constexpr size_t kBlock = 512;

void octal(char* field, size_t width, uint64_t value) {
  // width-1 octal digits, zero-padded, then NUL.
  std::string s(width - 1, '0');
  for (size_t i = width - 1; i-- > 0 && value;) {
    s[i] = static_cast<char>('0' + (value & 7));
    value >>= 3;
  }
  std::memcpy(field, s.data(), width - 1);
  field[width - 1] = '\0';
}

Result<uint64_t> read_octal(const char* field, size_t width) {
  uint64_t v = 0;
  size_t i = 0;
  while (i < width && (field[i] == ' ' || field[i] == '\0')) ++i;
  if (i == width) return uint64_t{0};
  if (static_cast<unsigned char>(field[0]) & 0x80) {
    return Error(std::string(kBadArchive), "tar header uses base-256 numbers (not supported)");
  }
  for (; i < width && field[i] >= '0' && field[i] <= '7'; ++i) v = v * 8 + (field[i] - '0');
  for (; i < width; ++i) {
    if (field[i] != ' ' && field[i] != '\0')
      return Error(std::string(kBadArchive), "malformed number in a tar header");
  }
  return v;
}

std::string cstr(const char* field, size_t width) {
  return std::string(field, strnlen(field, width));
}

unsigned checksum(const char* header) {
  unsigned sum = 0;
  for (size_t i = 0; i < kBlock; ++i) {
    sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(header[i]);
  }
  return sum;
}

}  // namespace

std::string write_tar(std::vector<std::pair<std::string, std::string>> files) {
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out;
  for (const auto& [path, data] : files) {
    char h[kBlock] = {};
    std::string name = path, prefix;
    if (name.size() > 100) {
      // Split at a '/' so that prefix <= 155 and name <= 100 (callers keep paths short enough).
      size_t cut = name.rfind('/', 155);
      while (cut != std::string::npos && name.size() - cut - 1 > 100)
        cut = cut == 0 ? std::string::npos : name.rfind('/', cut - 1);
      if (cut != std::string::npos) {
        prefix = name.substr(0, cut);
        name = name.substr(cut + 1);
      }
    }
    std::memcpy(h, name.data(), std::min<size_t>(name.size(), 100));
    octal(h + 100, 8, 0644);
    octal(h + 108, 8, 0);
    octal(h + 116, 8, 0);
    octal(h + 124, 12, data.size());
    octal(h + 136, 12, 0);
    h[156] = '0';
    std::memcpy(h + 257,
                "ustar\0"
                "00",
                8);
    std::memcpy(h + 345, prefix.data(), std::min<size_t>(prefix.size(), 155));
    octal(h + 148, 7, checksum(h));
    h[155] = ' ';
    out.append(h, kBlock);
    out.append(data);
    out.append((kBlock - data.size() % kBlock) % kBlock, '\0');
  }
  out.append(2 * kBlock, '\0');
  return out;
}

Result<std::vector<ArchiveEntry>> read_tar(std::string_view tar) {
  std::vector<ArchiveEntry> out;
  size_t pos = 0;
  auto bad = [](std::string m) { return Error(std::string(kBadArchive), "corrupt archive: " + m); };
  while (pos + kBlock <= tar.size()) {
    const char* h = tar.data() + pos;
    if (std::all_of(h, h + kBlock, [](char c) { return c == '\0'; })) return out;  // end marker
    auto sum = read_octal(h + 148, 8);
    if (!sum.ok()) return sum.error();
    if (sum.value() != checksum(h))
      return bad("header checksum mismatch at offset " + std::to_string(pos));
    auto size = read_octal(h + 124, 12);
    if (!size.ok()) return size.error();
    ArchiveEntry e;
    e.type = h[156] == '\0' ? '0' : h[156];
    std::string name = cstr(h, 100), prefix;
    if (std::memcmp(h + 257, "ustar", 5) == 0) prefix = cstr(h + 345, 155);
    e.path = prefix.empty() ? name : prefix + "/" + name;
    e.link = cstr(h + 157, 100);
    pos += kBlock;
    if (size.value() > tar.size() - pos) return bad("entry `" + e.path + "` runs past the end");
    if (e.type == '0' || e.type == '7') e.data.assign(tar.substr(pos, size.value()));
    pos += (size.value() + kBlock - 1) / kBlock * kBlock;
    out.push_back(std::move(e));
  }
  return bad("no end-of-archive marker");
}

}  // namespace ggen::pack
