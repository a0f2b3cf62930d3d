#include "sparql/functions.h"

#include <algorithm>
#include <mutex>

namespace ggen::sparql {

const Function* find_function(std::string_view upper_name) {
  static const std::vector<Function> table = [] {
    std::vector<Function> t;
    register_string_functions(t);
    register_numeric_functions(t);
    register_datetime_functions(t);
    register_hash_functions(t);
    register_term_functions(t);
    std::sort(t.begin(), t.end(), [](const Function& a, const Function& b) {
      return std::string_view(a.name) < std::string_view(b.name);
    });
    return t;
  }();
  auto it = std::lower_bound(table.begin(), table.end(), upper_name,
                             [](const Function& f, std::string_view n) { return f.name < n; });
  if (it != table.end() && it->name == upper_name) return &*it;
  return nullptr;
}

}  // namespace ggen::sparql
