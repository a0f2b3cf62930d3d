#include "sparql/iri.h"

namespace ggen::sparql {
namespace {

struct Parts {
  std::string scheme, authority, path, query, fragment;
  bool has_scheme = false, has_authority = false, has_query = false, has_fragment = false;
};

Parts split(const std::string& s) {
  Parts p;
  size_t i = 0;
  size_t colon = s.find(':');
  if (colon != std::string::npos && colon > 0) {
    bool ok = std::isalpha(static_cast<unsigned char>(s[0]));
    for (size_t k = 1; k < colon && ok; ++k)
      ok = std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == '+' || s[k] == '-' ||
           s[k] == '.';
    if (ok) {
      p.scheme = s.substr(0, colon);
      p.has_scheme = true;
      i = colon + 1;
    }
  }
  if (s.compare(i, 2, "//") == 0) {
    size_t e = s.find_first_of("/?#", i + 2);
    if (e == std::string::npos) e = s.size();
    p.authority = s.substr(i + 2, e - i - 2);
    p.has_authority = true;
    i = e;
  }
  size_t e = s.find_first_of("?#", i);
  if (e == std::string::npos) e = s.size();
  p.path = s.substr(i, e - i);
  i = e;
  if (i < s.size() && s[i] == '?') {
    e = s.find('#', i);
    if (e == std::string::npos) e = s.size();
    p.query = s.substr(i + 1, e - i - 1);
    p.has_query = true;
    i = e;
  }
  if (i < s.size() && s[i] == '#') {
    p.fragment = s.substr(i + 1);
    p.has_fragment = true;
  }
  return p;
}

std::string remove_dots(const std::string& in) {
  std::string input = in, out;
  while (!input.empty()) {
    if (input.rfind("../", 0) == 0) {
      input.erase(0, 3);
    } else if (input.rfind("./", 0) == 0) {
      input.erase(0, 2);
    } else if (input.rfind("/./", 0) == 0) {
      input.erase(0, 2);
    } else if (input == "/.") {
      input = "/";
    } else if (input.rfind("/../", 0) == 0 || input == "/..") {
      input = input == "/.." ? "/" : input.substr(3);
      size_t k = out.rfind('/');
      out.erase(k == std::string::npos ? 0 : k);
    } else if (input == "." || input == "..") {
      input.clear();
    } else {
      size_t k = input.find('/', input[0] == '/' ? 1 : 0);
      if (k == std::string::npos) k = input.size();
      out += input.substr(0, k);
      input.erase(0, k);
    }
  }
  return out;
}

}  // namespace

std::string resolve_iri(const std::string& base, const std::string& ref) {
  if (base.empty()) return ref;
  Parts r = split(ref);
  if (r.has_scheme) return ref;
  Parts b = split(base);
  Parts t;
  t.scheme = b.scheme;
  if (r.has_authority) {
    t.authority = r.authority;
    t.has_authority = true;
    t.path = remove_dots(r.path);
    t.query = r.query;
    t.has_query = r.has_query;
  } else {
    t.authority = b.authority;
    t.has_authority = b.has_authority;
    if (r.path.empty()) {
      t.path = b.path;
      t.query = r.has_query ? r.query : b.query;
      t.has_query = r.has_query || b.has_query;
    } else {
      if (r.path[0] == '/') {
        t.path = remove_dots(r.path);
      } else {
        std::string merged;
        if (b.has_authority && b.path.empty()) {
          merged = "/" + r.path;
        } else {
          size_t k = b.path.rfind('/');
          merged = (k == std::string::npos ? "" : b.path.substr(0, k + 1)) + r.path;
        }
        t.path = remove_dots(merged);
      }
      t.query = r.query;
      t.has_query = r.has_query;
    }
  }
  std::string out = t.scheme + ":";
  if (t.has_authority) out += "//" + t.authority;
  out += t.path;
  if (t.has_query) out += "?" + t.query;
  if (r.has_fragment) out += "#" + r.fragment;
  return out;
}

}  // namespace ggen::sparql
