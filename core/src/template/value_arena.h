#pragma once
// Storage for a tree of Values built in one go (parse_json): the strings, arrays and objects sit
// in a few large blocks, their Values borrow them (no reference count, no allocation of their
// own), and the tree's root owns the arena. A per-call context of 10k rows used to cost five
// allocations and five frees per row, often freed on another thread than the one that
// allocated them (malloc arena locks); this leaves the heap buffers of long strings and of the
// array/object element vectors. Blocks are recycled between trees, so a repeated parse writes
// into warm memory instead of faulting fresh pages in.
#include <cstddef>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "ggen/template/value.h"

namespace ggen::tmpl {

class ValueArena {
 public:
  // `expected`: a guess of the bytes needed (a block of at least that size is taken first).
  explicit ValueArena(std::size_t expected);
  ~ValueArena();
  ValueArena(const ValueArena&) = delete;
  ValueArena& operator=(const ValueArena&) = delete;

  Value string(std::string&& s) {
    auto* p = make<std::string>(std::move(s));
    if (p->capacity() > kSso) strings_.push_back(p);  // short ones own no heap buffer
    return Value::borrow(Value::Kind::String, p);
  }
  Value array(Array&& a) {
    auto* p = make<Array>(std::move(a));
    arrays_.push_back(p);
    return Value::borrow(Value::Kind::Array, p);
  }
  // `o` must be sorted with unique keys.
  Value object(Object&& o) {
    auto* p = make<Object>(std::move(o));
    objects_.push_back(p);
    return Value::borrow(Value::Kind::Object, p);
  }

 private:
  static constexpr std::size_t kSso = 15;  // libstdc++'s in-place capacity

  template <class T, class Arg>
  T* make(Arg&& arg) {
    constexpr std::size_t align = alignof(T);
    std::size_t at = (used_ + align - 1) & ~(align - 1);
    if (at + sizeof(T) > cap_) {
      grow(sizeof(T));
      at = 0;
    }
    used_ = at + sizeof(T);
    return new (block_ + at) T(std::forward<Arg>(arg));
  }
  void grow(std::size_t need);

  std::byte* block_ = nullptr;
  std::size_t used_ = 0, cap_ = 0;
  std::vector<std::pair<std::byte*, std::size_t>> blocks_;
  std::vector<std::string*> strings_;
  std::vector<Array*> arrays_;
  std::vector<Object*> objects_;
};

}  // namespace ggen::tmpl
