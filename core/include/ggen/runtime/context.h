#pragma once
// What every domain operation receives: a cancellation token, an optional deadline and a
// progress sink. Cheap to copy; copies share the token.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "ggen/runtime/cancellation.h"

namespace ggen::runtime {

struct Progress {
  std::string phase;  // "planned", "rendered", "written", ...
  uint64_t done = 0;
  uint64_t total = 0;
};

using Clock = std::chrono::steady_clock;

struct Context {
  CancellationToken token;
  std::optional<Clock::time_point> deadline;
  // Called from worker threads; must be thread-safe and cheap (the bridge coalesces).
  std::function<void(const Progress&)> progress;

  // E_CANCELLED / E_TIMEOUT once the token is cancelled or the deadline has passed.
  bool stopped() const { return token.cancelled() || (deadline && Clock::now() >= *deadline); }
  void check() const;
  void report(const Progress& p) const {
    if (progress) progress(p);
  }
  // A context for a sub-operation: same deadline and progress, a child token.
  Context child() const { return Context{token.child(), deadline, progress}; }
};

Error timeout_error();

}  // namespace ggen::runtime
