// Builtin registry (name -> implementation across the per-family tables) and the argument
// helpers every builtin uses, so their error messages read the same.
#include "template/builtins.h"

namespace ggen::tmpl {

namespace {

template <class T>
const T* find_in(const T* table, std::size_t n, std::string_view name) {
  for (std::size_t i = 0; i < n; ++i)
    if (table[i].name == name) return &table[i];
  return nullptr;
}

struct FilterTable {
  const BuiltinFilter* table;
  std::size_t n;
};

std::vector<FilterTable> filter_tables() {
  return {{kStringFilters, kStringFilterCount},
          {kArrayFilters, kArrayFilterCount},
          {kNumberFilters, kNumberFilterCount},
          {kCaseFilters, kCaseFilterCount},
          {kMiscFilters, kMiscFilterCount}};
}

}  // namespace

const BuiltinFilter* find_filter(std::string_view name) {
  for (const auto& t : filter_tables())
    if (const BuiltinFilter* f = find_in(t.table, t.n, name)) return f;
  return nullptr;
}

const BuiltinTest* find_test(std::string_view name) {
  return find_in(kTests, kTestCount, name);
}

const BuiltinFunction* find_function(std::string_view name) {
  return find_in(kFunctions, kFunctionCount, name);
}

std::vector<std::string_view> filter_names() {
  std::vector<std::string_view> out{"safe", "default"};
  for (const auto& t : filter_tables())
    for (std::size_t i = 0; i < t.n; ++i) out.push_back(t.table[i].name);
  return out;
}

std::vector<std::string_view> test_names() {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < kTestCount; ++i) out.push_back(kTests[i].name);
  return out;
}

std::vector<std::string_view> function_names() {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < kFunctionCount; ++i) out.push_back(kFunctions[i].name);
  return out;
}

void fail_call(std::string message, std::string hint) {
  Error e("E_TEMPLATE_RENDER", std::move(message));
  if (!hint.empty()) e.with_hint(std::move(hint));
  raise(std::move(e));
}

std::string json_repr(const Value& v) {
  return v.to_json();
}

const std::string& want_string(std::string_view filter, const Value& v) {
  if (!v.is_string()) {
    fail_call("Filter `" + std::string(filter) + "` was called on an incorrect value: got `" +
                  json_repr(v) + "` but expected a String",
              std::string("`") + std::string(filter) + "` works on strings; this value is a " +
                  v.type_name());
  }
  return v.as_string();
}

double want_number(std::string_view filter, const Value& v) {
  if (!v.is_number()) {
    fail_call("Filter `" + std::string(filter) + "` was called on an incorrect value: got `" +
                  json_repr(v) + "` but expected a Number",
              std::string("this value is a ") + v.type_name());
  }
  return v.as_number();
}

const Array& want_array(std::string_view filter, const Value& v) {
  if (!v.is_array()) {
    fail_call("Filter `" + std::string(filter) + "` was called on an incorrect value: got `" +
                  json_repr(v) + "` but expected an Array",
              std::string("this value is a ") + v.type_name());
  }
  return v.as_array();
}

const Value& required_arg(std::string_view filter, const Kwargs& a, std::string_view name) {
  const Value* v = a.get(name);
  if (!v) {
    Error e(std::string(kFilterArgs), "Filter `" + std::string(filter) +
                                          "` expected an arg called `" + std::string(name) + "`");
    raise(std::move(e));
  }
  return *v;
}

std::string string_arg(std::string_view filter, const Kwargs& a, std::string_view name,
                       const char* fallback) {
  const Value* v = a.get(name);
  if (!v) {
    if (fallback) return fallback;
    required_arg(filter, a, name);
  }
  if (!v->is_string()) {
    raise(Error(std::string(kFilterArgs),
                "Filter `" + std::string(filter) + "` received an incorrect type for arg `" +
                    std::string(name) + "`: got `" + json_repr(*v) + "` but expected a String"));
  }
  return v->as_string();
}

long long int_arg(std::string_view filter, const Kwargs& a, std::string_view name,
                  long long fallback) {
  const Value* v = a.get(name);
  if (!v) return fallback;
  if (v->is_int()) return v->as_int();
  if (v->is_float()) return static_cast<long long>(v->as_float());
  raise(Error(std::string(kFilterArgs),
              "Filter `" + std::string(filter) + "` received an incorrect type for arg `" +
                  std::string(name) + "`: got `" + json_repr(*v) + "` but expected a Number"));
}

bool bool_arg(std::string_view filter, const Kwargs& a, std::string_view name, bool fallback) {
  const Value* v = a.get(name);
  if (!v) return fallback;
  if (v->is_bool()) return v->as_bool();
  raise(Error(std::string(kFilterArgs),
              "Filter `" + std::string(filter) + "` received an incorrect type for arg `" +
                  std::string(name) + "`: got `" + json_repr(*v) + "` but expected a Boolean"));
}

const Value* get_attr(const Value& v, std::string_view path) {
  const Value* cur = &v;
  while (cur) {
    auto dot = path.find('.');
    std::string_view seg = path.substr(0, dot);
    bool digits = !seg.empty();
    for (char c : seg) digits = digits && c >= '0' && c <= '9';
    if (digits && cur->is_array()) {
      cur = cur->at(static_cast<std::size_t>(std::stoull(std::string(seg))));
    } else {
      cur = cur->find(seg);
    }
    if (dot == std::string_view::npos) break;
    path.remove_prefix(dot + 1);
  }
  return cur;
}

}  // namespace ggen::tmpl
