#include "ggen/runtime/context.h"

namespace ggen::runtime {

Error timeout_error() {
  return Error(std::string(codes::kTimeout), "the operation did not finish before its deadline")
      .with_hint("raise the timeout (--timeout <ms>) or narrow the work");
}

void Context::check() const {
  token.throw_if_cancelled();
  if (deadline && Clock::now() >= *deadline) raise(timeout_error());
}

}  // namespace ggen::runtime
