// Array filters (Tera built-ins).
#include <algorithm>

#include "template/builtins.h"

namespace ggen::tmpl {

namespace {

Value f_first(const Value& v, const Kwargs&) {
  const Array& a = want_array("first", v);
  return a.empty() ? Value(std::string()) : a.front();
}

Value f_last(const Value& v, const Kwargs&) {
  const Array& a = want_array("last", v);
  return a.empty() ? Value(std::string()) : a.back();
}

Value f_nth(const Value& v, const Kwargs& a) {
  const Array& arr = want_array("nth", v);
  long long n = int_arg("nth", a, "n", -1);
  if (!a.has("n")) required_arg("nth", a, "n");
  if (n < 0 || static_cast<std::size_t>(n) >= arr.size()) return Value(std::string());
  return arr[static_cast<std::size_t>(n)];
}

void w_join(const Value& v, const Kwargs& a, std::string& out) {
  const Array& arr = want_array("join", v);
  std::string sep = unescape_tab_newline(string_arg("join", a, "sep", ""));
  for (std::size_t i = 0; i < arr.size(); ++i) {
    if (i) out += sep;
    arr[i].render(out);
  }
}

Value f_join(const Value& v, const Kwargs& a) {
  std::string out;
  w_join(v, a, out);
  return Value(std::move(out));
}

const Value& attr_of(std::string_view filter, const Value& item, const std::string& attr) {
  if (attr.empty()) return item;
  const Value* x = get_attr(item, attr);
  if (!x) {
    fail_call("attribute '" + attr + "' does not reference a field",
              std::string("`") + std::string(filter) + "` looked for `" + attr +
                  "` in every element; check the attribute name");
  }
  return *x;
}

// Sort key class decided by the first element, as Tera does.
enum class KeyKind { Number, String, Bool, Array };

KeyKind key_kind(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Int:
    case Value::Kind::Float:
      return KeyKind::Number;
    case Value::Kind::String:
      return KeyKind::String;
    case Value::Kind::Bool:
      return KeyKind::Bool;
    case Value::Kind::Array:
      return KeyKind::Array;
    case Value::Kind::Null:
      fail_call("Null is not a sortable value");
    default:
      fail_call("Object is not a sortable value");
  }
}

void check_kind(KeyKind k, const Value& v) {
  static const char* names[] = {"number", "string", "bool", "array"};
  bool ok = (k == KeyKind::Number && v.is_number()) || (k == KeyKind::String && v.is_string()) ||
            (k == KeyKind::Bool && v.is_bool()) || (k == KeyKind::Array && v.is_array());
  if (!ok) {
    fail_call(std::string("expected ") + names[static_cast<int>(k)] + " got " + json_repr(v),
              "every element (or attribute) must have the same type to be sorted");
  }
}

Value f_sort(const Value& v, const Kwargs& a) {
  const Array& arr = want_array("sort", v);
  if (arr.empty()) return v;
  std::string attr = string_arg("sort", a, "attribute", "");
  std::vector<std::pair<const Value*, const Value*>> keyed;
  keyed.reserve(arr.size());
  for (const Value& x : arr) keyed.emplace_back(&attr_of("sort", x, attr), &x);
  KeyKind k = key_kind(*keyed[0].first);
  for (const auto& p : keyed) check_kind(k, *p.first);
  std::stable_sort(keyed.begin(), keyed.end(), [k](const auto& x, const auto& y) {
    const Value& a = *x.first;
    const Value& b = *y.first;
    switch (k) {
      case KeyKind::Number:
        return a.as_number() < b.as_number();
      case KeyKind::String:
        return a.as_string() < b.as_string();
      case KeyKind::Bool:
        return !a.as_bool() && b.as_bool();
      case KeyKind::Array:
        return a.as_array().size() < b.as_array().size();
    }
    return false;
  });
  Array out;
  out.reserve(arr.size());
  for (const auto& p : keyed) out.push_back(*p.second);
  return Value(std::move(out));
}

Value f_unique(const Value& v, const Kwargs& a) {
  const Array& arr = want_array("unique", v);
  if (arr.empty()) return v;
  std::string attr = string_arg("unique", a, "attribute", "");
  bool cs = bool_arg("unique", a, "case_sensitive", false);
  const Value& first = attr_of("unique", arr[0], attr);
  KeyKind k = key_kind(first);
  std::vector<std::string> seen_s;
  std::vector<long long> seen_n;
  std::vector<bool> seen_b;
  Array out;
  for (const Value& x : arr) {
    const Value& key = attr_of("unique", x, attr);
    check_kind(k, key);
    bool dup = false;
    switch (k) {
      case KeyKind::String: {
        std::string s = cs ? key.as_string() : to_lower_utf8(key.as_string());
        dup = std::find(seen_s.begin(), seen_s.end(), s) != seen_s.end();
        if (!dup) seen_s.push_back(std::move(s));
        break;
      }
      case KeyKind::Number: {
        long long n = key.is_int() ? key.as_int() : static_cast<long long>(key.as_float());
        dup = std::find(seen_n.begin(), seen_n.end(), n) != seen_n.end();
        if (!dup) seen_n.push_back(n);
        break;
      }
      case KeyKind::Bool:
        dup = std::find(seen_b.begin(), seen_b.end(), key.as_bool()) != seen_b.end();
        if (!dup) seen_b.push_back(key.as_bool());
        break;
      case KeyKind::Array:
        fail_call("Array is not a valid key for `unique`");
    }
    if (!dup) out.push_back(x);
  }
  return Value(std::move(out));
}

Value f_slice(const Value& v, const Kwargs& a) {
  const Array& arr = want_array("slice", v);
  long long n = static_cast<long long>(arr.size());
  auto norm = [n](long long x) { return x < 0 ? std::max(0LL, n + x) : std::min(x, n); };
  long long start = norm(int_arg("slice", a, "start", 0));
  long long end = norm(int_arg("slice", a, "end", n));
  if (start >= end) return Value(Array{});
  return Value(Array(arr.begin() + start, arr.begin() + end));
}

Value f_group_by(const Value& v, const Kwargs& a) {
  const Array& arr = want_array("group_by", v);
  if (arr.empty()) return Value(Object{});
  std::string attr = string_arg("group_by", a, "attribute");
  std::vector<std::pair<std::string, Array>> groups;
  for (const Value& x : arr) {
    const Value* key = get_attr(x, attr);
    if (!key || key->is_null()) continue;
    std::string k = key->is_string() ? key->as_string() : key->to_json();
    auto it =
        std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == k; });
    if (it == groups.end()) {
      groups.emplace_back(k, Array{x});
    } else {
      it->second.push_back(x);
    }
  }
  Object o;
  for (auto& g : groups) o.emplace_back(std::move(g.first), Value(std::move(g.second)));
  return Value(std::move(o));
}

