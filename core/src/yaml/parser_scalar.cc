// Plain, quoted and block scalars.
#include <fmt/format.h>
#include "ggen/text/utf8.h"

#include "yaml/parser.h"

namespace ggen::yaml::detail {
namespace {

bool is_flow_indicator(char c) {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_normal_folded_line(const std::string& line) {
  return !line.empty() && line[0] != ' ' && line[0] != '\t';
}

}  // namespace

// One line of a plain scalar, up to `: `, ` #`, the end of the line (or a flow indicator).
// Trailing blanks are left unconsumed.
std::string_view Parser::scan_plain_line(bool flow) {
  const std::size_t start = pos_;
  std::size_t end = pos_;
  while (!at_eol()) {
    const char c = peek();
    if (c == ':' && (blank_or_eol(pos_ + 1) || (flow && is_flow_indicator(peek(1))))) break;
    if (c == '#' && pos_ > start && (src_[pos_ - 1] == ' ' || src_[pos_ - 1] == '\t')) break;
    if (flow && is_flow_indicator(c)) break;
    ++pos_;
    if (c != ' ' && c != '\t') end = pos_;
  }
  std::string_view text(src_.data() + start, end - start);
  return text;
}

// A plain scalar in block context, folding continuation lines indented more than the parent.
Node Parser::parse_plain_block(int parent_indent) {
  const Mark start = mark();
  std::string text(scan_plain_line(false));
  for (;;) {
    skip_space();
    if (peek() == ':') {
      fail(mark(), "a mapping value is not allowed here", "quote the value if it contains `: `");
    }
    if (peek() == '#') {
      skip_comment();  // a comment ends a plain scalar
      break;
    }
    if (pos_ >= size()) break;
    // Look for a continuation line, counting the empty lines in between.
    advance();  // '\n'
    int breaks = 0;
    bool more = false;
    for (;;) {
      std::size_t p = pos_;
      while (p < size() && src_[p] == ' ') ++p;
      std::size_t q = p;
      while (q < size() && (src_[q] == ' ' || src_[q] == '\t')) ++q;
      if (q < size() && src_[q] == '\n') {
        ++breaks;
        pos_ = q;
        advance();
        continue;
      }
      if (q >= size()) break;
      const int spaces = static_cast<int>(p - line_start_);
      const bool marker = spaces == 0 &&
                          (src_.compare(p, 3, "---") == 0 || src_.compare(p, 3, "...") == 0) &&
                          blank_or_eol(p + 3);
      if (spaces <= parent_indent || src_[q] == '#' || marker) break;
      pos_ = q;
      more = true;
      break;
    }
    if (!more) break;  // the cursor is at the start of the line that ends the scalar
    const Mark line_mark = mark();
    std::string_view next = scan_plain_line(false);
    if (peek() == ':' && parent_indent < 0) {
      fail(start, "expected a mapping key", "a mapping key must be followed by ': '");
    }
    if (peek() == ':') {
      fail(line_mark, "bad indentation of a mapping key",
           "this line is indented more than the key above it, so it reads as part of that key's "
           "value; align it with the other keys");
    }
    text += breaks == 0 ? std::string(" ") : std::string(breaks, '\n');
    text += next;
  }
  next_line();
  return resolve_plain(text, start);
}

// A plain scalar inside [ ] or { }: may span lines; ends at an indicator.
Node Parser::parse_plain_flow() {
  const Mark start = mark();
  std::string text(scan_plain_line(true));
  if (text.empty()) fail(start, fmt::format("unexpected `{}`", peek()), "quote the value");
  for (;;) {
    const std::size_t save_pos = pos_;
    const int save_line = line_;
    const std::size_t save_start = line_start_;
    int breaks = -1;
    for (;;) {
      skip_space();
      if (peek() != '\n') break;
      advance();
      ++breaks;
    }
    const char c = peek();
    if (breaks < 0 || pos_ >= size() || c == ':' || c == '#' || is_flow_indicator(c)) {
      pos_ = save_pos;
      line_ = save_line;
      line_start_ = save_start;
      break;
    }
    text += breaks == 0 ? std::string(" ") : std::string(breaks, '\n');
    text += scan_plain_line(true);
  }
  return resolve_plain(text, start);
}

Node Parser::parse_quoted() {
  const Mark start = mark();
  const char quote = peek();
  advance();
  std::string out;
  std::size_t keep = 0;  // out[0, keep) is never trimmed (escaped or folded characters)
  for (;;) {
    if (pos_ >= size()) {
      fail(start, quote == '"' ? "unclosed double-quoted string" : "unclosed single-quoted string",
           fmt::format("unclosed quote started at {}:{}", start.line, start.column));
    }
    const char c = peek();
    if (c == quote) {
      if (quote == '\'' && peek(1) == '\'') {
        out += '\'';
        pos_ += 2;
        keep = out.size();
        continue;
      }
      advance();
      break;
    }
    if (quote == '"' && c == '\\') {
      parse_escape(out);
      keep = out.size();
      continue;
    }
    if (c == '\n') {
      // Line folding: trailing and leading blanks go, one break is a space, n empty lines are
      // n newlines.
      while (out.size() > keep && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
      advance();
      int breaks = 0;
      for (;;) {
        skip_space();
        if (peek() != '\n') break;
        advance();
        ++breaks;
      }
      out += breaks == 0 ? std::string(" ") : std::string(breaks, '\n');
      keep = out.size();
      continue;
    }
    out += c;
    ++pos_;
  }
  return Node::string(std::move(out), start, true);
}

void Parser::parse_escape(std::string& out) {
  const Mark at = mark();
  ++pos_;                      // '\'
  if (pos_ >= size()) return;  // the caller reports the unclosed string
  const char e = peek();
  auto bad = [&] {
    fail(at, fmt::format("invalid escape `\\{}` in a double-quoted string", e),
         "write `\\\\` for a backslash, or use single quotes");
  };
  int digits = 0;
  switch (e) {
    case '0':
      out += '\0';
      break;
    case 'a':
      out += '\a';
      break;
    case 'b':
      out += '\b';
      break;
    case 't':
    case '\t':
      out += '\t';
      break;
    case 'n':
      out += '\n';
      break;
    case 'v':
      out += '\v';
      break;
    case 'f':
      out += '\f';
      break;
    case 'r':
      out += '\r';
      break;
    case 'e':
      out += '\x1b';
      break;
    case ' ':
      out += ' ';
      break;
    case '"':
      out += '"';
      break;
    case '/':
      out += '/';
      break;
    case '\\':
      out += '\\';
      break;
    case 'N':
      text::append_utf8(out, 0x85);
      break;
    case '_':
      text::append_utf8(out, 0xA0);
      break;
    case 'L':
      text::append_utf8(out, 0x2028);
      break;
    case 'P':
      text::append_utf8(out, 0x2029);
      break;
    case 'x':
      digits = 2;
      break;
    case 'u':
      digits = 4;
      break;
    case 'U':
      digits = 8;
      break;
    case '\n':
      // An escaped line break joins the lines without a space.
      advance();
      skip_space();
      return;
    default:
      bad();
  }
  ++pos_;
  if (digits == 0) return;
  auto read_hex = [&](int n) {
    std::uint32_t cp = 0;
    for (int i = 0; i < n; ++i) {
      const int v = hex_value(peek());
      if (v < 0) bad();
      cp = cp * 16 + static_cast<std::uint32_t>(v);
      ++pos_;
    }
    return cp;
  };
  std::uint32_t cp = read_hex(digits);
  if (cp >= 0xD800 && cp <= 0xDBFF && peek() == '\\' && peek(1) == 'u') {
    pos_ += 2;
    const std::uint32_t low = read_hex(4);
    if (low < 0xDC00 || low > 0xDFFF) bad();
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    fail(at, "invalid Unicode escape",
         "escapes must name a Unicode scalar value (not a surrogate)");
  }
  text::append_utf8(out, cp);
}

// `|` (literal) and `>` (folded) with chomping (`-` strip, `+` keep, default clip) and an
// optional indentation digit.
Node Parser::parse_block_scalar(int parent_indent) {
  const Mark start = mark();
  const bool folded = peek() == '>';
  ++pos_;
  char chomp = 0;
  int explicit_indent = 0;
  for (int i = 0; i < 2; ++i) {
    const char c = peek();
    if ((c == '-' || c == '+') && chomp == 0) {
      chomp = c;
    } else if (c >= '1' && c <= '9' && explicit_indent == 0) {
      explicit_indent = c - '0';
    } else {
      break;
    }
    ++pos_;
  }
  const std::size_t before_blank = pos_;
  skip_space();
  if (peek() == '#' && pos_ > before_blank) skip_comment();
  if (!at_eol()) {
    fail(mark(), "invalid block scalar header",
         "after `|` or `>` only `-` or `+`, an indentation digit 1-9 and a comment may follow");
  }
  advance();  // '\n'

  int indent = 0;
  if (explicit_indent > 0) {
    indent = (parent_indent < 0 ? 0 : parent_indent) + explicit_indent;
  } else {
    indent = parent_indent + 1;
    for (std::size_t p = pos_; p < size();) {
      std::size_t q = p;
      while (q < size() && src_[q] == ' ') ++q;
      if (q < size() && src_[q] == '\n') {
        p = q + 1;
        continue;
      }
      if (q < size()) indent = std::max(indent, static_cast<int>(q - p));
      break;
    }
  }

  struct Line {
    std::string text;
    bool blank;
    bool has_break;
  };
  std::vector<Line> lines;
  while (pos_ < size()) {
    std::size_t q = pos_;
    while (q < size() && src_[q] == ' ') ++q;
    const int spaces = static_cast<int>(q - pos_);
    std::size_t eol = src_.find('\n', pos_);
    if (eol == std::string::npos) eol = size();
    const bool only_space = src_.find_first_not_of(" \t", pos_) >= eol;
    if (only_space && spaces <= indent) {
      lines.push_back(Line{"", true, eol < size()});
    } else if (spaces < indent) {
      break;
    } else {
      if (spaces == 0 && (src_.compare(q, 3, "---") == 0 || src_.compare(q, 3, "...") == 0) &&
          blank_or_eol(q + 3)) {
        break;
      }
      lines.push_back(Line{src_.substr(pos_ + indent, eol - pos_ - indent), false, eol < size()});
    }
    pos_ = eol;
    if (pos_ < size()) advance();
  }
  // Blank lines that precede a less-indented line belong to what follows only for layout:
  // keep them here (they matter for `+`), but the cursor stays at the next line's start.

  int last = -1;
  for (int i = 0; i < static_cast<int>(lines.size()); ++i) {
    if (!lines[i].blank) last = i;
  }
  std::string out;
  int pending = 0;
  const Line* prev = nullptr;
  for (int i = 0; i <= last; ++i) {
    const Line& l = lines[i];
    if (l.blank) {
      ++pending;
      continue;
    }
    if (prev == nullptr) {
      out.append(pending, '\n');
    } else if (!folded) {
      out.append(pending + 1, '\n');
    } else if (is_normal_folded_line(prev->text) && is_normal_folded_line(l.text)) {
      out += pending == 0 ? std::string(" ") : std::string(pending, '\n');
    } else {
      out.append(pending + 1, '\n');
    }
    out += l.text;
    pending = 0;
    prev = &l;
  }
  if (chomp != '-' && prev != nullptr && prev->has_break) out += '\n';
  if (chomp == '+') {
    for (int i = last + 1; i < static_cast<int>(lines.size()); ++i) {
      if (lines[i].has_break) out += '\n';
    }
  }
  next_line();
  return Node::string(std::move(out), start, false);
}

}  // namespace ggen::yaml::detail
