#pragma once
// Cooperative cancellation. A token is a shared handle: copies observe the same state. Children
// are cancelled with their parent (a batch token cancels every task in the batch), never the
// other way round.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "ggen/error/error.h"

namespace ggen::runtime {

class CancellationToken {
 public:
  using Callback = std::function<void(const Error&)>;

  CancellationToken();

  // Cancels with E_CANCELLED (or the given reason, e.g. E_TIMEOUT). The first reason wins.
  // Returns false if the token was already cancelled.
  bool cancel();
  bool cancel(Error reason);
  bool cancelled() const { return state_->cancelled.load(std::memory_order_acquire); }
  // The reason; valid only once cancelled() is true.
  Error reason() const;
  // Raises the reason as a ggen::Exception when cancelled: for loops in task bodies.
  void throw_if_cancelled() const;

  // Runs `cb` once when cancelled (at once, on this thread, if already cancelled). The
  // registration is undone when the returned handle is destroyed.
  class Registration {
   public:
    Registration() = default;
    Registration(Registration&&) noexcept = default;
    Registration& operator=(Registration&& o) noexcept;
    ~Registration();
    void reset();

   private:
    friend class CancellationToken;
    Registration(std::weak_ptr<void> state, uint64_t id) : state_(std::move(state)), id_(id) {}
    std::weak_ptr<void> state_;
    uint64_t id_ = 0;
  };
  [[nodiscard]] Registration on_cancel(Callback cb) const;

  // A token cancelled when this one is, and cancellable on its own.
  CancellationToken child() const;

 private:
  struct State {
    std::atomic<bool> cancelled{false};
    mutable std::mutex mu;
    std::optional<Error> reason;
    uint64_t next_id = 1;
    std::map<uint64_t, Callback> callbacks;  // by registration id: O(log n) removal, stable order
    std::vector<Registration> links;  // keeps parent registrations of children alive
  };
  static void unregister(const std::shared_ptr<State>& s, uint64_t id);
  std::shared_ptr<State> state_;
};

}  // namespace ggen::runtime
