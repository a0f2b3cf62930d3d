#pragma once
// The order phases run in: dependencies first, depth-first in the order each phase lists them,
// every phase once. Deterministic whatever the map order.
#include <string>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/lifecycle/config.h"

namespace ggen::lifecycle {

// `target` and everything it depends on, dependencies first. E_LIFECYCLE_UNKNOWN_PHASE for a
// name that is not declared; E_LIFECYCLE_CYCLE with the cycle spelled out ("a -> b -> a").
Result<std::vector<std::string>> run_order(const std::vector<Phase>& phases,
                                           const std::string& target);

// The first dependency cycle among all the phases, if any ("a -> b -> a"), else "".
std::string find_cycle(const std::vector<Phase>& phases);

}  // namespace ggen::lifecycle
