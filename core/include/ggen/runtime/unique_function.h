#pragma once
// A move-only std::function: tasks own promises and buffers that cannot be copied.
#include <memory>
#include <type_traits>
#include <utility>

namespace ggen::runtime {

template <class Sig>
class UniqueFunction;

template <class R, class... A>
class UniqueFunction<R(A...)> {
 public:
  UniqueFunction() = default;
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, UniqueFunction>>>
  UniqueFunction(F&& f) : impl_(std::make_unique<Impl<std::decay_t<F>>>(std::forward<F>(f))) {}

  explicit operator bool() const { return impl_ != nullptr; }
  R operator()(A... args) { return impl_->call(std::forward<A>(args)...); }

 private:
  struct Base {
    virtual ~Base() = default;
    virtual R call(A... args) = 0;
  };
  template <class F>
  struct Impl final : Base {
    explicit Impl(F&& f) : fn(std::move(f)) {}
    explicit Impl(const F& f) : fn(f) {}
    R call(A... args) override { return fn(std::forward<A>(args)...); }
    F fn;
  };
  std::unique_ptr<Base> impl_;
};

}  // namespace ggen::runtime
