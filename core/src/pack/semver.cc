// Versions and ranges: ranges are desugared into plain comparators once, at parse time.
#include "ggen/pack/semver.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace ggen::pack {

namespace {

Error bad(std::string msg, std::string hint) {
  return Error(std::string(kBadVersion), std::move(msg)).with_hint(std::move(hint));
}

bool numeric(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<long> number(std::string_view s) {
  if (!numeric(s) || s.size() > 9 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  return std::stol(std::string(s));
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool ident_ok(std::string_view id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
  });
}

// A version with optional wildcards: -1 marks a missing or x/X/* component.
struct Partial {
  long part[3] = {-1, -1, -1};
  std::vector<std::string> pre;
  int given() const { return part[0] < 0 ? 0 : part[1] < 0 ? 1 : part[2] < 0 ? 2 : 3; }
  Version at_least() const {
    Version v{std::max(part[0], 0L), std::max(part[1], 0L), std::max(part[2], 0L), {}};
    if (given() == 3) v.pre = pre;
    return v;
  }
};

Result<Partial> parse_partial(std::string_view text, std::string_view whole) {
  auto fail = [&] {
    return bad("invalid version `" + std::string(text) + "` in range `" + std::string(whole) + "`",
               "ranges look like `^1.2.0`, `~1.2`, `>=1.0.0 <2.0.0`, `1.x` or `1.0.0 || 2.0.0`");
  };
  if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) text.remove_prefix(1);
  size_t build = text.find('+');
  if (build != std::string_view::npos) text = text.substr(0, build);
  std::string_view pre;
  size_t dash = text.find('-');
  if (dash != std::string_view::npos) {
    pre = text.substr(dash + 1);
    text = text.substr(0, dash);
  }
  auto parts = split(text, '.');
  if (parts.empty() || parts.size() > 3) return fail();
  Partial p;
  bool wild = false;
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string_view s = parts[i];
    if (s == "x" || s == "X" || s == "*") {
      wild = true;
      continue;
    }
    auto n = number(s);
    if (!n || wild) return fail();
    p.part[i] = *n;
  }
  if (!pre.empty()) {
    if (p.given() != 3) return fail();
    for (auto id : split(pre, '.')) {
      if (!ident_ok(id)) return fail();
      p.pre.emplace_back(id);
    }
  }
  return p;
}

using Op = Range::Comparator::Op;

Version bump(const Partial& p, int level) {  // the first version above the given prefix
  Version v{std::max(p.part[0], 0L), std::max(p.part[1], 0L), std::max(p.part[2], 0L), {}};
  if (level == 0)
    v = {v.major + 1, 0, 0, {}};
  else if (level == 1)
    v = {v.major, v.minor + 1, 0, {}};
  else
    v = {v.major, v.minor, v.patch + 1, {}};
  return v;
}

// One term of a range (already joined with its operator) into comparators.
Result<std::vector<Range::Comparator>> desugar(std::string_view term, std::string_view whole) {
  std::vector<Range::Comparator> out;
  std::string_view op;
  for (std::string_view o : {">=", "<=", ">", "<", "=", "^", "~"}) {
    if (term.starts_with(o)) {
      op = o;
      break;
    }
  }
  auto parsed = parse_partial(term.substr(op.size()), whole);
  if (!parsed.ok()) return parsed.error();
  const Partial& p = parsed.value();
  int n = p.given();
  if (op.empty() || op == "=") {
    if (n == 0) return out;  // `*`: any release
    if (n == 3) {
      out.push_back({Op::kEq, p.at_least()});
    } else {
      out.push_back({Op::kGe, p.at_least()});
      out.push_back({Op::kLt, bump(p, n - 1)});
    }
  } else if (op == "^") {
    out.push_back({Op::kGe, p.at_least()});
    if (n == 0) return std::vector<Range::Comparator>{};
    int level = p.part[0] > 0 || n == 1 ? 0 : (p.part[1] > 0 || n == 2) ? 1 : 2;
    out.push_back({Op::kLt, bump(p, level)});
  } else if (op == "~") {
    out.push_back({Op::kGe, p.at_least()});
    if (n == 0) return std::vector<Range::Comparator>{};
    out.push_back({Op::kLt, bump(p, n == 1 ? 0 : 1)});
  } else if (op == ">=") {
    out.push_back({Op::kGe, p.at_least()});
  } else if (op == "<") {
    if (n == 0)
      return bad("`<*` matches nothing in range `" + std::string(whole) + "`", "remove the term");
    out.push_back({Op::kLt, p.at_least()});
  } else if (op == ">") {
    if (n == 0)
      return bad("`>*` matches nothing in range `" + std::string(whole) + "`", "remove the term");
    if (n == 3)
      out.push_back({Op::kGt, p.at_least()});
    else
      out.push_back({Op::kGe, bump(p, n - 1)});
  } else {  // <=
    if (n == 0) return out;
    if (n == 3)
      out.push_back({Op::kLe, p.at_least()});
    else
      out.push_back({Op::kLt, bump(p, n - 1)});
  }
  return out;
}

int compare_ident(const std::string& a, const std::string& b) {
  bool na = numeric(a), nb = numeric(b);
  if (na && nb) {
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    return a.compare(b) < 0 ? -1 : a == b ? 0 : 1;
  }
  if (na != nb) return na ? -1 : 1;  // numeric identifiers sort first
  return a < b ? -1 : a == b ? 0 : 1;
}

