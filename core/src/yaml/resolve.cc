// YAML 1.2 core schema: how plain scalars and standard tags become typed values.
#include <charconv>
#include <cmath>
#include <limits>

#include "yaml/parser.h"

namespace ggen::yaml::detail {
namespace {

bool all_of(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_octal(char c) {
  return c >= '0' && c <= '7';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_float_syntax(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (i >= s.size()) return false;
    while (i < s.size() && is_digit(s[i])) ++i;
  }
  return i == s.size();
}

bool parse_int(std::string_view s, std::int64_t* out) {
  int base = 10;
  std::string_view digits = s;
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x' && all_of(s.substr(2), is_hex)) {
    base = 16;
    digits = s.substr(2);
  } else if (s.size() > 2 && s[0] == '0' && s[1] == 'o' && all_of(s.substr(2), is_octal)) {
    base = 8;
    digits = s.substr(2);
  } else {
    std::string_view body = s;
    if (!body.empty() && (body[0] == '-' || body[0] == '+')) body.remove_prefix(1);
    if (!all_of(body, is_digit)) return false;
    if (s[0] == '+') digits = body;
  }
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), *out, base);
  return ec == std::errc() && end == digits.data() + digits.size();
}

bool parse_float(std::string_view s, double* out) {
  std::string_view body = s;
  bool negative = false;
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == ".inf" || body == ".Inf" || body == ".INF") {
    *out = negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
    return true;
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (!is_float_syntax(s)) return false;
  // from_chars rejects a leading '+'; the sign was split off above.
  auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), *out);
  if (ec == std::errc::result_out_of_range) {
    *out = std::numeric_limits<double>::infinity();
  } else if (ec != std::errc() || end != body.data() + body.size()) {
    return false;
  }
  if (negative) *out = -*out;
  return true;
}

}  // namespace

Node resolve_plain(const std::string& text, Mark mark) {
  Node node;
  std::int64_t i = 0;
  double f = 0;
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
    node = Node::null(mark);
  } else if (text == "true" || text == "True" || text == "TRUE") {
    node = Node::boolean(true, mark);
  } else if (text == "false" || text == "False" || text == "FALSE") {
    node = Node::boolean(false, mark);
  } else if (parse_int(text, &i)) {
    node = Node::integer(i, mark);
  } else if (parse_float(text, &f)) {
    node = Node::floating(f, mark);
  } else {
    return Node::string(text, mark, false);
  }
  node.set_text(text);
  return node;
}

bool apply_tag(Node& node, std::string_view tag, bool* known) {
  *known = true;
  if (tag == "!" || tag == "!!str") {
    if (!node.is_scalar()) return false;
    std::string text = node.text();
    node = Node::string(std::move(text), node.mark(), node.quoted());
    return true;
  }
  if (tag == "!!map") return node.is_mapping();
  if (tag == "!!seq") return node.is_sequence();
  if (!node.is_scalar()) return false;
  Node resolved = resolve_plain(node.text(), node.mark());
  if (tag == "!!null") {
    if (!resolved.is_null()) return false;
  } else if (tag == "!!bool") {
    if (!resolved.is_bool()) return false;
  } else if (tag == "!!int") {
    if (!resolved.is_int()) return false;
  } else if (tag == "!!float") {
    if (!resolved.is_number()) return false;
    if (resolved.is_int()) {
      std::string text = resolved.text();
      resolved = Node::floating(static_cast<double>(resolved.as_int()), node.mark());
      resolved.set_text(std::move(text));
    }
  } else {
    *known = false;
    return false;
  }
  node = std::move(resolved);
  return true;
}

}  // namespace ggen::yaml::detail
