#include "yaml/parser.h"

#include <fmt/format.h>

#include <unordered_set>

#include "ggen/error/error.h"
#include "ggen/yaml/parse.h"

namespace ggen::yaml::detail {
namespace {

constexpr int kMaxDepth = 400;

std::string normalize_newlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  return out;
}

}  // namespace

Parser::DepthGuard::DepthGuard(Parser& parser) : p(parser) {
  if (++p.depth_ > kMaxDepth) {
    p.fail(p.mark(), "nesting is too deep",
           fmt::format("YAML collections may nest at most {} levels", kMaxDepth));
  }
}

Parser::Parser(std::string_view text, std::string_view file_name, int line_offset)
    : src_(normalize_newlines(text)), file_(file_name), line_offset_(line_offset) {
  if (src_.starts_with("\xEF\xBB\xBF")) src_.erase(0, 3);
}

void Parser::advance() {
  if (pos_ >= src_.size()) return;
  if (src_[pos_] == '\n') {
    ++line_;
    line_start_ = pos_ + 1;
  }
  ++pos_;
}

void Parser::skip_space() {
  while (peek() == ' ' || peek() == '\t') ++pos_;
}

void Parser::skip_comment() {
  while (!at_eol()) ++pos_;
}

Mark Parser::mark_at(std::size_t p) const {
  int column = 1;
  for (std::size_t i = line_start_; i < p && i < src_.size(); ++i) {
    // Columns count characters: skip UTF-8 continuation bytes.
    if ((static_cast<unsigned char>(src_[i]) & 0xC0) != 0x80) ++column;
  }
  return Mark{line_ + 1 + line_offset_, column};
}

void Parser::fail(Mark at, std::string message, std::string hint) const {
  raise(Error(std::string(kYamlSyntax), std::move(message))
            .at(Location{file_, at.line, at.column})
            .with_hint(std::move(hint)));
}

// Moves from the end of a line (or a line start) to the first character of the next line that
// has content, skipping blank and comment-only lines. Sets indent_, eof_ and doc_marker_.
void Parser::next_line() {
  for (;;) {
    if (peek() == '\n') advance();
    if (pos_ >= size()) {
      eof_ = true;
      doc_marker_ = false;
      indent_ = -1;
      return;
    }
    std::size_t p = pos_;
    while (p < size() && src_[p] == ' ') ++p;
    std::size_t q = p;
    while (q < size() && (src_[q] == ' ' || src_[q] == '\t')) ++q;
    if (q >= size() || src_[q] == '\n') {
      pos_ = q;
      continue;
    }
    if (src_[q] == '#') {
      pos_ = q;
      skip_comment();
      continue;
    }
    pos_ = p;
    if (q != p) fail(mark(), "tab character in indentation", "indent with spaces, not tabs");
    indent_ = static_cast<int>(p - line_start_);
    eof_ = false;
    doc_marker_ = indent_ == 0 &&
                  (src_.compare(p, 3, "---") == 0 || src_.compare(p, 3, "...") == 0) &&
                  blank_or_eol(p + 3);
    return;
  }
}

// After a value that must end its line: allows trailing blanks and a comment, then moves on.
void Parser::finish_line() {
  skip_space();
  if (peek() == '#') skip_comment();
  if (!at_eol()) {
    fail(mark(), "unexpected text after the value",
         "a value ends at the end of its line (or at ` #`); quote it if it contains more text");
  }
  next_line();
}

// Whether the current line starts an implicit mapping entry `key: ...` (properties allowed).
bool Parser::looks_like_key() const {
  std::size_t p = pos_;
  const std::size_t n = size();
  while (p < n && (src_[p] == '&' || src_[p] == '!')) {
    while (!blank_or_eol(p)) ++p;
    while (p < n && (src_[p] == ' ' || src_[p] == '\t')) ++p;
  }
  if (p >= n) return false;
  const char c = src_[p];
  if (c == '"' || c == '\'') {
    for (++p; p < n && src_[p] != '\n'; ++p) {
      if (c == '"' && src_[p] == '\\') {
        ++p;
        continue;
      }
      if (src_[p] == c) {
        if (c == '\'' && p + 1 < n && src_[p + 1] == '\'') {
          ++p;
          continue;
        }
        break;
      }
    }
    if (p >= n || src_[p] != c) return false;
    for (++p; p < n && (src_[p] == ' ' || src_[p] == '\t');) ++p;
    return p < n && src_[p] == ':' && blank_or_eol(p + 1);
  }
  if (c == '?' && blank_or_eol(p + 1)) return true;  // explicit key, rejected by parse_block_key
  if ((c == '-' || c == ':') && blank_or_eol(p + 1)) return false;
  if (std::string_view("[]{},#|>*@`%\n").find(c) != std::string_view::npos) return false;
  for (; p < n && src_[p] != '\n'; ++p) {
    if (src_[p] == ':' && blank_or_eol(p + 1)) return true;
    if (src_[p] == '#' && (src_[p - 1] == ' ' || src_[p - 1] == '\t')) return false;
  }
  return false;
}

