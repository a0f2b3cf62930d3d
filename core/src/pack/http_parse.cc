// URL parsing and HTTP/1.1 response framing, separate from the socket code so both are testable
// without a network.
#include <algorithm>
#include <cctype>

#include "ggen/pack/http.h"

namespace ggen::pack {

Result<Url> parse_url(std::string_view text) {
  auto bad = [&] {
    return Error(std::string(codes::kInvalidArgument), "invalid URL `" + std::string(text) + "`")
        .with_hint("registry URLs look like http://host:port/path/");
  };
  Url u;
  size_t colon = text.find("://");
  if (colon == std::string_view::npos) return bad();
  u.scheme = std::string(text.substr(0, colon));
  std::transform(u.scheme.begin(), u.scheme.end(), u.scheme.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (u.scheme != "http" && u.scheme != "https") return bad();
  u.port = u.scheme == "https" ? 443 : 80;
  std::string_view rest = text.substr(colon + 3);
  size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  std::string_view target = slash == std::string_view::npos ? "/" : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos) return bad();  // no credentials in URLs
  size_t hash = target.find('#');
  if (hash != std::string_view::npos) target = target.substr(0, hash);
  u.target = target.empty() || target[0] != '/' ? "/" + std::string(target) : std::string(target);
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad();
    u.host = std::string(authority.substr(1, close - 1));
    authority = authority.substr(close + 1);
    if (!authority.empty() && authority[0] != ':') return bad();
    if (!authority.empty())
      authority = authority.substr(1);
    else
      authority = {};
    if (!authority.empty()) {
      if (authority.find_first_not_of("0123456789") != std::string_view::npos ||
          authority.size() > 5)
        return bad();
      u.port = std::stoi(std::string(authority));
    }
  } else {
    size_t pc = authority.rfind(':');
    u.host = std::string(authority.substr(0, pc));
    if (pc != std::string_view::npos) {
      std::string_view port = authority.substr(pc + 1);
      if (port.empty() || port.find_first_not_of("0123456789") != std::string_view::npos ||
          port.size() > 5)
        return bad();
      u.port = std::stoi(std::string(port));
    }
  }
  if (u.host.empty() || u.port <= 0 || u.port > 65535) return bad();
  return u;
}

std::string join_url(const std::string& base, const std::string& ref) {
  if (ref.find("://") != std::string::npos) return ref;
  size_t scheme_end = base.find("://");
  size_t path_start = base.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  std::string origin = path_start == std::string::npos ? base : base.substr(0, path_start);
  if (!ref.empty() && ref[0] == '/') return origin + ref;
  std::string dir = path_start == std::string::npos ? "/" : base.substr(path_start);
  size_t q = dir.find('?');
  if (q != std::string::npos) dir = dir.substr(0, q);
  dir = dir.substr(0, dir.rfind('/') + 1);
  return origin + dir + ref;
}

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

// Decodes a chunked body from `in`; kNeedMore until the last chunk and trailers have arrived.
ParseState dechunk(std::string_view in, std::string& out, size_t max, std::string& error) {
  size_t pos = 0;
  out.clear();
  for (;;) {
    size_t eol = in.find("\r\n", pos);
    if (eol == std::string_view::npos) return ParseState::kNeedMore;
    std::string_view line = in.substr(pos, eol - pos);
    line = line.substr(0, line.find(';'));
    std::string hex = trim(line);
    if (hex.empty() || hex.size() > 15 ||
        hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
      error = "malformed chunk size";
      return ParseState::kError;
    }
    size_t n = std::stoull(hex, nullptr, 16);
    pos = eol + 2;
    if (n == 0) {
      // Trailers end with an empty line.
      for (;;) {
        size_t e = in.find("\r\n", pos);
        if (e == std::string_view::npos) return ParseState::kNeedMore;
        if (e == pos) return ParseState::kDone;
        pos = e + 2;
      }
    }
    if (out.size() + n > max) {
      error = "body larger than the limit";
      return ParseState::kError;
    }
    if (in.size() < pos + n + 2) return ParseState::kNeedMore;
    out.append(in.substr(pos, n));
    if (in.substr(pos + n, 2) != "\r\n") {
      error = "malformed chunk";
      return ParseState::kError;
    }
    pos += n + 2;
  }
}

}  // namespace

ParseState ResponseParser::feed(const std::string& buf, bool eof) {
  size_t end = buf.find("\r\n\r\n");
  if (end == std::string::npos) {
    if (buf.size() > 64 * 1024) {
      error = "response headers too large";
      return ParseState::kError;
    }
    if (eof) {
      error = "connection closed before the response headers";
      return ParseState::kError;
    }
    return ParseState::kNeedMore;
  }
  if (response.status == 0) {
    std::string_view head(buf.data(), end);
    size_t eol = head.find("\r\n");
    std::string_view status_line = head.substr(0, eol);
    if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12) {
      error = "not an HTTP/1.x response";
      return ParseState::kError;
    }
    std::string code(status_line.substr(9, 3));
    if (code.find_first_not_of("0123456789") != std::string::npos) {
      error = "malformed status line";
      return ParseState::kError;
    }
    response.status = std::stoi(code);
    size_t pos = eol == std::string_view::npos ? head.size() : eol + 2;
    while (pos < head.size()) {
      size_t e = head.find("\r\n", pos);
      if (e == std::string_view::npos) e = head.size();
      std::string_view line = head.substr(pos, e - pos);
      size_t colon = line.find(':');
      if (colon != std::string_view::npos)
        response.headers[lower(std::string(line.substr(0, colon)))] = trim(line.substr(colon + 1));
      pos = e + 2;
    }
  }
  std::string_view body(buf.data() + end + 4, buf.size() - end - 4);
  auto te = response.headers.find("transfer-encoding");
  if (te != response.headers.end() && lower(te->second).find("chunked") != std::string::npos) {
    ParseState s = dechunk(body, response.body, max_bytes, error);
    if (s == ParseState::kNeedMore && eof) {
      error = "connection closed inside a chunked body";
      return ParseState::kError;
    }
    return s;
  }
  auto cl = response.headers.find("content-length");
  if (cl != response.headers.end()) {
    if (cl->second.empty() || cl->second.find_first_not_of("0123456789") != std::string::npos ||
        cl->second.size() > 15) {
      error = "malformed Content-Length";
      return ParseState::kError;
    }
    size_t n = std::stoull(cl->second);
    if (n > max_bytes) {
      error = "body of " + std::to_string(n) + " bytes is larger than the limit";
      return ParseState::kError;
    }
    if (body.size() < n) {
      if (eof) {
        error = "connection closed after " + std::to_string(body.size()) + " of " +
                std::to_string(n) + " bytes";
        return ParseState::kError;
      }
      return ParseState::kNeedMore;
    }
    response.body.assign(body.substr(0, n));
    return ParseState::kDone;
  }
  if (response.status == 204 || response.status == 304 || response.status / 100 == 1)
    return ParseState::kDone;
  if (body.size() > max_bytes) {
    error = "body larger than the limit";
    return ParseState::kError;
  }
  if (!eof) return ParseState::kNeedMore;
  response.body.assign(body);
  return ParseState::kDone;
}

}  // namespace ggen::pack
