#pragma once
// One byte-budgeted LRU shared by several named caches ("graphs", "queries", ...): the budget is
// global, so a large parsed graph and many small query results compete for the same memory and
// the least recently used entry goes first, whichever cache it belongs to. Each name keeps its
// own hit/miss counters. Values are immutable and shared: a reader keeps its shared_ptr alive
// after an eviction. Thread-safe.
#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace ggen::cache {

struct Counters {
  std::string name;
  size_t entries = 0, bytes = 0;
  uint64_t hits = 0, misses = 0, evictions = 0;
};

class Lru {
 public:
  explicit Lru(size_t budget_bytes) : budget_(budget_bytes) {}

  // The value stored under (cache, key), or nullptr; counts a hit or a miss.
  template <class T>
  std::shared_ptr<const T> get(const std::string& cache, const std::string& key) {
    return std::static_pointer_cast<const T>(lookup(cache, key, true));
  }
  // Like get, without touching the counters (for bookkeeping lookups).
  template <class T>
  std::shared_ptr<const T> peek(const std::string& cache, const std::string& key) {
    return std::static_pointer_cast<const T>(lookup(cache, key, false));
  }
  // Stores (or replaces) a value of `bytes` (an estimate); evicts least recently used entries
  // until the budget holds. A value larger than the whole budget is not stored; returns false.
  template <class T>
  bool put(const std::string& cache, const std::string& key, std::shared_ptr<const T> value,
           size_t bytes) {
    return insert(cache, key, std::static_pointer_cast<const void>(std::move(value)), bytes);
  }
  void erase(const std::string& cache, const std::string& key);
  // Counts a hit or a miss served elsewhere (e.g. from disk after a peek) under `cache`.
  void record(const std::string& cache, bool hit);

  // Counters of every cache named so far, by name.
  std::vector<Counters> counters() const;
  size_t bytes() const;
  size_t budget() const { return budget_; }
  void set_budget(size_t bytes);
  void reset_counters();

 private:
  struct Entry {
    std::string cache, key;
    std::shared_ptr<const void> value;
    size_t bytes = 0;
  };
  using List = std::list<Entry>;

  std::shared_ptr<const void> lookup(const std::string& cache, const std::string& key, bool count);
  bool insert(const std::string& cache, const std::string& key, std::shared_ptr<const void> value,
              size_t bytes);
  void drop(List::iterator it);
  void evict_to(size_t budget);
  static std::string full_key(const std::string& cache, const std::string& key);

  mutable std::mutex mu_;
  size_t budget_;
  size_t bytes_ = 0;
  List order_;  // front: most recently used
  std::unordered_map<std::string, List::iterator> index_;
  std::map<std::string, Counters> counters_;
};

}  // namespace ggen::cache