Node Parser::parse_document() {
  next_line();
  while (!eof_ && indent_ == 0 && peek() == '%') {  // %YAML / %TAG directives: ignored
    skip_comment();
    next_line();
  }
  Node root = Node::null(Mark{1 + line_offset_, 1});
  if (!eof_ && doc_marker_ && peek() == '-') {
    Mark after = mark_at(pos_ + 3);
    pos_ += 3;
    root = parse_value_after(-1, true, false, after);
  } else if (!eof_ && !doc_marker_) {
    root = parse_node(-1, true, true);
  }
  if (!eof_ && doc_marker_ && peek() == '.') {
    pos_ += 3;
    finish_line();
  }
  if (eof_) return root;
  if (doc_marker_ && peek() == '-') {
    Mark second = mark();
    pos_ += 3;
    finish_line();
    if (eof_) return root;  // a trailing `---` with nothing after it
    fail(second, "a second YAML document is not supported",
         "this text holds one document; remove the `---` line or split the file");
  }
  if (root.is_sequence()) {
    fail(mark(), "expected a sequence entry", "the items of this sequence start with `- `");
  }
  fail(mark(), "unexpected content after the end of the document",
       "check the indentation of this line: it does not continue the value above it");
}

// The value after `key:`, `- ` or `---`: on the same line, or on the following lines when
// indented more than the parent (a sequence may also sit at the parent's indentation).
Node Parser::parse_value_after(int parent_indent, bool seq_at_parent, bool inline_block,
                               Mark empty) {
  skip_space();
  if (at_eol() || peek() == '#') {
    skip_comment();
    next_line();
    if (!eof_ && !doc_marker_ &&
        (indent_ > parent_indent ||
         (seq_at_parent && indent_ == parent_indent && at_seq_entry()))) {
      return parse_node(parent_indent, true, seq_at_parent);
    }
    return Node::null(empty);
  }
  return parse_node(parent_indent, inline_block, seq_at_parent);
}

Node Parser::parse_node(int parent_indent, bool block_ok, bool seq_at_parent) {
  DepthGuard guard(*this);
  const int column = static_cast<int>(pos_ - line_start_);
  if (at_seq_entry()) {
    if (!block_ok) {
      fail(mark(), "a block sequence is not allowed here",
           "start the sequence on the line after its key, indented: `key:` then `  - item`");
    }
    return parse_block_sequence(column);
  }
  if (looks_like_key()) {
    if (!block_ok) {
      fail(mark(), "a mapping value is not allowed here",
           "a nested mapping starts on the line after its key, indented; quote the value if it "
           "contains `: `");
    }
    return parse_block_mapping(column);
  }
  Props props = parse_props();
  Node node;
  if (props.any() && (at_eol() || peek() == '#')) {
    Mark after = mark();
    skip_comment();
    next_line();
    if (!eof_ && !doc_marker_ &&
        (indent_ > parent_indent ||
         (seq_at_parent && indent_ == parent_indent && at_seq_entry()))) {
      node = parse_node(parent_indent, true, seq_at_parent);
    } else {
      node = Node::null(after);
    }
  } else {
    node = parse_content(parent_indent);
  }
  apply_props(node, props);
  return node;
}

// A scalar, flow collection or alias in block context; ends at the next content line.
Node Parser::parse_content(int parent_indent) {
  const char c = peek();
  Node node;
  switch (c) {
    case '|':
    case '>':
      return parse_block_scalar(parent_indent);
    case '"':
    case '\'':
      node = parse_quoted();
      break;
    case '[':
    case '{':
      if (c == '{' && peek(1) == '{') fail_template_braces();
      node = c == '[' ? parse_flow_sequence() : parse_flow_mapping();
      break;
    case '*':
      node = parse_alias();
      break;
    case '@':
    case '`':
      fail(mark(), fmt::format("`{}` cannot start a plain value", c),
           "`@` and ``` ` ``` are reserved in YAML; quote the value");
    case '?':
      if (blank_or_eol(pos_ + 1)) {
        fail(mark(), "explicit keys (`? `) are not supported", "write the entry as `key: value`");
      }
      return parse_plain_block(parent_indent);
    case '-':
      if (blank_or_eol(pos_ + 1)) {
        fail(mark(), "a block sequence is not allowed here",
             "start the sequence on its own line, indented under its key");
      }
      return parse_plain_block(parent_indent);
    case ']':
    case '}':
    case ',':
    case '%':
      fail(mark(), fmt::format("unexpected `{}`", c),
           fmt::format("a plain value cannot start with `{}`; quote it", c));
    default:
      return parse_plain_block(parent_indent);
  }
  finish_line();
  return node;
}

