#pragma once
// Registry of built-in filters, tests and functions. Each is a plain function pointer, resolved
// by name once at parse time so rendering never looks names up.
#include <string>
#include <string_view>
#include <vector>

#include "ggen/error/error.h"
#include "ggen/template/callable.h"
#include "ggen/template/value.h"

namespace ggen::tmpl {

inline constexpr std::string_view kFilterArgs = "E_FILTER_ARGS";

using FilterImpl = Value (*)(const Value& input, const Kwargs& args);
// The same filter appending its (string) result to `out`: used for the last filter of a `{{ }}`
// when nothing needs escaping, so the result is written into the page instead of into a new
// string Value that is copied and freed (18k filter calls per page in the filters benchmark).
// Must leave `out` as it was when it throws.
using FilterWrite = void (*)(const Value& input, const Kwargs& args, std::string& out);
using TestImpl = bool (*)(const Value* input, const std::vector<Value>& args);
using FunctionImpl = Value (*)(const Kwargs& args);

struct BuiltinFilter {
  std::string_view name;
  FilterImpl fn;
  std::string_view signature;   // shown in hints: "replace(from, to)"
  FilterWrite write = nullptr;  // optional, see FilterWrite
};
struct BuiltinTest {
  std::string_view name;
  TestImpl fn;
};
struct BuiltinFunction {
  std::string_view name;
  FunctionImpl fn;
  std::string_view signature;
};

const BuiltinFilter* find_filter(std::string_view name);
const BuiltinTest* find_test(std::string_view name);
const BuiltinFunction* find_function(std::string_view name);
std::vector<std::string_view> filter_names();
std::vector<std::string_view> test_names();
std::vector<std::string_view> function_names();

// Per-family tables (filters_*.cc, tests.cc, functions.cc).
extern const BuiltinFilter kStringFilters[];
extern const std::size_t kStringFilterCount;
extern const BuiltinFilter kArrayFilters[];
extern const std::size_t kArrayFilterCount;
extern const BuiltinFilter kNumberFilters[];
extern const std::size_t kNumberFilterCount;
extern const BuiltinFilter kCaseFilters[];
extern const std::size_t kCaseFilterCount;
extern const BuiltinFilter kMiscFilters[];
extern const std::size_t kMiscFilterCount;
extern const BuiltinTest kTests[];
extern const std::size_t kTestCount;
extern const BuiltinFunction kFunctions[];
extern const std::size_t kFunctionCount;

// Helpers for builtin implementations. All throw ggen::Exception.
[[noreturn]] void fail_call(std::string message, std::string hint = {});
// `got `50` but expected a String` style description of a value (serde_json form).
std::string json_repr(const Value& v);
const std::string& want_string(std::string_view filter, const Value& v);
double want_number(std::string_view filter, const Value& v);
const Array& want_array(std::string_view filter, const Value& v);
// Keyword argument accessors: missing required args and wrong types raise E_FILTER_ARGS.
const Value& required_arg(std::string_view filter, const Kwargs& a, std::string_view name);
std::string string_arg(std::string_view filter, const Kwargs& a, std::string_view name,
                       const char* fallback = nullptr);
long long int_arg(std::string_view filter, const Kwargs& a, std::string_view name,
                  long long fallback);
bool bool_arg(std::string_view filter, const Kwargs& a, std::string_view name, bool fallback);
// Follows a dotted attribute path (`a.b.0`) inside a value; nullptr if absent.
const Value* get_attr(const Value& v, std::string_view path);

// Text helpers shared by filters.
void escape_html(std::string_view s, std::string& out);
std::string unescape_tab_newline(std::string_view s);  // literal "\n" / "\t" -> newline / tab
std::vector<std::string_view> graphemes(std::string_view s);
std::size_t utf8_length(std::string_view s);
std::string trim_ws(std::string_view s, bool start, bool end);
std::string to_lower_utf8(std::string_view s);
std::string to_upper_utf8(std::string_view s);
void append_lower_utf8(std::string_view s, std::string& out);
void append_upper_utf8(std::string_view s, std::string& out);

}  // namespace ggen::tmpl
