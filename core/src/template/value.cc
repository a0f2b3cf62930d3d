#include "ggen/template/value.h"
#include "template/key_compare.h"

#include "ggen/text/json_string.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include <nlohmann/json.hpp>

namespace ggen::tmpl {

Value::Value(std::string s)
    : kind_(Kind::String), i_(0), p_(std::make_shared<const std::string>(std::move(s))) {}

Value::Value(Array a)
    : kind_(Kind::Array), i_(0), p_(std::make_shared<const Array>(std::move(a))) {}

Value::Value(Object o) : kind_(Kind::Object), i_(0) {
  std::stable_sort(o.begin(), o.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  // Keep the last of equal keys, like assigning into a map.
  Object out;
  out.reserve(o.size());
  for (auto& kv : o) {
    if (!out.empty() && out.back().first == kv.first) {
      out.back().second = std::move(kv.second);
    } else {
      out.push_back(std::move(kv));
    }
  }
  p_ = std::make_shared<const Object>(std::move(out));
}

Value Value::sorted_object(Object o) {
  Value v;
  v.kind_ = Kind::Object;
  v.p_ = std::make_shared<const Object>(std::move(o));
  return v;
}

Value Value::borrow(Kind kind, const void* p) {
  Value v;
  v.kind_ = kind;
  v.p_ = std::shared_ptr<const void>(std::shared_ptr<const void>(), p);  // no control block
  return v;
}

Value Value::owned_by(const std::shared_ptr<const void>& owner, const Value& v) {
  if (!v.p_) return v;
  Value out = v;
  out.p_ = std::shared_ptr<const void>(owner, v.p_.get());
  return out;
}

const Value* Value::find(std::string_view key) const {
  if (kind_ != Kind::Object) return nullptr;
  const Object& o = as_object();
  if (o.size() <= 8) {
    // Rows of query results are small objects: a scan that compares lengths first beats a binary
    // search of full string comparisons.
    for (const auto& kv : o) {
      if (same_name(kv.first, key)) return &kv.second;
    }
    return nullptr;
  }
  auto it = std::lower_bound(o.begin(), o.end(), key,
                             [](const auto& kv, std::string_view k) { return kv.first < k; });
  if (it == o.end() || it->first != key) return nullptr;
  return &it->second;
}

const Value* Value::at(std::size_t i) const {
  if (kind_ != Kind::Array) return nullptr;
  const Array& a = as_array();
  return i < a.size() ? &a[i] : nullptr;
}

bool Value::truthy() const {
  switch (kind_) {
    case Kind::Null:
      return false;
    case Kind::Bool:
      return b_;
    case Kind::Int:
      return i_ != 0;
    case Kind::Float:
      return f_ != 0.0;
    case Kind::String:
      return !as_string().empty();
    case Kind::Array:
      return !as_array().empty();
    case Kind::Object:
      return !as_object().empty();
  }
  return false;
}

const char* Value::type_name() const {
  switch (kind_) {
    case Kind::Null:
      return "null";
    case Kind::Bool:
      return "bool";
    case Kind::Int:
      return "integer";
    case Kind::Float:
      return "float";
    case Kind::String:
      return "string";
    case Kind::Array:
      return "array";
    case Kind::Object:
      return "object";
  }
  return "?";
}

void format_float_display(double d, std::string& out) {
  if (std::isnan(d)) {
    out += "NaN";
    return;
  }
  if (std::isinf(d)) {
    out += d < 0 ? "-inf" : "inf";
    return;
  }
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  out.append(buf, r.ptr);
}

void format_float_json(double d, std::string& out) {
  if (!std::isfinite(d)) {  // serde_json writes null for these
    out += "null";
    return;
  }
  // Shortest round-trip digits, then laid out the way ryu's pretty printer does.
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view s(buf, r.ptr - buf);
  bool neg = false;
  if (!s.empty() && s[0] == '-') {
    neg = true;
    s.remove_prefix(1);
  }
  auto epos = s.find('e');
  std::string digits;
  for (char c : s.substr(0, epos))
    if (c != '.') digits += c;
  int exp = std::atoi(std::string(s.substr(epos + 1)).c_str());
  int len = static_cast<int>(digits.size());
  int kk = exp + 1;  // position of the decimal point relative to the digits
  if (neg) out += '-';
  if (len <= kk && kk <= 16) {
    out += digits;
    out.append(kk - len, '0');
    out += ".0";
  } else if (0 < kk && kk <= 16) {
    out += digits.substr(0, kk);
    out += '.';
    out += digits.substr(kk);
  } else if (-5 < kk && kk <= 0) {
    out += "0.";
    out.append(-kk, '0');
    out += digits;
  } else if (len == 1) {
    out += digits;
    out += 'e';
    out += std::to_string(kk - 1);
  } else {
    out += digits[0];
    out += '.';
    out += digits.substr(1);
    out += 'e';
    out += std::to_string(kk - 1);
  }
}

void Value::render(std::string& out) const {
  switch (kind_) {
    case Kind::Null:
      return;
    case Kind::Bool:
      out += b_ ? "true" : "false";
      return;
    case Kind::Int: {
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, i_);
      out.append(buf, r.ptr);
      return;
    }
    case Kind::Float:
      format_float_display(f_, out);
      return;
    case Kind::String:
      out += as_string();
      return;
    case Kind::Array: {
      out += '[';
      bool first = true;
      for (const Value& v : as_array()) {
        if (!first) out += ", ";
        first = false;
        v.render(out);
      }
      out += ']';
      return;
    }
    case Kind::Object:
      out += "[object]";
      return;
  }
}

std::string Value::to_display() const {
  std::string s;
  render(s);
  return s;
}

static void json_string(std::string_view s, std::string& out) {
  text::append_json_string(out, s);
}

void Value::to_json(std::string& out, bool pretty, int indent) const {
  auto newline = [&](int level) {
    out += '\n';
    out.append(static_cast<std::size_t>(level) * 2, ' ');
  };
  switch (kind_) {
    case Kind::Null:
      out += "null";
      return;
    case Kind::Bool:
      out += b_ ? "true" : "false";
      return;
    case Kind::Int:
      out += std::to_string(i_);
      return;
    case Kind::Float:
      format_float_json(f_, out);
      return;
    case Kind::String:
      json_string(as_string(), out);
      return;
    case Kind::Array: {
      const Array& a = as_array();
      if (a.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (i) out += ',';
        if (pretty) newline(indent + 1);
        a[i].to_json(out, pretty, indent + 1);
      }
      if (pretty) newline(indent);
      out += ']';
      return;
    }
    case Kind::Object: {
      const Object& o = as_object();
      if (o.empty()) {
        out += "{}";
        return;
      }
      out += '{';
      for (std::size_t i = 0; i < o.size(); ++i) {
        if (i) out += ',';
        if (pretty) newline(indent + 1);
        json_string(o[i].first, out);
        out += pretty ? ": " : ":";
        o[i].second.to_json(out, pretty, indent + 1);
      }
      if (pretty) newline(indent);
      out += '}';
      return;
    }
  }
}

std::string Value::to_json(bool pretty) const {
  std::string s;
  to_json(s, pretty, 0);
  return s;
}

Value Value::from_json(const nlohmann::json& j) {
  using T = nlohmann::json::value_t;
  switch (j.type()) {
    case T::null:
    case T::discarded:
      return Value();
    case T::boolean:
      return Value(j.get<bool>());
    case T::number_integer:
      return Value(static_cast<long long>(j.get<std::int64_t>()));
    case T::number_unsigned: {
      auto u = j.get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(INT64_MAX)) return Value(static_cast<long long>(u));
      return Value(static_cast<double>(u));
    }
    case T::number_float:
      return Value(j.get<double>());
    case T::string:
      return Value(j.get<std::string>());
    case T::array: {
      Array a;
      a.reserve(j.size());
      for (const auto& e : j) a.push_back(from_json(e));
      return Value(std::move(a));
    }
    case T::object: {
      Object o;
      o.reserve(j.size());
      for (auto it = j.begin(); it != j.end(); ++it)
        o.emplace_back(it.key(), from_json(it.value()));
      return Value(std::move(o));  // sorts: ordered_json keeps insertion order
    }
    case T::binary:
      return Value();
  }
  return Value();
}

nlohmann::json Value::to_nlohmann() const {
  switch (kind_) {
    case Kind::Null:
      return nullptr;
    case Kind::Bool:
      return b_;
    case Kind::Int:
      return i_;
    case Kind::Float:
      return f_;
    case Kind::String:
      return as_string();
    case Kind::Array: {
      nlohmann::json j = nlohmann::json::array();
      for (const Value& v : as_array()) j.push_back(v.to_nlohmann());
      return j;
    }
    case Kind::Object: {
      nlohmann::json j = nlohmann::json::object();
      for (const auto& [k, v] : as_object()) j[k] = v.to_nlohmann();
      return j;
    }
  }
  return nullptr;
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case Value::Kind::Null:
      return true;
    case Value::Kind::Bool:
      return a.b_ == b.b_;
    case Value::Kind::Int:
      return a.i_ == b.i_;
    case Value::Kind::Float:
      return a.f_ == b.f_;
    case Value::Kind::String:
      return a.as_string() == b.as_string();
    case Value::Kind::Array:
      return a.p_ == b.p_ || a.as_array() == b.as_array();
    case Value::Kind::Object:
      return a.p_ == b.p_ || a.as_object() == b.as_object();
  }
  return false;
}

}  // namespace ggen::tmpl
