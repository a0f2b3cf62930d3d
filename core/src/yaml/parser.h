#pragma once
// Internal: the recursive-descent YAML parser behind ggen::yaml::parse(). Errors are raised as
// ggen::Exception and turned into Result by parse().
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ggen/yaml/node.h"

namespace ggen::yaml::detail {

struct Props {
  std::string anchor;
  Mark anchor_mark;
  std::string tag;
  Mark tag_mark;
  bool any() const { return !anchor.empty() || !tag.empty(); }
};

// A mapping entry before merge keys are resolved.
struct RawEntry {
  Node key;
  Node value;
  bool merge = false;
};

class Parser {
 public:
  Parser(std::string_view text, std::string_view file_name, int line_offset);
  Node parse_document();

 private:
  // --- cursor (parser.cc)
  std::size_t size() const { return src_.size(); }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
  }
  bool eof_at(std::size_t p) const { return p >= src_.size(); }
  bool blank_or_eol(std::size_t p) const {
    return p >= src_.size() || src_[p] == ' ' || src_[p] == '\t' || src_[p] == '\n';
  }
  bool at_eol() const { return pos_ >= src_.size() || src_[pos_] == '\n'; }
  void advance();
  void skip_space();    // spaces and tabs on the current line
  void skip_comment();  // from '#' to the end of the line
  Mark mark() const { return mark_at(pos_); }
  Mark mark_at(std::size_t p) const;  // p must be on the current line
  [[noreturn]] void fail(Mark at, std::string message, std::string hint) const;

  // --- block structure (parser.cc)
  void next_line();
  void finish_line();
  bool at_seq_entry() const { return peek() == '-' && blank_or_eol(pos_ + 1); }
  bool looks_like_key() const;
  Node parse_value_after(int parent_indent, bool seq_at_parent, bool inline_block, Mark empty);
  Node parse_node(int parent_indent, bool block_ok, bool seq_at_parent);
  Node parse_content(int parent_indent);
  Node parse_block_sequence(int column);
  Node parse_block_mapping(int column);
  Node parse_block_key();
  void add_entry(std::vector<RawEntry>& raw, Node key, Node value);
  Node finish_mapping(Node map, std::vector<RawEntry>& raw);

  // --- scalars (parser_scalar.cc)
  std::string_view scan_plain_line(bool flow);
  Node parse_plain_block(int parent_indent);
  Node parse_plain_flow();
  Node parse_quoted();
  void parse_escape(std::string& out);
  Node parse_block_scalar(int parent_indent);

  // --- flow collections, properties, aliases (parser_flow.cc)
  void skip_flow_space();
  Node parse_flow_node();
  Node parse_flow_sequence();
  Node parse_flow_mapping();
  [[noreturn]] void fail_unclosed_flow(Mark open, char bracket) const;
  [[noreturn]] void fail_template_braces() const;
  Props parse_props();
  void apply_props(Node& node, const Props& props);
  Node parse_alias();

  // Depth guard against stack exhaustion on hostile input.
  struct DepthGuard {
    explicit DepthGuard(Parser& p);
    ~DepthGuard() { --p.depth_; }
    Parser& p;
  };

  std::string src_;
  std::string file_;
  int line_offset_;
  std::size_t pos_ = 0;
  int line_ = 0;  // 0-based line of pos_
  std::size_t line_start_ = 0;

  // State of the content line found by next_line().
  int indent_ = 0;
  bool eof_ = false;
  bool doc_marker_ = false;  // "---" or "..." at column 1

  std::unordered_map<std::string, Node> anchors_;
  std::size_t alias_nodes_ = 0;
  int depth_ = 0;
};

// Core-schema resolution of a plain scalar: null, bool, int, float or string.
Node resolve_plain(const std::string& text, Mark mark);
// Applies a `!!tag` to a node; returns false when the node can't have that tag.
bool apply_tag(Node& node, std::string_view tag, bool* known);

}  // namespace ggen::yaml::detail
