#include "ggen/cache/lru.h"

namespace ggen::cache {

std::string Lru::full_key(const std::string& cache, const std::string& key) {
  std::string k;
  k.reserve(cache.size() + 1 + key.size());
  k += cache;
  k += '\0';  // names never contain NUL, so (cache, key) pairs cannot collide
  k += key;
  return k;
}

std::shared_ptr<const void> Lru::lookup(const std::string& cache, const std::string& key,
                                        bool count) {
  std::lock_guard lock(mu_);
  Counters& c = counters_[cache];
  c.name = cache;
  auto it = index_.find(full_key(cache, key));
  if (it == index_.end()) {
    if (count) ++c.misses;
    return nullptr;
  }
  if (count) ++c.hits;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->value;
}

bool Lru::insert(const std::string& cache, const std::string& key,
                 std::shared_ptr<const void> value, size_t bytes) {
  std::lock_guard lock(mu_);
  Counters& c = counters_[cache];
  c.name = cache;
  std::string k = full_key(cache, key);
  if (auto it = index_.find(k); it != index_.end()) drop(it->second);
  if (bytes > budget_) return false;
  evict_to(budget_ - bytes);
  order_.push_front(Entry{cache, key, std::move(value), bytes});
  index_.emplace(std::move(k), order_.begin());
  bytes_ += bytes;
  c.entries += 1;
  c.bytes += bytes;
  return true;
}

void Lru::drop(List::iterator it) {
  Counters& c = counters_[it->cache];
  c.entries -= 1;
  c.bytes -= it->bytes;
  bytes_ -= it->bytes;
  index_.erase(full_key(it->cache, it->key));
  order_.erase(it);
}

void Lru::evict_to(size_t budget) {
  while (bytes_ > budget && !order_.empty()) {
    auto last = std::prev(order_.end());
    counters_[last->cache].evictions += 1;
    drop(last);
  }
}

void Lru::record(const std::string& cache, bool hit) {
  std::lock_guard lock(mu_);
  Counters& c = counters_[cache];
  c.name = cache;
  ++(hit ? c.hits : c.misses);
}

void Lru::erase(const std::string& cache, const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = index_.find(full_key(cache, key));
  if (it != index_.end()) drop(it->second);
}

std::vector<Counters> Lru::counters() const {
  std::lock_guard lock(mu_);
  std::vector<Counters> out;
  for (const auto& [name, c] : counters_) out.push_back(c);
  return out;
}

size_t Lru::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

void Lru::set_budget(size_t bytes) {
  std::lock_guard lock(mu_);
  budget_ = bytes;
  evict_to(budget_);
}

void Lru::reset_counters() {
  std::lock_guard lock(mu_);
  for (auto& [name, c] : counters_) c.hits = c.misses = c.evictions = 0;
}

}  // namespace ggen::cache
