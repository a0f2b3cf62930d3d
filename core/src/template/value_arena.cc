#include "template/value_arena.h"

#include <algorithm>
#include <mutex>

namespace ggen::tmpl {

namespace {

constexpr std::size_t kMinBlock = std::size_t{16} << 10;
constexpr std::size_t kKeep = 4;                        // blocks kept for reuse
constexpr std::size_t kKeepMax = std::size_t{8} << 20;  // bytes; larger ones are freed

// Free blocks shared by all threads (a tree may be freed on another thread than it was built).
struct BlockPool {
  std::mutex mu;
  std::vector<std::pair<std::byte*, std::size_t>> free;

  std::pair<std::byte*, std::size_t> take(std::size_t need) {
    {
      std::lock_guard lock(mu);
      // The smallest block that fits.
      auto best = free.end();
      for (auto it = free.begin(); it != free.end(); ++it)
        if (it->second >= need && (best == free.end() || it->second < best->second)) best = it;
      if (best != free.end()) {
        auto b = *best;
        free.erase(best);
        return b;
      }
    }
    return {new std::byte[need], need};
  }

  void give(std::pair<std::byte*, std::size_t> b) {
    if (b.second <= kKeepMax) {
      std::lock_guard lock(mu);
      if (free.size() < kKeep) {
        free.push_back(b);
        return;
      }
      // Keep the larger blocks: replace the smallest one if this is bigger.
      auto smallest = std::min_element(free.begin(), free.end(), [](const auto& x, const auto& y) {
        return x.second < y.second;
      });
      if (smallest->second < b.second) std::swap(*smallest, b);
    }
    delete[] b.first;
  }
};

BlockPool& pool() {
  static BlockPool* p = new BlockPool();  // never destroyed: threads may outlive statics
  return *p;
}

// Sets of spare buffers, one per recently freed tree (a few, for renders in flight at once).
struct SparePool {
  static constexpr std::size_t kKeepSets = 4;
  std::mutex mu;
  std::vector<std::unique_ptr<SpareBuffers>> sets;

  std::unique_ptr<SpareBuffers> take() {
    {
      std::lock_guard lock(mu);
      if (!sets.empty()) {
        auto s = std::move(sets.back());
        sets.pop_back();
        return s;
      }
    }
    return std::make_unique<SpareBuffers>();
  }
  void give(std::unique_ptr<SpareBuffers> s) {
    {
      std::lock_guard lock(mu);
      if (sets.size() < kKeepSets) {
        sets.push_back(std::move(s));
        return;
      }
      // Full: keep the set holding the most (a tree's worth beats a parse's leftovers).
      auto smallest = std::min_element(sets.begin(), sets.end(), [](const auto& a, const auto& b) {
        return a->bytes < b->bytes;
      });
      if ((*smallest)->bytes < s->bytes) std::swap(*smallest, s);
    }
    // `s` (the smaller one) is freed here, outside the lock.
  }
};

SparePool& spare_pool() {
  static SparePool* p = new SparePool();  // never destroyed: threads may outlive statics
  return *p;
}

}  // namespace

ValueArena::ValueArena(std::size_t expected) : spares_(spare_pool().take()) {
  grow(std::max(expected, kMinBlock));
}

void ValueArena::release_spares() {
  SpareBuffers& s = *spares_;
  if (s.bytes == 0) return;
  auto rest = std::make_unique<SpareBuffers>();
  for (std::size_t k = 0; k < SpareBuffers::kBuckets; ++k) {
    rest->strings[k].swap(s.strings[k]);
    rest->arrays[k].swap(s.arrays[k]);
    rest->objects[k].swap(s.objects[k]);
  }
  rest->bytes = std::exchange(s.bytes, 0);
  spare_pool().give(std::move(rest));
}

ValueArena::~ValueArena() {
  SpareBuffers& s = *spares_;
  // Every container goes back to the buckets with its buffer (the moved-from shell has none).
  for (Object* o : s.object_list) {
    s.keep(s.objects, std::move(*o));
    o->~Object();
  }
  for (Array* a : s.array_list) {
    s.keep(s.arrays, std::move(*a));
    a->~Array();
  }
  for (std::string* str : s.string_list) {
    if (str->capacity() > kSso) s.keep(s.strings, std::move(*str));  // in-place ones: no buffer
    str->~basic_string();
  }
  s.object_list.clear();
  s.array_list.clear();
  s.string_list.clear();
  for (auto& b : blocks_) pool().give(b);
  spare_pool().give(std::move(spares_));
}

void ValueArena::grow(std::size_t need) {
  // Each new block at least doubles the arena, so a bad first guess costs a few blocks at most.
  std::size_t size = std::max({need, kMinBlock, cap_ * 2});
  auto b = pool().take(size);
  blocks_.push_back(b);
  block_ = b.first;
  cap_ = b.second;
  used_ = 0;
}

}  // namespace ggen::tmpl
