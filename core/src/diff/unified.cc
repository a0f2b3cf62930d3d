// Hunks with context and their `diff -u` rendering.
#include <fmt/format.h>

#include <algorithm>

#include "ggen/diff/diff.h"

namespace ggen::diff {
namespace {

struct Op {
  char op;
  int old_index;  // -1 for '+'
  int new_index;  // -1 for '-'
};

// Merges the two change vectors into one script: within a change, deletions come first.
std::vector<Op> script(const LineChanges& c) {
  std::vector<Op> ops;
  const int n = static_cast<int>(c.deleted.size()), m = static_cast<int>(c.inserted.size());
  int i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && c.deleted[i]) {
      ops.push_back({'-', i++, -1});
    } else if (j < m && c.inserted[j]) {
      ops.push_back({'+', -1, j++});
    } else {
      ops.push_back({' ', i++, j++});
    }
  }
  return ops;
}

Line make_line(char op, std::string_view raw) {
  Line line;
  line.op = op;
  line.newline = !raw.empty() && raw.back() == '\n';
  line.text = std::string(line.newline ? raw.substr(0, raw.size() - 1) : raw);
  return line;
}

// `-l,s`: s is omitted when 1; an empty range names the line before it.
std::string range(int start, int count) {
  if (count == 1) return std::to_string(start);
  return fmt::format("{},{}", start, count);
}

}  // namespace

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    std::size_t end = eol == std::string_view::npos ? text.size() : eol + 1;
    lines.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return lines;
}

std::string Hunk::header() const {
  return fmt::format("@@ -{} +{} @@", range(old_start, old_count), range(new_start, new_count));
}

FileDiff diff_files(std::optional<std::string_view> old_text,
                    std::optional<std::string_view> new_text, std::string_view path,
                    const Options& options, std::string_view new_path) {
  FileDiff d;
  d.old_path = std::string(path);
  d.new_path = std::string(new_path.empty() ? path : new_path);
  d.old_exists = old_text.has_value();
  d.new_exists = new_text.has_value();
  const std::string_view a_text = old_text.value_or(std::string_view());
  const std::string_view b_text = new_text.value_or(std::string_view());
  if (a_text.find('\0') != std::string_view::npos || b_text.find('\0') != std::string_view::npos) {
    d.binary = a_text != b_text || d.old_exists != d.new_exists;
    return d;
  }
  const std::vector<std::string_view> a = split_lines(a_text);
  const std::vector<std::string_view> b = split_lines(b_text);
  // Clamped so 2 * context can't overflow; more context than lines changes nothing.
  const int context = std::clamp(options.context, 0, 1 << 28);
  const std::vector<Op> ops = script(diff_lines(a, b, context));

  const int total = static_cast<int>(ops.size());
  int next = 0;
  while (next < total) {
    // The next change, and the run of changes whose gaps are at most 2 * context lines.
    int first = next;
    while (first < total && ops[first].op == ' ') ++first;
    if (first == total) break;
    int last = first;
    for (int k = first + 1; k < total; ++k) {
      if (ops[k].op == ' ') continue;
      if (k - last - 1 > 2 * context) break;
      last = k;
    }
    const int begin = std::max(0, first - context);
    const int end = std::min(total, last + context + 1);

    Hunk h;
    int old_before = 0, new_before = 0;  // lines of each file before the hunk
    for (int k = 0; k < begin; ++k) {
      if (ops[k].op != '+') ++old_before;
      if (ops[k].op != '-') ++new_before;
    }
    for (int k = begin; k < end; ++k) {
      const Op& op = ops[k];
      if (op.op == '+') {
        h.lines.push_back(make_line('+', b[op.new_index]));
        ++h.new_count;
        ++d.insertions;
      } else if (op.op == '-') {
        h.lines.push_back(make_line('-', a[op.old_index]));
        ++h.old_count;
        ++d.deletions;
      } else {
        h.lines.push_back(make_line(' ', a[op.old_index]));
        ++h.old_count;
        ++h.new_count;
      }
    }
    h.old_start = h.old_count == 0 ? old_before : old_before + 1;
    h.new_start = h.new_count == 0 ? new_before : new_before + 1;
    d.hunks.push_back(std::move(h));
    next = end;
  }
  return d;
}

std::string format_unified(const FileDiff& d, const Options& options) {
  if (!d.changed()) return {};
  const std::string old_name = d.old_exists ? options.old_prefix + d.old_path : "/dev/null";
  const std::string new_name = d.new_exists ? options.new_prefix + d.new_path : "/dev/null";
  if (d.binary) return fmt::format("Binary files {} and {} differ\n", old_name, new_name);
  std::string out = fmt::format("--- {}\n+++ {}\n", old_name, new_name);
  for (const Hunk& h : d.hunks) {
    out += h.header();
    out += '\n';
    for (const Line& line : h.lines) {
      out += line.op;
      out += line.text;
      out += '\n';
      if (!line.newline) out += "\\ No newline at end of file\n";
    }
  }
  return out;
}

std::string unified_diff(std::optional<std::string_view> old_text,
                         std::optional<std::string_view> new_text, std::string_view path,
                         const Options& options) {
  return format_unified(diff_files(old_text, new_text, path, options), options);
}

}  // namespace ggen::diff