bool test(const Range::Comparator& c, const Version& v) {
  auto cmp = v <=> c.v;
  switch (c.op) {
    case Op::kEq:
      return cmp == 0;
    case Op::kLt:
      return cmp < 0;
    case Op::kLe:
      return cmp <= 0;
    case Op::kGt:
      return cmp > 0;
    case Op::kGe:
      return cmp >= 0;
  }
  return false;
}

}  // namespace

std::string Version::to_string() const {
  std::string s = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  for (size_t i = 0; i < pre.size(); ++i) s += (i == 0 ? "-" : ".") + pre[i];
  return s;
}

bool Version::operator==(const Version& o) const {
  return (*this <=> o) == 0;
}

std::strong_ordering Version::operator<=>(const Version& o) const {
  if (auto c = std::tie(major, minor, patch) <=> std::tie(o.major, o.minor, o.patch); c != 0)
    return c;
  if (pre.empty() && o.pre.empty()) return std::strong_ordering::equal;
  if (pre.empty()) return std::strong_ordering::greater;  // a release sorts after its pre-releases
  if (o.pre.empty()) return std::strong_ordering::less;
  for (size_t i = 0; i < pre.size() && i < o.pre.size(); ++i) {
    int c = compare_ident(pre[i], o.pre[i]);
    if (c != 0) return c < 0 ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  return pre.size() <=> o.pre.size();
}

Result<Version> parse_version(std::string_view text) {
  std::string_view t = text;
  auto fail = [&] {
    return bad("invalid version `" + std::string(text) + "`",
               "versions are semver: MAJOR.MINOR.PATCH with an optional -pre.release, e.g. 1.4.0 "
               "or 2.0.0-rc.1");
  };
  size_t build = t.find('+');
  if (build != std::string_view::npos) t = t.substr(0, build);
  std::string_view pre;
  size_t dash = t.find('-');
  if (dash != std::string_view::npos) {
    pre = t.substr(dash + 1);
    t = t.substr(0, dash);
    if (pre.empty()) return fail();
  }
  auto parts = split(t, '.');
  if (parts.size() != 3) return fail();
  Version v;
  long* slots[3] = {&v.major, &v.minor, &v.patch};
  for (int i = 0; i < 3; ++i) {
    auto n = number(parts[i]);
    if (!n) return fail();
    *slots[i] = *n;
  }
  if (!pre.empty()) {
    for (auto id : split(pre, '.')) {
      if (!ident_ok(id) || (numeric(id) && id.size() > 1 && id[0] == '0')) return fail();
      v.pre.emplace_back(id);
    }
  }
  return v;
}

Result<Range> parse_range(std::string_view text) {
  Range r;
  size_t b = text.find_first_not_of(" \t"), e = text.find_last_not_of(" \t");
  r.text = b == std::string_view::npos ? "" : std::string(text.substr(b, e - b + 1));
  std::string all = r.text;
  size_t start = 0;
  for (;;) {
    size_t bar = all.find("||", start);
    std::string alt = all.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    // Tokens; an operator standing alone joins the version after it (`>= 1.2.0`).
    std::vector<std::string> terms;
    std::string pending;
    size_t i = 0;
    while (i < alt.size()) {
      while (i < alt.size() && (alt[i] == ' ' || alt[i] == '\t')) ++i;
      size_t j = i;
      while (j < alt.size() && alt[j] != ' ' && alt[j] != '\t') ++j;
      if (j > i) {
        std::string tok = alt.substr(i, j - i);
        if (tok.find_first_not_of("<>=^~") == std::string::npos)
          pending += tok;
        else {
          terms.push_back(pending + tok);
          pending.clear();
        }
      }
      i = j;
    }
    if (!pending.empty())
      return bad("range `" + all + "` ends with a bare `" + pending + "`", "write e.g. `>=1.2.0`");
    if (terms.empty() && (bar != std::string::npos || start > 0))
      return bad("empty alternative in range `" + all + "`", "remove the extra `||`");
    std::vector<Range::Comparator> set;
    for (const auto& t : terms) {
      auto cs = desugar(t, all);
      if (!cs.ok()) return cs.error();
      set.insert(set.end(), cs.value().begin(), cs.value().end());
    }
    r.alternatives.push_back(std::move(set));
    if (bar == std::string::npos) break;
    start = bar + 2;
  }
  return r;
}

bool Range::satisfied_by(const Version& v) const {
  for (const auto& set : alternatives) {
    if (!std::all_of(set.begin(), set.end(), [&](const Comparator& c) { return test(c, v); }))
      continue;
    if (v.pre.empty()) return true;
    // A pre-release only matches a comparator that opts into pre-releases of the same release.
    for (const auto& c : set) {
      if (!c.v.pre.empty() && c.v.major == v.major && c.v.minor == v.minor && c.v.patch == v.patch)
        return true;
    }
  }
  return false;
}

const Version* highest_satisfying(const std::vector<Version>& candidates, const Range& range) {
  const Version* best = nullptr;
  for (const auto& v : candidates) {
    if (range.satisfied_by(v) && (!best || v > *best)) best = &v;
  }
  return best;
}

}  // namespace ggen::pack
