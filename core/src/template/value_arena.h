#pragma once
// Storage for a tree of Values built in one go (parse_json): the strings, arrays and objects sit
// in a few large blocks, their Values borrow them (no reference count, no allocation of their
// own), and the tree's root owns the arena. A per-call context of 10k rows used to cost five
// allocations and five frees per row, often freed on another thread than the one that
// allocated them (malloc arena locks). Blocks are recycled between trees, so a repeated parse
// writes into warm memory instead of faulting fresh pages in.
//
// What the blocks cannot hold, the element vectors of arrays and objects and strings over 15
// bytes (standard containers with their own heap buffers), is recycled too: a freed tree's
// buffers are kept, bucketed by capacity, and the next tree takes them instead of calling
// malloc. Measured on a macro-heavy page's 70 KB context: freeing ~1,000 object vectors at once
// made glibc trim its heap (madvise, a TLB shoot-down on every CPU) and the next parse grow it
// again, ~25% of a render call; per-call contexts usually have the same shape call after call.
#include <cstddef>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "ggen/template/value.h"

namespace ggen::tmpl {

// Emptied containers that kept their heap buffers, by capacity (bucket k: capacity in
// [2^k, 2^(k+1))). Moved between arenas whole, through a small shared pool.
struct SpareBuffers {
  static constexpr std::size_t kBuckets = 40;
  std::vector<std::string> strings[kBuckets];
  std::vector<Array> arrays[kBuckets];
  std::vector<Object> objects[kBuckets];
  // The arena's own bookkeeping lists, kept with their capacity.
  std::vector<std::string*> string_list;
  std::vector<Array*> array_list;
  std::vector<Object*> object_list;
  std::size_t bytes = 0;  // held by the buckets

  static std::size_t bucket(std::size_t n) {
    std::size_t k = 0;
    while (n >>= 1) ++k;
    return k < kBuckets ? k : kBuckets - 1;
  }
  // A container with room for `n` (empty), or a fresh one.
  template <class C>
  C take(std::vector<C>* buckets, std::size_t n) {
    if (n == 0) return C();
    for (std::size_t k = bucket(n), tries = 0; k < kBuckets && tries < 2; ++k, ++tries) {
      std::vector<C>& b = buckets[k];
      if (!b.empty() && b.back().capacity() >= n) {
        C c = std::move(b.back());
        b.pop_back();
        bytes -= c.capacity() * sizeof(typename C::value_type);
        return c;
      }
    }
    C c;
    c.reserve(n);
    return c;
  }
  // Keeps `c`'s buffer (c is cleared), unless that would hold too much.
  template <class C>
  void keep(std::vector<C>* buckets, C&& c) {
    c.clear();
    const std::size_t size = c.capacity() * sizeof(typename C::value_type);
    if (c.capacity() == 0 || bytes + size > kMaxBytes) return;
    bytes += size;
    buckets[bucket(c.capacity())].push_back(std::move(c));
  }
  static constexpr std::size_t kMaxBytes = std::size_t{8} << 20;  // per set
};

class ValueArena {
 public:
  // `expected`: a guess of the bytes needed (a block of at least that size is taken first).
  explicit ValueArena(std::size_t expected);
  ~ValueArena();
  ValueArena(const ValueArena&) = delete;
  ValueArena& operator=(const ValueArena&) = delete;

  // An empty string in the arena with room for `n` bytes (a recycled buffer when there is one);
  // fill it, then make it a Value with string_value().
  std::string* new_string(std::size_t n) {
    if (n <= kSso) return make<std::string>();
    return make<std::string>(spares_->take(spares_->strings, n));
  }
  Value string_value(std::string* p) {
    if (p->capacity() > kSso) spares_->string_list.push_back(p);  // short ones own no buffer
    return Value::borrow(Value::Kind::String, p);
  }
  // An empty string in the arena that is freed with it even if it is never made a Value (it may
  // grow while a parse that then fails fills it).
  std::string* new_tracked_string() {
    auto* p = make<std::string>();
    spares_->string_list.push_back(p);
    return p;
  }
  static Value borrowed_string(const std::string* p) {
    return Value::borrow(Value::Kind::String, p);
  }
  // Empty containers with room for `n` elements, recycled when possible.
  Array array_buffer(std::size_t n) { return spares_->take(spares_->arrays, n); }
  Object object_buffer(std::size_t n) { return spares_->take(spares_->objects, n); }
  Value array(Array&& a) {
    auto* p = make<Array>(std::move(a));
    spares_->array_list.push_back(p);
    return Value::borrow(Value::Kind::Array, p);
  }
  // Once the tree is built: the spare buffers it did not use go back to the pool now, not when
  // the tree is freed (a prepared context may live for the whole program).
  void release_spares();

  // `o` must be sorted with unique keys.
  Value object(Object&& o) {
    auto* p = make<Object>(std::move(o));
    spares_->object_list.push_back(p);
    return Value::borrow(Value::Kind::Object, p);
  }

 private:
  static constexpr std::size_t kSso = 15;  // libstdc++'s in-place capacity

  template <class T, class... Arg>
  T* make(Arg&&... arg) {
    constexpr std::size_t align = alignof(T);
    std::size_t at = (used_ + align - 1) & ~(align - 1);
    if (at + sizeof(T) > cap_) {
      grow(sizeof(T));
      at = 0;
    }
    used_ = at + sizeof(T);
    return new (block_ + at) T(std::forward<Arg>(arg)...);
  }
  void grow(std::size_t need);

  std::byte* block_ = nullptr;
  std::size_t used_ = 0, cap_ = 0;
  std::vector<std::pair<std::byte*, std::size_t>> blocks_;
  // What this tree built (the lists) and the buffers it may reuse; handed on when it is freed.
  std::unique_ptr<SpareBuffers> spares_;
};

}  // namespace ggen::tmpl
