#pragma once
// `git diff --stat`-style summary of a set of file diffs.
#include <span>
#include <string>

#include "ggen/diff/diff.h"

namespace ggen::diff {

// One " path | N +++--" line per changed file (in the given order) and the summary line
// " 2 files changed, 3 insertions(+), 1 deletion(-)". `width` bounds the line length like
// git's --stat=<width> (default 80). Unchanged files are skipped; "" when none changed.
std::string format_stat(std::span<const FileDiff> files, int width = 80);

// Just the summary line, without leading space or newline: "1 file changed, 2 insertions(+)".
std::string stat_summary(std::span<const FileDiff> files);

}  // namespace ggen::diff
