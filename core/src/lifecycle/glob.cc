#include "ggen/lifecycle/glob.h"

#include <set>

namespace ggen::lifecycle {

namespace fs = std::filesystem;

namespace {

std::vector<std::string_view> segments(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t slash = s.find('/', start);
    if (slash == std::string_view::npos) slash = s.size();
    std::string_view seg = s.substr(start, slash - start);
    if (!seg.empty() && seg != ".") out.push_back(seg);  // "a//b" and "./a/b" mean "a/b"
    start = slash + 1;
  }
  return out;
}

// One character class at p[i] == '['; advances i past it. False (and i unchanged) if unclosed.
bool class_match(std::string_view p, size_t& i, char c, bool& matched) {
  size_t j = i + 1;
  bool negate = j < p.size() && (p[j] == '!' || p[j] == '^');
  if (negate) ++j;
  bool hit = false;
  bool first = true;
  for (; j < p.size() && (p[j] != ']' || first); ++j, first = false) {
    if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
      if (c >= p[j] && c <= p[j + 2]) hit = true;
      j += 2;
    } else if (p[j] == c) {
      hit = true;
    }
  }
  if (j >= p.size()) return false;
  i = j + 1;
  matched = hit != negate;
  return true;
}

bool segment_match(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
      continue;
    }
    if (pi < p.size()) {
      if (p[pi] == '?') {
        ++pi;
        ++si;
        continue;
      }
      if (p[pi] == '[') {
        size_t at = pi;
        bool ok = false;
        if (class_match(p, at, s[si], ok)) {
          if (ok) {
            pi = at;
            ++si;
            continue;
          }
        } else if (s[si] == '[') {  // an unclosed '[' is a plain character
          ++pi;
          ++si;
          continue;
        }
      } else if (p[pi] == s[si]) {
        ++pi;
        ++si;
        continue;
      }
    }
    if (star == std::string_view::npos) return false;
    pi = star + 1;
    si = ++mark;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

bool match_from(const std::vector<std::string_view>& p, size_t pi,
                const std::vector<std::string_view>& s, size_t si) {
  if (pi == p.size()) return si == s.size();
  if (p[pi] == "**") {
    for (size_t k = si; k <= s.size(); ++k) {
      if (match_from(p, pi + 1, s, k)) return true;
    }
    return false;
  }
  if (si == s.size()) return false;
  return segment_match(p[pi], s[si]) && match_from(p, pi + 1, s, si + 1);
}

bool has_wildcard(std::string_view seg) {
  return seg.find_first_of("*?[") != std::string_view::npos;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  return match_from(segments(pattern), 0, segments(path), 0);
}

std::vector<std::string> expand_globs(const fs::path& root,
                                      const std::vector<std::string>& patterns) {
  std::set<std::string> found;
  std::error_code ec;
  for (const auto& pattern : patterns) {
    auto segs = segments(pattern);
    fs::path base;
    size_t literal = 0;
    while (literal < segs.size() && !has_wildcard(segs[literal]))
      base /= std::string(segs[literal++]);
    if (literal == segs.size()) {
      if (fs::is_regular_file(root / base, ec)) found.insert(base.generic_string());
      continue;
    }
    fs::path start = root / base;
    if (!fs::is_directory(start, ec)) continue;
    for (auto it = fs::recursive_directory_iterator(start, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const auto name = it->path().filename().string();
      if (it->is_directory(ec)) {
        if (name == ".git" || name == ".ggen") it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec)) continue;
      std::string rel = it->path().lexically_relative(root).generic_string();
      if (glob_match(pattern, rel)) found.insert(rel);
    }
  }
  return {found.begin(), found.end()};
}

}  // namespace ggen::lifecycle
