#include "ggen/rdf/iri.h"

namespace ggen::rdf {

namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

struct Parts {
  std::string_view scheme, authority, path, query, fragment;
  bool has_scheme = false, has_authority = false, has_query = false, has_fragment = false;
};

// Splits per RFC 3986 appendix B.
Parts split(std::string_view s) {
  Parts p;
  size_t i = 0;
  if (has_scheme(s)) {
    i = s.find(':');
    p.scheme = s.substr(0, i);
    p.has_scheme = true;
    ++i;
  }
  if (s.substr(i, 2) == "//") {
    size_t end = s.find_first_of("/?#", i + 2);
    if (end == std::string_view::npos) end = s.size();
    p.authority = s.substr(i + 2, end - i - 2);
    p.has_authority = true;
    i = end;
  }
  size_t end = s.find_first_of("?#", i);
  if (end == std::string_view::npos) end = s.size();
  p.path = s.substr(i, end - i);
  i = end;
  if (i < s.size() && s[i] == '?') {
    end = s.find('#', i);
    if (end == std::string_view::npos) end = s.size();
    p.query = s.substr(i + 1, end - i - 1);
    p.has_query = true;
    i = end;
  }
  if (i < s.size() && s[i] == '#') {
    p.fragment = s.substr(i + 1);
    p.has_fragment = true;
  }
  return p;
}

}  // namespace

bool has_scheme(std::string_view iri) {
  if (iri.empty() || !is_alpha(iri[0])) return false;
  for (size_t i = 1; i < iri.size(); ++i) {
    char c = iri[i];
    if (c == ':') return true;
    if (!(is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) return false;
  }
  return false;
}

std::string remove_dot_segments(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      if (in.size() == 3) {
        in = "/";
      } else {
        in.remove_prefix(3);
      }
      size_t cut = out.rfind('/');
      out.resize(cut == std::string::npos ? 0 : cut);
    } else if (in == "." || in == "..") {
      break;
    } else {
      size_t next = in.find('/', in[0] == '/' ? 1 : 0);
      if (next == std::string_view::npos) next = in.size();
      out.append(in.substr(0, next));
      in.remove_prefix(next);
    }
  }
  return out;
}

void resolve_iri(std::string_view base, std::string_view ref, std::string& out) {
  out.clear();
  if (!has_scheme(base) || has_scheme(ref)) {  // a base without a scheme cannot resolve anything
    out.assign(ref);
    return;
  }
  Parts b = split(base), r = split(ref);
  std::string path;
  std::string_view authority = b.authority, query = r.query;
  bool has_authority = b.has_authority, has_query = r.has_query;
  if (r.has_authority) {
    authority = r.authority;
    has_authority = true;
    path = remove_dot_segments(r.path);
  } else if (r.path.empty()) {
    path.assign(b.path);
    if (!r.has_query) {
      query = b.query;
      has_query = b.has_query;
    }
  } else if (r.path[0] == '/') {
    path = remove_dot_segments(r.path);
  } else {
    std::string merged;
    if (b.has_authority && b.path.empty()) {
      merged = "/";
    } else {
      size_t slash = b.path.rfind('/');
      if (slash != std::string_view::npos) merged.assign(b.path.substr(0, slash + 1));
    }
    merged.append(r.path);
    path = remove_dot_segments(merged);
  }
  out.append(b.scheme);
  out += ':';
  if (has_authority) {
    out += "//";
    out.append(authority);
  }
  out += path;
  if (has_query) {
    out += '?';
    out.append(query);
  }
  if (r.has_fragment) {
    out += '#';
    out.append(r.fragment);
  }
}

std::string resolve_iri(std::string_view base, std::string_view ref) {
  std::string out;
  resolve_iri(base, ref, out);
  return out;
}

}  // namespace ggen::rdf
