// Numeric functions (spec 17.4.4). Results keep the argument's numeric type.
#include <cmath>

#include "sparql/functions.h"
#include "sparql/value_ops.h"

namespace ggen::sparql {
namespace {

using Args = std::vector<Value>;
using Out = std::optional<Value>;

template <class F>
Out unary(const Value& v, F f) {
  auto n = as_numeric(v);
  if (!n) return {};
  if (n->type == Numeric::Integer) {
    n->i = static_cast<int64_t>(f(static_cast<long double>(n->i)));
  } else {
    n->d = f(n->d);
  }
  return make_numeric(*n);
}

Out abs_(Args& a, FnEnv&) {
  return unary(a[0], [](long double x) { return std::fabs(x); });
}
Out ceil_(Args& a, FnEnv&) {
  return unary(a[0], [](long double x) { return std::ceil(x); });
}
Out floor_(Args& a, FnEnv&) {
  return unary(a[0], [](long double x) { return std::floor(x); });
}
// XPath fn:round rounds halves towards positive infinity.
Out round_(Args& a, FnEnv&) {
  return unary(a[0], [](long double x) { return std::floor(x + 0.5L); });
}
Out rand_(Args&, FnEnv& env) {
  std::uniform_real_distribution<double> d(0.0, 1.0);
  Numeric n;
  n.type = Numeric::Double;
  n.d = d(env.rng);
  return make_numeric(n);
}

}  // namespace

void register_numeric_functions(std::vector<Function>& out) {
  out.insert(out.end(), {{"ABS", 1, 1, abs_},
                         {"CEIL", 1, 1, ceil_},
                         {"FLOOR", 1, 1, floor_},
                         {"ROUND", 1, 1, round_},
                         {"RAND", 0, 0, rand_}});
}

}  // namespace ggen::sparql
