// Filters that work across types: length, reverse, json_encode, as_str, get, date.
#include "template/builtins.h"

namespace ggen::tmpl {

Value date_filter(const Value& v, const Kwargs& a);  // date.cc

namespace {

Value f_length(const Value& v, const Kwargs&) {
  switch (v.kind()) {
    case Value::Kind::Array:
      return Value(static_cast<long long>(v.as_array().size()));
    case Value::Kind::Object:
      return Value(static_cast<long long>(v.as_object().size()));
    case Value::Kind::String:
      return Value(static_cast<long long>(utf8_length(v.as_string())));
    default:
      fail_call("Filter `length` was called on an incorrect value: got `" + json_repr(v) +
                    "` but expected an array, a string or an object",
                std::string("the value is a ") + v.type_name());
  }
}

Value f_reverse(const Value& v, const Kwargs&) {
  if (v.is_array()) return Value(Array(v.as_array().rbegin(), v.as_array().rend()));
  if (v.is_string()) {
    const std::string& s = v.as_string();
    std::string out;
    out.reserve(s.size());
    std::size_t end = s.size();
    while (end > 0) {
      std::size_t b = end - 1;
      while (b > 0 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) --b;
      out.append(s, b, end - b);
      end = b;
    }
    return Value(std::move(out));
  }
  fail_call("Filter `reverse` received an incorrect type for arg `value`: got `" + json_repr(v) +
                "` but expected Array|String",
            std::string("the value is a ") + v.type_name());
}

Value f_json_encode(const Value& v, const Kwargs& a) {
  return Value(v.to_json(bool_arg("json_encode", a, "pretty", false)));
}

Value f_as_str(const Value& v, const Kwargs&) {
  return Value(v.to_display());
}

Value f_get(const Value& v, const Kwargs& a) {
  if (!v.is_object()) {
    fail_call("Filter `get` was called on an incorrect value: got `" + json_repr(v) +
                  "` but expected an Object",
              std::string("the value is a ") + v.type_name());
  }
  std::string key = string_arg("get", a, "key");
  if (const Value* x = v.find(key)) return *x;
  if (const Value* d = a.get("default")) return *d;
  std::string keys;
  for (const auto& kv : v.as_object()) keys += (keys.empty() ? "" : ", ") + kv.first;
  fail_call("Filter `get` tried to get key `" + key + "` but it wasn't found",
            "available keys: " + (keys.empty() ? std::string("(none)") : keys) +
                "; or pass `default=...`");
}

}  // namespace

const BuiltinFilter kMiscFilters[] = {
    {"length", f_length, "length"},
    {"reverse", f_reverse, "reverse"},
    {"json_encode", f_json_encode, "json_encode(pretty=false)"},
    {"as_str", f_as_str, "as_str"},
    {"get", f_get, "get(key, default)"},
    {"date", date_filter, "date(format=\"%Y-%m-%d\", timezone)"},
};
const std::size_t kMiscFilterCount = sizeof(kMiscFilters) / sizeof(kMiscFilters[0]);

}  // namespace ggen::tmpl
