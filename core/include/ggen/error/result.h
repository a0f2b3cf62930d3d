#pragma once
// Result<T>: a value or a ggen::Error, for code paths where failure is ordinary (parsing user
// input) and exceptions would hide the control flow.
#include <cassert>
#include <utility>
#include <variant>

#include "ggen/error/error.h"

namespace ggen {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    if (!ok()) raise(error());
    return std::get<0>(v_);
  }
  const T& value() const& {
    if (!ok()) raise(error());
    return std::get<0>(v_);
  }
  T&& value() && {
    if (!ok()) raise(error());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  T& operator*() { return value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& take_error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  void value() const {
    if (!ok_) raise(error_);
  }
  const Error& error() const { return error_; }
  Error&& take_error() && { return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace ggen
