#pragma once
// Counting semaphore for bounded concurrency (e.g. at most N open files or child processes).
// acquire() blocks the calling thread, so use it for resources held briefly; to bound the number
// of concurrent *tasks* use run_bounded (task_group.h), which never blocks a worker.
#include <condition_variable>
#include <cstddef>
#include <mutex>

#include "ggen/error/result.h"
#include "ggen/runtime/cancellation.h"

namespace ggen::runtime {

class Semaphore {
 public:
  explicit Semaphore(size_t permits) : available_(permits) {}
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  // Waits for a permit; fails with the token's reason if cancelled first.
  Result<void> acquire(const CancellationToken& token);
  bool try_acquire();
  void release(size_t n = 1);
  size_t available() const;

  // RAII permit.
  class Permit {
   public:
    Permit() = default;
    explicit Permit(Semaphore* s) : s_(s) {}
    Permit(Permit&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
    Permit& operator=(Permit&& o) noexcept {
      if (this != &o) {
        if (s_) s_->release();
        s_ = o.s_;
        o.s_ = nullptr;
      }
      return *this;
    }
    ~Permit() {
      if (s_) s_->release();
    }

   private:
    Semaphore* s_ = nullptr;
  };
  Result<Permit> acquire_permit(const CancellationToken& token);

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  size_t available_;
};

}  // namespace ggen::runtime
