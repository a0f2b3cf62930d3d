#include "ggen/gen/inject.h"

#include <regex>
#include <vector>

namespace ggen::gen {

namespace {

struct Lines {
  std::vector<std::string_view> lines;  // without their line endings
  bool final_newline = false;
  std::string eol = "\n";
};

Lines split_lines(std::string_view text) {
  Lines out;
  size_t crlf = text.find("\r\n");
  size_t lf = text.find('\n');
  if (crlf != std::string_view::npos && crlf + 1 == lf) out.eol = "\r\n";
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      out.lines.push_back(text.substr(start));
      return out;
    }
    size_t end = nl > start && text[nl - 1] == '\r' ? nl - 1 : nl;
    out.lines.push_back(text.substr(start, end - start));
    start = nl + 1;
  }
  out.final_newline = !text.empty();
  return out;
}

std::string join(const std::vector<std::string_view>& lines, const std::string& eol, bool final_nl) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    out += lines[i];
    if (i + 1 < lines.size() || final_nl) out += eol;
  }
  return out;
}

Result<std::regex> compile(const std::string& pattern, const char* key, const Location& where) {
  try {
    return std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return Error(std::string(kBadRegex),
                 std::string("`") + key + "` is not a valid regular expression: " + e.what())
        .at(where)
        .with_hint("regexes use ECMAScript syntax; escape special characters such as ( [ . * with \\");
  }
}

}  // namespace

std::string apply_eof_last(std::string content, std::optional<bool> eof_last) {
  if (!eof_last) return content;
  if (*eof_last) {
    if (!content.empty() && content.back() != '\n') content += '\n';
  } else {
    while (!content.empty() && content.back() == '\n') {
      content.pop_back();
      if (!content.empty() && content.back() == '\r') content.pop_back();
    }
  }
  return content;
}

Result<InjectOutcome> inject(std::string_view target, std::string_view block, const InjectSpec& spec) {
  InjectOutcome out;
  if (!spec.skip_if.empty()) {
    auto re = compile(spec.skip_if, "skip_if", spec.where);
    if (!re.ok()) return std::move(re).take_error();
    if (std::regex_search(target.begin(), target.end(), re.value())) {
      out.content = std::string(target);
      out.reason = "skip_if matched the target";
      return out;
    }
  }
  Lines t = split_lines(target);
  Lines b = split_lines(block);
  if (spec.idempotent) {
    // Present = the block's lines appear consecutively in the target (line endings ignored).
    auto& tl = t.lines;
    auto& bl = b.lines;
    if (!bl.empty() && bl.size() <= tl.size()) {
      for (size_t i = 0; i + bl.size() <= tl.size(); ++i) {
        bool all = true;
        for (size_t k = 0; k < bl.size() && all; ++k) all = tl[i + k] == bl[k];
        if (all) {
          out.content = std::string(target);
          out.reason = "already injected (idempotent)";
          return out;
        }
      }
    }
  }
  size_t at = 0;  // insertion index into t.lines
  switch (spec.mode) {
    case InjectSpec::Mode::kPrepend:
      at = 0;
      break;
    case InjectSpec::Mode::kAppend:
      at = t.lines.size();
      break;
    case InjectSpec::Mode::kAtLine:
      if (spec.at_line < 1 || static_cast<size_t>(spec.at_line) > t.lines.size() + 1) {
        return Error(std::string(kInjectAnchor),
                     "at_line " + std::to_string(spec.at_line) + " is outside the target, which has " +
                         std::to_string(t.lines.size()) + " lines")
            .at(spec.where)
            .with_hint("use a line number from 1 to " + std::to_string(t.lines.size() + 1) +
                       " (the last one appends)");
      }
      at = static_cast<size_t>(spec.at_line - 1);
      break;
    case InjectSpec::Mode::kBefore:
    case InjectSpec::Mode::kAfter: {
      const char* key = spec.mode == InjectSpec::Mode::kBefore ? "before" : "after";
      auto re = compile(spec.anchor, key, spec.where);
      if (!re.ok()) return std::move(re).take_error();
      size_t found = t.lines.size();
      for (size_t i = 0; i < t.lines.size(); ++i) {
        if (std::regex_search(t.lines[i].begin(), t.lines[i].end(), re.value())) {
          found = i;
          break;
        }
      }
      if (found == t.lines.size()) {
        return Error(std::string(kInjectAnchor),
                     std::string("the `") + key + "` anchor /" + spec.anchor +
                         "/ matches no line of the target")
            .at(spec.where)
            .with_hint("check the anchor against the target file, or add `skip_if` to skip "
                       "targets that lack it");
      }
      at = spec.mode == InjectSpec::Mode::kBefore ? found : found + 1;
      break;
    }
  }
  std::vector<std::string_view> lines;
  lines.reserve(t.lines.size() + b.lines.size());
  lines.insert(lines.end(), t.lines.begin(), t.lines.begin() + static_cast<std::ptrdiff_t>(at));
  lines.insert(lines.end(), b.lines.begin(), b.lines.end());
  lines.insert(lines.end(), t.lines.begin() + static_cast<std::ptrdiff_t>(at), t.lines.end());
  // An empty target takes the block's own final-newline state.
  bool final_nl = t.lines.empty() ? b.final_newline : t.final_newline;
  if (spec.eof_last) final_nl = *spec.eof_last;
  out.content = join(lines, t.eol, final_nl && !lines.empty());
  out.changed = out.content != target;
  if (!out.changed) out.reason = "the injection leaves the target unchanged";
  return out;
}

}  // namespace ggen::gen
