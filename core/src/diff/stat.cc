// `git diff --stat` layout: names padded to one column, change counts, and a +/- bar scaled to
// fit the width.
#include "ggen/diff/stat.h"

#include <fmt/format.h>

#include <algorithm>

namespace ggen::diff {
namespace {

std::string display_name(const FileDiff& d) {
  if (d.old_exists && d.new_exists && d.old_path != d.new_path) {
    return d.old_path + " => " + d.new_path;
  }
  return d.new_exists ? d.new_path : d.old_path;
}

int decimal_width(int n) {
  int w = 1;
  for (; n >= 10; n /= 10) ++w;
  return w;
}

// At least one column for any change: scale as if one column shorter, then add one.
int scale(int n, int width, int max_change) {
  return n == 0 ? 0 : 1 + (n * (width - 1) / max_change);
}

// Characters (not bytes) of a UTF-8 name.
int text_width(std::string_view s) {
  int w = 0;
  for (char c : s) w += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return w;
}

}  // namespace

std::string stat_summary(std::span<const FileDiff> files) {
  int count = 0, ins = 0, del = 0;
  for (const FileDiff& d : files) {
    if (!d.changed()) continue;
    ++count;
    ins += d.insertions;
    del += d.deletions;
  }
  std::string out = fmt::format("{} file{} changed", count, count == 1 ? "" : "s");
  if (count == 0) return out;
  if (ins > 0 || del == 0) out += fmt::format(", {} insertion{}(+)", ins, ins == 1 ? "" : "s");
  if (del > 0 || ins == 0) out += fmt::format(", {} deletion{}(-)", del, del == 1 ? "" : "s");
  return out;
}

std::string format_stat(std::span<const FileDiff> files, int width) {
  int max_name = 0, max_change = 0, number_width = 0;
  bool any = false;
  for (const FileDiff& d : files) {
    if (!d.changed()) continue;
    any = true;
    max_name = std::max(max_name, text_width(display_name(d)));
    max_change = std::max(max_change, d.insertions + d.deletions);
    if (d.binary) number_width = 3;  // "Bin"
  }
  if (!any) return {};
  number_width = std::max(number_width, decimal_width(max_change));
  width = std::max(width, 16 + 6 + number_width);

  // Each line is " name | N bar": 6 columns of separators around the number.
  int graph_width = max_change;
  int name_width = max_name;
  if (name_width + number_width + 6 + graph_width > width) {
    graph_width = std::min(graph_width, std::max(6, width * 3 / 8 - number_width - 6));
    if (name_width > width - number_width - 6 - graph_width) {
      name_width = width - number_width - 6 - graph_width;
    } else {
      graph_width = width - number_width - 6 - name_width;
    }
  }

  std::string out;
  for (const FileDiff& d : files) {
    if (!d.changed()) continue;
    std::string name = display_name(d);
    std::string prefix;
    int len = name_width;
    if (text_width(name) > name_width) {
      // Keep the tail of a long path, from a directory boundary when there is one.
      prefix = "...";
      len -= 3;
      std::size_t cut = name.size();
      for (int w = 0; cut > 0 && w < len; --cut) {
        if ((static_cast<unsigned char>(name[cut - 1]) & 0xC0) != 0x80) ++w;
      }
      name = name.substr(cut);
      std::size_t slash = name.find('/');
      if (slash != std::string::npos) name = name.substr(slash);
    }
    const int padding = std::max(0, len - text_width(name));
    out += fmt::format(" {}{}{} | ", prefix, name, std::string(padding, ' '));
    if (d.binary) {
      out += fmt::format("{:>{}}\n", "Bin", number_width);
      continue;
    }
    const int changes = d.insertions + d.deletions;
    int add = d.insertions, del = d.deletions;
    if (graph_width <= max_change && max_change > 0) {
      int total = scale(changes, graph_width, max_change);
      if (total < 2 && add > 0 && del > 0) total = 2;
      if (add < del) {
        add = scale(add, graph_width, max_change);
        del = total - add;
      } else {
        del = scale(del, graph_width, max_change);
        add = total - del;
      }
    }
    out += fmt::format("{:>{}}", changes, number_width);
    if (changes > 0) out += ' ';
    out += std::string(add, '+') + std::string(del, '-') + '\n';
  }
  out += ' ' + stat_summary(files) + '\n';
  return out;
}

}  // namespace ggen::diff
