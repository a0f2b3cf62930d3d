#pragma once
// Value: the data a template sees. Immutable and cheap to copy: strings, arrays and objects live
// behind one shared pointer, so passing rows of a 10k-row result around costs a refcount, not a
// deep copy. Ints and floats stay distinct (Tera prints and compares them differently), objects
// keep their keys sorted (Tera iterates them in byte order).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace ggen::tmpl {

class Value;
using Array = std::vector<Value>;
// Sorted by key, keys unique. Build with Value::object() (sorts) or keep the order yourself.
using Object = std::vector<std::pair<std::string, Value>>;

class Value {
 public:
  enum class Kind : std::uint8_t { Null, Bool, Int, Float, String, Array, Object };

  Value() noexcept : kind_(Kind::Null), i_(0) {}
  Value(std::nullptr_t) noexcept : Value() {}
  Value(bool b) noexcept : kind_(Kind::Bool), b_(b) {}
  Value(int v) noexcept : kind_(Kind::Int), i_(v) {}
  Value(long v) noexcept : kind_(Kind::Int), i_(v) {}
  Value(long long v) noexcept : kind_(Kind::Int), i_(static_cast<std::int64_t>(v)) {}
  Value(unsigned v) noexcept : kind_(Kind::Int), i_(v) {}
  // Sizes and counts; values above INT64_MAX become floats.
  Value(unsigned long v) noexcept : Value(static_cast<unsigned long long>(v)) {}
  Value(unsigned long long v) noexcept
      : kind_(v <= 9223372036854775807ULL ? Kind::Int : Kind::Float), i_(0) {
    if (kind_ == Kind::Int)
      i_ = static_cast<std::int64_t>(v);
    else
      f_ = static_cast<double>(v);
  }
  Value(double v) noexcept : kind_(Kind::Float), f_(v) {}
  Value(std::string s);
  Value(std::string_view s) : Value(std::string(s)) {}
  Value(const char* s) : Value(std::string(s)) {}
  Value(Array a);
  // Sorts by key; on duplicate keys the last one wins.
  Value(Object o);
  // Caller guarantees `o` is sorted and unique (skips the sort).
  static Value sorted_object(Object o);

  // Low level, for readers that build a whole tree in memory they manage (parse_json's arena).
  // borrow: a String (`p` is a std::string), Array or Object value that points at `p` without
  // owning it; copying it costs no reference count. The caller keeps `p` alive for as long as
  // the value or a copy of it is in use. owned_by: `v` with its storage kept alive by `owner`
  // (copies share it), e.g. a tree's root holding the arena its borrowed children live in.
  static Value borrow(Kind kind, const void* p);
  static Value owned_by(const std::shared_ptr<const void>& owner, const Value& v);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::Null; }
  bool is_bool() const { return kind_ == Kind::Bool; }
  bool is_int() const { return kind_ == Kind::Int; }
  bool is_float() const { return kind_ == Kind::Float; }
  bool is_number() const { return kind_ == Kind::Int || kind_ == Kind::Float; }
  bool is_string() const { return kind_ == Kind::String; }
  bool is_array() const { return kind_ == Kind::Array; }
  bool is_object() const { return kind_ == Kind::Object; }

  bool as_bool() const { return b_; }
  std::int64_t as_int() const { return i_; }
  double as_float() const { return f_; }
  // Int or float as double.
  double as_number() const { return kind_ == Kind::Int ? static_cast<double>(i_) : f_; }
  const std::string& as_string() const { return *static_cast<const std::string*>(p_.get()); }
  const Array& as_array() const { return *static_cast<const Array*>(p_.get()); }
  const Object& as_object() const { return *static_cast<const Object*>(p_.get()); }

  // Object member or nullptr (binary search); nullptr on non-objects.
  const Value* find(std::string_view key) const;
  // Array element or nullptr.
  const Value* at(std::size_t i) const;
  // Tera truthiness: false, 0, 0.0, "", [], {} and null are falsy.
  bool truthy() const;
  const char* type_name() const;

  // Tera's output form: strings raw, floats without ".0", arrays "[1, 2]", objects "[object]".
  void render(std::string& out) const;
  std::string to_display() const;
  // serde_json form: compact (or 2-space pretty), keys sorted, floats keep ".0".
  void to_json(std::string& out, bool pretty = false, int indent = 0) const;
  std::string to_json(bool pretty = false) const;

  static Value from_json(const nlohmann::json& j);
  nlohmann::json to_nlohmann() const;

  // serde_json equality: 1 != 1.0, deep for arrays and objects.
  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  Kind kind_;
  union {
    bool b_;
    std::int64_t i_;
    double f_;
  };
  std::shared_ptr<const void> p_;
};

// Number printing shared by the renderer and filters.
void format_float_display(double d, std::string& out);  // Rust Display: 1.0 -> "1"
void format_float_json(double d, std::string& out);     // ryu/serde: 1.0 -> "1.0"

}  // namespace ggen::tmpl
