// Built-in tests: `x is name(args)`. Undefined subjects arrive as nullptr.
#include <cmath>
#include <regex>

#include "template/builtins.h"

namespace ggen::tmpl {

namespace {

void no_args(std::string_view name, const std::vector<Value>& args) {
  if (!args.empty()) {
    fail_call("Tester `" + std::string(name) +
                  "` was called with some args but this test doesn't take args",
              "write `is " + std::string(name) + "` without parentheses");
  }
}

const Value& defined(std::string_view name, const Value* v) {
  if (!v) {
    fail_call("Tester `" + std::string(name) + "` was called on an undefined variable",
              "guard it with `is defined` first");
  }
  return *v;
}

const Value& one_arg(std::string_view name, const std::vector<Value>& args) {
  if (args.size() != 1) {
    fail_call("Tester `" + std::string(name) + "` expects 1 argument, got " +
              std::to_string(args.size()));
  }
  return args[0];
}

bool t_defined(const Value* v, const std::vector<Value>& args) {
  no_args("defined", args);
  return v != nullptr;
}
bool t_undefined(const Value* v, const std::vector<Value>& args) {
  no_args("undefined", args);
  return v == nullptr;
}
bool t_none(const Value* v, const std::vector<Value>& args) {
  no_args("none", args);
  return v == nullptr || v->is_null();
}
bool t_string(const Value* v, const std::vector<Value>& args) {
  no_args("string", args);
  return defined("string", v).is_string();
}
bool t_number(const Value* v, const std::vector<Value>& args) {
  no_args("number", args);
  return defined("number", v).is_number();
}
bool t_boolean(const Value* v, const std::vector<Value>& args) {
  no_args("boolean", args);
  return defined("boolean", v).is_bool();
}

double number_subject(std::string_view name, const Value* v) {
  const Value& x = defined(name, v);
  if (!x.is_number()) {
    fail_call("Tester `" + std::string(name) + "` was called on a variable that isn't a number",
              std::string("the value is a ") + x.type_name());
  }
  return x.as_number();
}

bool t_odd(const Value* v, const std::vector<Value>& args) {
  no_args("odd", args);
  return std::fmod(number_subject("odd", v), 2.0) != 0.0;
}
bool t_even(const Value* v, const std::vector<Value>& args) {
  no_args("even", args);
  return std::fmod(number_subject("even", v), 2.0) == 0.0;
}
bool t_divisibleby(const Value* v, const std::vector<Value>& args) {
  double x = number_subject("divisibleby", v);
  const Value& d = one_arg("divisibleby", args);
  if (!d.is_number()) fail_call("Tester `divisibleby` expects a number argument");
  if (d.as_number() == 0.0) return false;
  return std::fmod(x, d.as_number()) == 0.0;
}
bool t_iterable(const Value* v, const std::vector<Value>& args) {
  no_args("iterable", args);
  const Value& x = defined("iterable", v);
  return x.is_array() || x.is_object();
}
bool t_object(const Value* v, const std::vector<Value>& args) {
  no_args("object", args);
  return defined("object", v).is_object();
}

const std::string& string_subject(std::string_view name, const Value* v) {
  const Value& x = defined(name, v);
  if (!x.is_string()) {
    fail_call("Tester `" + std::string(name) + "` was called on a variable that isn't a string",
              std::string("the value is a ") + x.type_name());
  }
  return x.as_string();
}

bool t_starting_with(const Value* v, const std::vector<Value>& args) {
  const std::string& s = string_subject("starting_with", v);
  const Value& p = one_arg("starting_with", args);
  if (!p.is_string()) fail_call("Tester `starting_with` expects a string argument");
  return s.rfind(p.as_string(), 0) == 0;
}
bool t_ending_with(const Value* v, const std::vector<Value>& args) {
  const std::string& s = string_subject("ending_with", v);
  const Value& p = one_arg("ending_with", args);
  if (!p.is_string()) fail_call("Tester `ending_with` expects a string argument");
  const std::string& suf = p.as_string();
  return s.size() >= suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
}
bool t_containing(const Value* v, const std::vector<Value>& args) {
  const Value& x = defined("containing", v);
  const Value& needle = one_arg("containing", args);
  if (x.is_string()) {
    if (!needle.is_string()) fail_call("Tester `containing` on a string expects a string argument");
    return x.as_string().find(needle.as_string()) != std::string::npos;
  }
  if (x.is_array()) {
    for (const Value& e : x.as_array())
      if (e == needle) return true;
    return false;
  }
  if (x.is_object()) {
    if (!needle.is_string()) fail_call("Tester `containing` on an object expects a string key");
    return x.find(needle.as_string()) != nullptr;
  }
  fail_call("Tester `containing` can only be used on strings, arrays and objects",
            std::string("the value is a ") + x.type_name());
}
bool t_matching(const Value* v, const std::vector<Value>& args) {
  const std::string& s = string_subject("matching", v);
  const Value& p = one_arg("matching", args);
  if (!p.is_string()) fail_call("Tester `matching` expects a string regex");
  std::string re = p.as_string();
  auto flags = std::regex::ECMAScript;
  if (re.rfind("(?i)", 0) == 0) {
    re = re.substr(4);
    flags |= std::regex::icase;
  }
  try {
    return std::regex_search(s, std::regex(re, flags));
  } catch (const std::regex_error& e) {
    fail_call("Tester `matching`: invalid regex `" + p.as_string() + "`: " + e.what());
  }
}

}  // namespace

const BuiltinTest kTests[] = {
    {"defined", t_defined},
    {"undefined", t_undefined},
    {"none", t_none},
    {"string", t_string},
    {"number", t_number},
    {"boolean", t_boolean},
    {"odd", t_odd},
    {"even", t_even},
    {"divisibleby", t_divisibleby},
    {"iterable", t_iterable},
    {"object", t_object},
    {"starting_with", t_starting_with},
    {"ending_with", t_ending_with},
    {"containing", t_containing},
    {"matching", t_matching},
};
const std::size_t kTestCount = sizeof(kTests) / sizeof(kTests[0]);

}  // namespace ggen::tmpl
