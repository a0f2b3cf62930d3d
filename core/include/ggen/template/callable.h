#pragma once
// Signatures of user-registered functions, filters and tests. Arguments are keyword-only, as in
// Tera: `{{ sparql(query="...", limit=10) }}`, `{{ x | pad(width=4) }}`. A callable reports bad
// input by throwing ggen::Exception (ggen::raise); the engine adds the template location.
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ggen/template/value.h"

namespace ggen::tmpl {

class Kwargs {
 public:
  std::vector<std::pair<std::string_view, Value>> items;

  const Value* get(std::string_view name) const {
    for (const auto& kv : items)
      if (kv.first == name) return &kv.second;
    return nullptr;
  }
  bool has(std::string_view name) const { return get(name) != nullptr; }
};

using Function = std::function<Value(const Kwargs& args)>;
using FilterFunction = std::function<Value(const Value& input, const Kwargs& args)>;
// `input` is nullptr when the tested variable is undefined.
using TestFunction = std::function<bool(const Value* input, const std::vector<Value>& args)>;

}  // namespace ggen::tmpl
