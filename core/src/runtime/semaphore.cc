#include "ggen/runtime/semaphore.h"

namespace ggen::runtime {

Result<void> Semaphore::acquire(const CancellationToken& token) {
  // Wake the waiter when the token fires; the lock makes the wake-up impossible to miss.
  auto reg = token.on_cancel([this](const Error&) {
    std::lock_guard lock(mu_);
    cv_.notify_all();
  });
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return available_ > 0 || token.cancelled(); });
  if (token.cancelled()) return token.reason();
  --available_;
  return {};
}

bool Semaphore::try_acquire() {
  std::lock_guard lock(mu_);
  if (available_ == 0) return false;
  --available_;
  return true;
}

void Semaphore::release(size_t n) {
  {
    std::lock_guard lock(mu_);
    available_ += n;
  }
  // notify_all: a waiter woken by a cancellation leaves without a permit, so a single wake-up
  // could be lost on it while others keep sleeping.
  cv_.notify_all();
}

size_t Semaphore::available() const {
  std::lock_guard lock(mu_);
  return available_;
}

Result<Semaphore::Permit> Semaphore::acquire_permit(const CancellationToken& token) {
  auto r = acquire(token);
  if (!r.ok()) return std::move(r).take_error();
  return Permit(this);
}

}  // namespace ggen::runtime
