#pragma once
// Semantic versions (semver 2.0.0) and npm-style ranges: exact `1.2.3` / `=1.2.3`, comparators
// `> >= < <=`, caret `^1.2.3`, tilde `~1.2.3`, x-ranges `1.x`, `1.2.*`, `*`, space-separated
// intersections and `||` unions. A pre-release version satisfies a range only when a comparator
// of the same major.minor.patch names a pre-release too (npm's rule), so `^1.0.0` never picks
// `2.0.0-rc.1`.
#include <compare>
#include <string>
#include <string_view>
#include <vector>

#include "ggen/error/result.h"

namespace ggen::pack {

inline constexpr std::string_view kBadVersion = "E_VERSION";

struct Version {
  long major = 0, minor = 0, patch = 0;
  std::vector<std::string> pre;  // dot-separated pre-release identifiers; empty for a release
  std::string to_string() const;
  bool operator==(const Version& o) const;
  std::strong_ordering operator<=>(const Version& o) const;
};

Result<Version> parse_version(std::string_view text);

class Range {
 public:
  struct Comparator {
    enum class Op { kEq, kLt, kLe, kGt, kGe } op = Op::kGe;
    Version v;
  };
  // An intersection of comparators per alternative; the alternatives are OR-ed.
  std::vector<std::vector<Comparator>> alternatives;
  std::string text;  // as written (trimmed)

  bool satisfied_by(const Version& v) const;
};

Result<Range> parse_range(std::string_view text);

// The highest of `candidates` that satisfies `range`, or nullptr.
const Version* highest_satisfying(const std::vector<Version>& candidates, const Range& range);

}  // namespace ggen::pack
