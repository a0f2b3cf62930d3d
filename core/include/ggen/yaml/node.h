#pragma once
// ggen::yaml::Node: a parsed YAML value. Mappings keep insertion order (frontmatter keys are
// reported in the order the user wrote them) and every node remembers where it came from, so
// later validation ("unknown key `tp`") can point at the exact key.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ggen::yaml {

enum class Kind { kNull, kBool, kInt, kFloat, kString, kSequence, kMapping };

// "null", "bool", "int", "float", "string", "sequence", "mapping".
const char* kind_name(Kind kind);

// 1-based source position (line already shifted by parse()'s line_offset).
struct Mark {
  int line = 0;
  int column = 0;
};

class Node {
 public:
  struct Entry;

  Node() = default;  // null at an unknown position

  static Node null(Mark mark = {});
  static Node boolean(bool v, Mark mark = {});
  static Node integer(std::int64_t v, Mark mark = {});
  static Node floating(double v, Mark mark = {});
  static Node string(std::string v, Mark mark = {}, bool quoted = true);
  static Node sequence(Mark mark = {});
  static Node mapping(Mark mark = {});

  Kind kind() const { return kind_; }
  const char* kind_name() const { return yaml::kind_name(kind_); }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_int() const { return kind_ == Kind::kInt; }
  bool is_float() const { return kind_ == Kind::kFloat; }
  bool is_number() const { return is_int() || is_float(); }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_scalar() const { return kind_ != Kind::kSequence && kind_ != Kind::kMapping; }
  bool is_sequence() const { return kind_ == Kind::kSequence; }
  bool is_mapping() const { return kind_ == Kind::kMapping; }

  const Mark& mark() const { return mark_; }
  int line() const { return mark_.line; }
  int column() const { return mark_.column; }
  void set_mark(Mark mark) { mark_ = mark; }

  // True for a '...' or "..." scalar: a quoted "true" is the string "true", never a bool.
  bool quoted() const { return quoted_; }

  // Typed accessors; calling one on the wrong kind raises E_INTERNAL (check kind() first).
  bool as_bool() const;
  std::int64_t as_int() const;
  double as_float() const;  // accepts ints too
  const std::string& as_string() const;

  // The scalar as written, after unquoting and unescaping ("0x1F", "yes", "~"); "" for
  // collections. Mapping keys are looked up by this text.
  const std::string& text() const { return text_; }
  void set_text(std::string text) { text_ = std::move(text); }

  // Sequences.
  const std::vector<Node>& items() const;
  std::vector<Node>& items();
  void push_back(Node item);

  // Mappings, in insertion order. add() does not check for duplicates (the parser does).
  const std::vector<Entry>& entries() const;
  std::vector<Entry>& entries();
  void add(Node key, Node value);
  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
  const Entry* find_entry(std::string_view key) const;

  // Elements of a sequence or entries of a mapping; 0 for scalars.
  std::size_t size() const;

  // Structural equality (kind, value, children); ignores marks and quoting.
  bool operator==(const Node& other) const;

  // null/bool/int/float/string/array/object. Mapping keys become their text(); .inf and .nan
  // stay floats (nlohmann dumps them as null).
  nlohmann::ordered_json to_json() const;

 private:
  void expect(Kind kind) const;

  Kind kind_ = Kind::kNull;
  Mark mark_;
  bool quoted_ = false;
  bool bool_ = false;
  std::int64_t int_ = 0;
  double float_ = 0;
  std::string text_;
  std::vector<Node> items_;
  std::vector<Entry> entries_;
};

struct Node::Entry {
  Node key;  // a scalar; its mark is where the key was written
  Node value;
};

}  // namespace ggen::yaml
