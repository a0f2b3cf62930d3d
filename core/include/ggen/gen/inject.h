#pragma once
// Injection into an existing file: prepend, append, before/after the first line matching an
// anchor regex, or at a line number; guarded by skip_if and idempotence. The target's line
// endings (LF or CRLF) and its final-newline state are preserved unless eof_last says otherwise.
#include <optional>
#include <string>
#include <string_view>

#include "ggen/error/result.h"

namespace ggen::gen {

inline constexpr std::string_view kInjectAnchor = "E_INJECT_ANCHOR";
inline constexpr std::string_view kBadRegex = "E_REGEX";

struct InjectSpec {
  enum class Mode { kPrepend, kAppend, kBefore, kAfter, kAtLine };
  Mode mode = Mode::kAppend;
  std::string anchor;             // regex (ECMAScript), for kBefore / kAfter
  int at_line = 0;                // 1-based: the block goes before this line; lines+1 appends
  std::string skip_if;            // regex searched in the target: a match skips the injection
  bool idempotent = false;        // skip when the block is already present
  std::optional<bool> eof_last;   // force (true) or drop (false) the final newline
  Location where;                 // the frontmatter, for errors
};

struct InjectOutcome {
  bool changed = false;
  std::string content;  // the whole new file (equal to the target when unchanged)
  std::string reason;   // why it was skipped, when unchanged
};

Result<InjectOutcome> inject(std::string_view target, std::string_view block, const InjectSpec& spec);

// Applies eof_last to a whole rendered file.
std::string apply_eof_last(std::string content, std::optional<bool> eof_last);

}  // namespace ggen::gen
