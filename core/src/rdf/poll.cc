#include "ggen/rdf/poll.h"

namespace ggen::rdf {

namespace {
thread_local const std::function<void()>* t_poll = nullptr;
}  // namespace

PollScope::PollScope(std::function<void()> poll) : poll_(std::move(poll)), previous_(t_poll) {
  t_poll = poll_ ? &poll_ : previous_;
}

PollScope::~PollScope() {
  t_poll = previous_;
}

const std::function<void()>* current_poll() {
  return t_poll;
}

}  // namespace ggen::rdf
