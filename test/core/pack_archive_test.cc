#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "ggen/gen/plan.h"
#include "ggen/pack/archive.h"

using namespace ggen::pack;
namespace fs = std::filesystem;

namespace {

fs::path fresh(const std::string& name) {
  fs::path p =
      fs::temp_directory_path() / ("ggen_pack_archive_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p;
}

// A raw ustar header for hostile entries the writer would never produce.
std::string header(const std::string& name, char type, const std::string& data,
                   const std::string& link = "") {
  char h[512] = {};
  std::memcpy(h, name.data(), std::min<size_t>(name.size(), 100));
  std::snprintf(h + 100, 8, "%07o", 0644);
  std::snprintf(h + 124, 12, "%011o", static_cast<unsigned>(data.size()));
  std::snprintf(h + 136, 12, "%011o", 0);
  h[156] = type;
  std::memcpy(h + 157, link.data(), std::min<size_t>(link.size(), 100));
  std::memcpy(h + 257,
              "ustar\0"
              "00",
              8);
  std::memset(h + 148, ' ', 8);
  unsigned sum = 0;
  for (char c : h) sum += static_cast<unsigned char>(c);
  std::snprintf(h + 148, 8, "%06o", sum);
  std::string out(h, 512);
  out += data;
  out.append((512 - data.size() % 512) % 512, '\0');
  return out;
}

std::string finish(std::string tar) {
  return tar + std::string(1024, '\0');
}

}  // namespace

TEST(PackArchive, TarRoundTrip) {
  std::string long_path = std::string(60, 'a') + "/" + std::string(60, 'b') + "/file.tmpl";
  auto tar = write_tar({{"b.txt", "bee"}, {"a/x.tmpl", std::string(1000, 'x')}, {long_path, ""}});
  auto entries = read_tar(tar).value();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].path, "a/x.tmpl");  // sorted
  EXPECT_EQ(entries[0].data, std::string(1000, 'x'));
  EXPECT_EQ(entries[1].path, long_path);
  EXPECT_EQ(entries[2].path, "b.txt");
  EXPECT_EQ(entries[2].data, "bee");
}

TEST(PackArchive, GzipRoundTripAndReproducible) {
  std::vector<std::pair<std::string, std::string>> files = {{"z", "last"}, {"a", "first"}};
  std::string one = gzip(write_tar(files));
  std::reverse(files.begin(), files.end());
  std::string two = gzip(write_tar(files));
  EXPECT_EQ(one, two);  // same files, same bytes, whatever the order given
  EXPECT_EQ(one.substr(0, 2), "\x1f\x8b");
  EXPECT_EQ(one.substr(4, 4), std::string(4, '\0'));  // gzip mtime 0
  EXPECT_EQ(gunzip(one).value(), write_tar(files));
}

TEST(PackArchive, CorruptGzipAndTar) {
  std::string gz = gzip("hello world, hello world");
  EXPECT_EQ(gunzip(gz.substr(0, gz.size() / 2)).error().code(), "E_ARCHIVE");
  EXPECT_EQ(gunzip("not gzip at all").error().code(), "E_ARCHIVE");
  EXPECT_EQ(gunzip(gzip(std::string(4096, 'a')), 100).error().code(), "E_ARCHIVE");
  std::string tar = write_tar({{"a", "x"}});
  tar[10] ^= 1;  // breaks the header checksum
  EXPECT_EQ(read_tar(tar).error().code(), "E_ARCHIVE");
  EXPECT_EQ(read_tar(std::string(100, 'x')).error().code(), "E_ARCHIVE");
}

TEST(PackArchive, ExtractsRegularFiles) {
  fs::path dir = fresh("ok");
  auto entries = read_tar(write_tar({{"ggen-pack.toml", "x"}, {"templates/a.tmpl", "A"}})).value();
  ASSERT_TRUE(extract_entries(entries, dir).ok());
  EXPECT_TRUE(fs::is_regular_file(dir / "templates/a.tmpl"));
  fs::remove_all(dir);
}

TEST(PackArchive, RefusesEscapesAndWritesNothing) {
  for (const std::string bad : {"../evil.txt", "a/../../evil.txt", "/etc/evil", "C:/evil"}) {
    fs::path dir = fresh("escape");
    auto entries =
        read_tar(finish(header("good.txt", '0', "ok") + header(bad, '0', "bad"))).value();
    auto r = extract_entries(entries, dir);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), "E_PATH_ESCAPE") << bad;
    EXPECT_FALSE(fs::exists(dir / "good.txt")) << "nothing is written when one entry is refused";
    fs::remove_all(dir);
  }
}

TEST(PackArchive, RefusesLinksDevicesAndDuplicates) {
  struct Case {
    std::string tar;
    const char* what;
  } cases[] = {
      {finish(header("link", '2', "", "/etc/passwd")), "symlink"},
      {finish(header("hard", '1', "", "other")), "hardlink"},
      {finish(header("dev", '3', "")), "char device"},
      {finish(header("fifo", '6', "")), "fifo"},
      {finish(header("a", '0', "1") + header("a", '0', "2")), "duplicate"},
      {finish(header("a", '0', "1") + header("a/b", '0', "2")), "file below a file"},
  };
  for (const auto& c : cases) {
    fs::path dir = fresh("unsafe");
    auto entries = read_tar(c.tar).value();
    auto r = extract_entries(entries, dir);
    ASSERT_FALSE(r.ok()) << c.what;
    EXPECT_EQ(r.error().code(), "E_ARCHIVE_UNSAFE") << c.what;
    fs::remove_all(dir);
  }
}