Node Parser::parse_block_sequence(int column) {
  Node seq = Node::sequence(mark());
  for (;;) {
    Mark after_dash = mark_at(pos_ + 1);
    advance();  // '-'
    seq.push_back(parse_value_after(column, false, true, after_dash));
    if (eof_ || doc_marker_ || indent_ < column) break;
    if (indent_ == column) {
      if (at_seq_entry()) continue;
      break;  // e.g. the next key of a mapping this sequence is the value of
    }
    fail(mark(), "bad indentation of a sequence entry",
         fmt::format("this line is indented {} spaces, more than the `- ` entries above it ({})",
                     indent_, column));
  }
  return seq;
}

Node Parser::parse_block_mapping(int column) {
  Node map = Node::mapping(mark());
  std::vector<RawEntry> raw;
  for (;;) {
    if (!looks_like_key()) {
      if (at_seq_entry()) {
        fail(mark(), "expected a mapping key, found a sequence entry",
             "a sequence that is a key's value must be indented under that key");
      }
      fail(mark(), "expected a mapping key", "a mapping key must be followed by ': '");
    }
    Node key = parse_block_key();
    Mark after_colon = mark_at(pos_ + 1);
    advance();  // ':'
    Node value = parse_value_after(column, true, false, after_colon);
    add_entry(raw, std::move(key), std::move(value));
    if (eof_ || doc_marker_ || indent_ < column) break;
    if (indent_ > column) {
      fail(mark(), "bad indentation of a mapping key",
           fmt::format("this line is indented {} spaces, but the keys of this mapping are indented "
                       "{}; align it with them",
                       indent_, column));
    }
  }
  return finish_mapping(std::move(map), raw);
}

Node Parser::parse_block_key() {
  Props props = parse_props();
  Node key;
  const char c = peek();
  if (c == '?') {
    fail(mark(), "explicit keys (`? `) are not supported", "write the entry as `key: value`");
  }
  if (c == '"' || c == '\'') {
    key = parse_quoted();
  } else {
    Mark m = mark();
    key = resolve_plain(std::string(scan_plain_line(false)), m);
  }
  skip_space();
  apply_props(key, props);
  return key;
}

void Parser::add_entry(std::vector<RawEntry>& raw, Node key, Node value) {
  if (!key.is_scalar()) {
    fail(key.mark(), "only scalar mapping keys are supported",
         "use a string, number or boolean as the key");
  }
  for (const RawEntry& e : raw) {
    if (e.key.text() == key.text()) {
      fail(key.mark(), fmt::format("duplicate key `{}`", key.text()),
           fmt::format("duplicate key `{}` (first at {}:{})", key.text(), e.key.line(),
                       e.key.column()));
    }
  }
  const bool merge = !key.quoted() && key.text() == "<<";
  if (merge) {
    bool ok = value.is_mapping();
    if (value.is_sequence()) {
      ok = true;
      for (const Node& item : value.items()) ok = ok && item.is_mapping();
    }
    if (!ok) {
      fail(value.mark(), "the value of a merge key `<<` must be a mapping or a list of mappings",
           "write `<<: *anchor` or `<<: [*first, *second]`");
    }
  }
  raw.push_back(RawEntry{std::move(key), std::move(value), merge});
}

// Resolves merge keys: explicit keys win wherever they are; among merged mappings the first one
// that has a key wins. Merged keys take the place of the `<<` entry.
Node Parser::finish_mapping(Node map, std::vector<RawEntry>& raw) {
  std::unordered_set<std::string> taken;
  for (const RawEntry& e : raw) {
    if (!e.merge) taken.insert(e.key.text());
  }
  for (RawEntry& e : raw) {
    if (!e.merge) {
      map.add(std::move(e.key), std::move(e.value));
      continue;
    }
    std::vector<const Node*> sources;
    if (e.value.is_mapping()) {
      sources.push_back(&e.value);
    } else {
      for (const Node& item : e.value.items()) sources.push_back(&item);
    }
    for (const Node* src : sources) {
      for (const Node::Entry& s : src->entries()) {
        if (taken.insert(s.key.text()).second) map.add(s.key, s.value);
      }
    }
  }
  return map;
}

}  // namespace ggen::yaml::detail
