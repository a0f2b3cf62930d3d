// gzip through zlib. deflate's own gzip wrapper (windowBits 16+15) writes a fixed header: mtime 0,
// no name, OS = unix; with a fixed level and strategy the bytes depend only on the input.
#include <zlib.h>

#include "ggen/pack/archive.h"

namespace ggen::pack {

std::string gzip(std::string_view data) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 16 + 15, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

Result<std::string> gunzip(std::string_view gz, size_t max_bytes) {
  z_stream z{};
  if (inflateInit2(&z, 16 + 15) != Z_OK)
    return Error(std::string(kBadArchive), "cannot start gzip decoding");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  std::string out;
  char buf[64 * 1024];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      return Error(std::string(kBadArchive),
                   std::string("corrupt gzip data: ") + (z.msg ? z.msg : "truncated stream"));
    }
    out.append(buf, sizeof buf - z.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&z);
      return Error(std::string(kBadArchive),
                   "the archive unpacks to more than " + std::to_string(max_bytes >> 20) + " MiB")
          .with_hint("packs are template collections; this looks like something else");
    }
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
      inflateEnd(&z);
      return Error(std::string(kBadArchive), "corrupt gzip data: truncated stream");
    }
  }
  inflateEnd(&z);
  return out;
}

}  // namespace ggen::pack
