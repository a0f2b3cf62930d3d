#pragma once
// Long index work the store does on a reader's behalf — building a lazily built index order,
// computing the planner's statistics — happens inside calls that take no cancellation (a scan,
// statistics()). It polls the hook the calling thread installed instead: a query installs its
// cancellation check for the time it runs, so an abort stops it inside that work. The hook may
// raise (ggen::Exception); the store is then as it was (the work is done again on next use).
#include <functional>

namespace ggen::rdf {

class PollScope {
 public:
  explicit PollScope(std::function<void()> poll);
  ~PollScope();  // puts the previous hook back
  PollScope(const PollScope&) = delete;
  PollScope& operator=(const PollScope&) = delete;

 private:
  std::function<void()> poll_;
  const std::function<void()>* previous_;
};

// The calling thread's hook, or nullptr when none is installed.
const std::function<void()>* current_poll();

}  // namespace ggen::rdf
