// Flow collections ([...], {...}), node properties (&anchor, !!tag) and aliases.
#include <fmt/format.h>

#include "yaml/parser.h"

namespace ggen::yaml::detail {
namespace {

constexpr std::size_t kMaxAliasNodes = 200'000;

bool ends_name(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\0' || c == ',' || c == '[' || c == ']' ||
         c == '{' || c == '}';
}

std::size_t count_nodes(const Node& n) {
  std::size_t total = 1;
  if (n.is_sequence()) {
    for (const Node& item : n.items()) total += count_nodes(item);
  } else if (n.is_mapping()) {
    for (const Node::Entry& e : n.entries()) total += 1 + count_nodes(e.value);
  }
  return total;
}

}  // namespace

// Blanks, line breaks and comments between flow tokens.
void Parser::skip_flow_space() {
  for (;;) {
    const char c = peek();
    if (c == ' ' || c == '\t' || c == '\n') {
      advance();
    } else if (c == '#' &&
               (pos_ == line_start_ || src_[pos_ - 1] == ' ' || src_[pos_ - 1] == '\t')) {
      skip_comment();
    } else {
      return;
    }
  }
}

void Parser::fail_unclosed_flow(Mark open, char bracket) const {
  fail(open, bracket == '[' ? "unclosed flow sequence" : "unclosed flow mapping",
       fmt::format("the `{}` at {}:{} has no matching `{}`", bracket, open.line, open.column,
                   bracket == '[' ? ']' : '}'));
}

Node Parser::parse_flow_node() {
  DepthGuard guard(*this);
  skip_flow_space();
  Props props = parse_props();
  skip_flow_space();
  Node node;
  const char c = peek();
  if (pos_ >= size() || c == ',' || c == ']' || c == '}') {
    if (!props.any() || pos_ >= size()) {
      fail(mark(), pos_ >= size() ? "unexpected end of input" : fmt::format("unexpected `{}`", c),
           "a flow collection holds values separated by `,`");
    }
    node = Node::null(props.anchor.empty() ? props.tag_mark : props.anchor_mark);
  } else if (c == '{' && peek(1) == '{') {
    fail_template_braces();
  } else if (c == '#') {
    fail(mark(), "unexpected `#`",
         "a comment needs a blank before `#`; quote a value that starts with `#`");
  } else if (c == '[') {
    node = parse_flow_sequence();
  } else if (c == '{') {
    node = parse_flow_mapping();
  } else if (c == '"' || c == '\'') {
    node = parse_quoted();
  } else if (c == '*') {
    node = parse_alias();
  } else if (c == '|' || c == '>') {
    fail(mark(), "block scalars are not allowed inside flow collections",
         "use a quoted string with `\\n` escapes instead");
  } else if (c == '-' && blank_or_eol(pos_ + 1)) {
    fail(mark(), "block sequence entries are not allowed inside flow collections",
         "separate the items of `[...]` with commas");
  } else if (c == '@' || c == '`') {
    fail(mark(), fmt::format("`{}` cannot start a plain value", c),
         "`@` and ``` ` ``` are reserved in YAML; quote the value");
  } else if (c == '?' && blank_or_eol(pos_ + 1)) {
    fail(mark(), "explicit keys (`? `) are not supported", "write the entry as `key: value`");
  } else {
    node = parse_plain_flow();
  }
  apply_props(node, props);
  return node;
}

Node Parser::parse_flow_sequence() {
  const Mark open = mark();
  advance();  // '['
  Node seq = Node::sequence(open);
  for (;;) {
    skip_flow_space();
    if (pos_ >= size()) fail_unclosed_flow(open, '[');
    if (peek() == ']') break;
    Node item = parse_flow_node();
    skip_flow_space();
    if (peek() == ':') {  // `[key: value]` is a single-pair mapping
      const Mark after = mark_at(pos_ + 1);
      advance();
      skip_flow_space();
      Node value = (peek() == ',' || peek() == ']') ? Node::null(after) : parse_flow_node();
      std::vector<RawEntry> raw;
      Node pair = Node::mapping(item.mark());
      add_entry(raw, std::move(item), std::move(value));
      item = finish_mapping(std::move(pair), raw);
      skip_flow_space();
    }
    seq.push_back(std::move(item));
    if (peek() == ',') {
      advance();
      continue;
    }
    if (peek() == ']') break;
    if (pos_ >= size()) fail_unclosed_flow(open, '[');
    fail(mark(), "expected `,` or `]` in a flow sequence",
         fmt::format("the sequence started at {}:{}; separate its items with commas", open.line,
                     open.column));
  }
  advance();  // ']'
  return seq;
}

Node Parser::parse_flow_mapping() {
  const Mark open = mark();
  advance();  // '{'
  Node map = Node::mapping(open);
  std::vector<RawEntry> raw;
  for (;;) {
    skip_flow_space();
    if (pos_ >= size()) fail_unclosed_flow(open, '{');
    if (peek() == '}') break;
    Node key = parse_flow_node();
    skip_flow_space();
    Node value;
    if (peek() == ':') {
      const Mark after = mark_at(pos_ + 1);
      advance();
      skip_flow_space();
      value = (peek() == ',' || peek() == '}') ? Node::null(after) : parse_flow_node();
      skip_flow_space();
    } else {
      value = Node::null(key.mark());
    }
    add_entry(raw, std::move(key), std::move(value));
    if (peek() == ',') {
      advance();
      continue;
    }
    if (peek() == '}') break;
    if (pos_ >= size()) fail_unclosed_flow(open, '{');
    fail(mark(), "expected `,` or `}` in a flow mapping",
         fmt::format("the mapping started at {}:{}; write its entries as `key: value` separated "
                     "by commas",
                     open.line, open.column));
  }
  advance();  // '}'
  return finish_mapping(std::move(map), raw);
}

// `key: {{ name }}.rs` is the most common frontmatter mistake: YAML reads `{` as a mapping.
void Parser::fail_template_braces() const {
  fail(mark(), "a value that starts with `{{` is read as a YAML flow mapping",
       "quote template expressions: `to: \"{{ name }}.rs\"`");
}

// `&anchor` and `!tag` before a node, in any order, on the current line.
Props Parser::parse_props() {
  Props props;
  for (;;) {
    const char c = peek();
    if (c != '&' && c != '!') break;
    const Mark at = mark();
    ++pos_;
    const std::size_t begin = pos_;
    if (c == '&') {
      while (!ends_name(peek())) ++pos_;
    } else {
      while (!blank_or_eol(pos_)) ++pos_;
    }
    std::string name = src_.substr(begin, pos_ - begin);
    if (c == '&') {
      if (name.empty()) fail(at, "anchor name is missing", "write `&name` right before the value");
      if (!props.anchor.empty()) {
        fail(at, "a node can have only one anchor", "remove one of the `&` anchors");
      }
      props.anchor = std::move(name);
      props.anchor_mark = at;
    } else {
      if (!props.tag.empty()) fail(at, "a node can have only one tag", "remove one of the tags");
      props.tag = "!" + name;
      props.tag_mark = at;
    }
    skip_space();
  }
  return props;
}

void Parser::apply_props(Node& node, const Props& props) {
  if (!props.tag.empty()) {
    bool known = false;
    if (!apply_tag(node, props.tag, &known)) {
      if (!known) {
        fail(props.tag_mark, fmt::format("unsupported tag `{}`", props.tag),
             "only the standard tags !!str, !!int, !!float, !!bool, !!null, !!map and !!seq "
             "are supported");
      }
      fail(props.tag_mark, fmt::format("`{}` cannot be read as {}", node.text(), props.tag),
           fmt::format("this {} does not match its tag", node.kind_name()));
    }
  }
  if (!props.anchor.empty()) anchors_[props.anchor] = node;
}

Node Parser::parse_alias() {
  const Mark at = mark();
  ++pos_;  // '*'
  const std::size_t begin = pos_;
  while (!ends_name(peek())) ++pos_;
  const std::string name = src_.substr(begin, pos_ - begin);
  if (name.empty()) fail(at, "alias name is missing", "write `*name` to reuse `&name`");
  auto it = anchors_.find(name);
  if (it == anchors_.end()) {
    fail(at, fmt::format("unknown alias `*{}`", name),
         fmt::format("define the anchor with `&{}` before using it", name));
  }
  // Aliases copy; cap the total so a "billion laughs" document can't exhaust memory.
  alias_nodes_ += count_nodes(it->second);
  if (alias_nodes_ > kMaxAliasNodes) {
    fail(at, "aliases expand to too many nodes",
         fmt::format("aliases may expand to at most {} nodes in total", kMaxAliasNodes));
  }
  Node copy = it->second;
  copy.set_mark(at);
  return copy;
}

}  // namespace ggen::yaml::detail
