#include "ggen/runtime/cancellation.h"

namespace ggen::runtime {

CancellationToken::CancellationToken() : state_(std::make_shared<State>()) {}

bool CancellationToken::cancel() {
  return cancel(Error(std::string(codes::kCancelled), "the operation was cancelled"));
}

bool CancellationToken::cancel(Error reason) {
  std::map<uint64_t, Callback> callbacks;
  {
    std::lock_guard lock(state_->mu);
    if (state_->cancelled.load(std::memory_order_relaxed)) return false;
    state_->reason = std::move(reason);
    state_->cancelled.store(true, std::memory_order_release);
    callbacks.swap(state_->callbacks);
  }
  // Outside the lock: a callback may cancel other tokens or register on this one.
  for (auto& [id, cb] : callbacks) cb(*state_->reason);
  return true;
}

Error CancellationToken::reason() const {
  std::lock_guard lock(state_->mu);
  if (state_->reason) return *state_->reason;
  return Error(std::string(codes::kInternal), "token is not cancelled");
}

void CancellationToken::throw_if_cancelled() const {
  if (cancelled()) raise(reason());
}

CancellationToken::Registration CancellationToken::on_cancel(Callback cb) const {
  uint64_t id;
  {
    std::unique_lock lock(state_->mu);
    if (!state_->cancelled.load(std::memory_order_relaxed)) {
      id = state_->next_id++;
      state_->callbacks.emplace(id, std::move(cb));
      return Registration(std::weak_ptr<void>(std::static_pointer_cast<void>(state_)), id);
    }
  }
  cb(reason());
  return Registration();
}

void CancellationToken::unregister(const std::shared_ptr<State>& s, uint64_t id) {
  std::lock_guard lock(s->mu);
  s->callbacks.erase(id);
}

CancellationToken::Registration& CancellationToken::Registration::operator=(
    Registration&& o) noexcept {
  if (this != &o) {
    reset();
    state_ = std::move(o.state_);
    id_ = o.id_;
    o.id_ = 0;
  }
  return *this;
}

CancellationToken::Registration::~Registration() { reset(); }

void CancellationToken::Registration::reset() {
  if (id_ == 0) return;
  if (auto s = state_.lock()) {
    CancellationToken::unregister(std::static_pointer_cast<CancellationToken::State>(s), id_);
  }
  id_ = 0;
  state_.reset();
}

CancellationToken CancellationToken::child() const {
  CancellationToken c;
  // The child holds the parent's registration: it lives as long as the child's state. The
  // callback captures the child weakly so a dropped child does not stay alive through its parent.
  std::weak_ptr<State> weak = c.state_;
  auto reg = on_cancel([weak](const Error& why) {
    if (auto s = weak.lock()) {
      CancellationToken t;
      t.state_ = s;
      t.cancel(why);
    }
  });
  std::lock_guard lock(c.state_->mu);
  c.state_->links.push_back(std::move(reg));
  return c;
}

}  // namespace ggen::runtime