Value f_filter(const Value& v, const Kwargs& a) {
  const Array& arr = want_array("filter", v);
  if (arr.empty()) return v;
  std::string attr = string_arg("filter", a, "attribute");
  const Value* want = a.get("value");
  Array out;
  for (const Value& x : arr) {
    const Value* got = get_attr(x, attr);
    bool keep = (want && !want->is_null()) ? (got && *got == *want) : (got && !got->is_null());
    if (keep) out.push_back(x);
  }
  return Value(std::move(out));
}

Value f_map(const Value& v, const Kwargs& a) {
  const Array& arr = want_array("map", v);
  if (arr.empty()) return v;
  std::string attr = string_arg("map", a, "attribute");
  Array out;
  for (const Value& x : arr) {
    const Value* got = get_attr(x, attr);
    if (got && !got->is_null()) out.push_back(*got);
  }
  return Value(std::move(out));
}

Value f_concat(const Value& v, const Kwargs& a) {
  const Array& arr = want_array("concat", v);
  const Value& with = required_arg("concat", a, "with");
  Array out;
  out.reserve(arr.size() + (with.is_array() ? with.as_array().size() : 1));
  out.insert(out.end(), arr.begin(), arr.end());
  if (with.is_array()) {
    out.insert(out.end(), with.as_array().begin(), with.as_array().end());
  } else {
    out.push_back(with);
  }
  return Value(std::move(out));
}

}  // namespace

const BuiltinFilter kArrayFilters[] = {
    {"first", f_first, "first"},
    {"last", f_last, "last"},
    {"nth", f_nth, "nth(n)"},
    {"join", f_join, "join(sep=\"\")", w_join},
    {"sort", f_sort, "sort(attribute=\"\")"},
    {"unique", f_unique, "unique(attribute=\"\", case_sensitive=false)"},
    {"slice", f_slice, "slice(start=0, end=length)"},
    {"group_by", f_group_by, "group_by(attribute)"},
    {"filter", f_filter, "filter(attribute, value=null)"},
    {"map", f_map, "map(attribute)"},
    {"concat", f_concat, "concat(with)"},
};
const std::size_t kArrayFilterCount = sizeof(kArrayFilters) / sizeof(kArrayFilters[0]);

}  // namespace ggen::tmpl
