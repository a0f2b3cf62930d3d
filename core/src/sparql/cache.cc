#include "sparql/cache.h"

#include <list>
#include <mutex>
#include <unordered_map>

namespace ggen::sparql {
namespace {

// A small LRU map; the caches hold at most a few hundred entries.
template <class V>
class Lru {
 public:
  explicit Lru(size_t cap) : cap_(cap) {}
  std::optional<V> get(const std::string& k) {
    auto it = map_.find(k);
    if (it == map_.end()) return std::nullopt;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
  }
  void put(const std::string& k, V v) {
    auto it = map_.find(k);
    if (it != map_.end()) {
      it->second->second = std::move(v);
      order_.splice(order_.begin(), order_, it->second);
      return;
    }
    order_.emplace_front(k, std::move(v));
    map_[k] = order_.begin();
    if (map_.size() > cap_) {
      map_.erase(order_.back().first);
      order_.pop_back();
    }
  }
  void clear() {
    map_.clear();
    order_.clear();
  }

 private:
  size_t cap_;
  std::list<std::pair<std::string, V>> order_;
  std::unordered_map<std::string, typename std::list<std::pair<std::string, V>>::iterator> map_;
};

struct Caches {
  std::mutex mu;
  Lru<std::shared_ptr<const Query>> parsed{256};
  Lru<std::shared_ptr<const QueryResult>> results{64};
  CacheStats stats;
};

Caches& caches() {
  static Caches c;
  return c;
}

}  // namespace

std::string cache_key(std::string_view text, const ParseOptions& o) {
  std::string k(text);
  k += '\0';
  k += o.base;
  for (const auto& [p, iri] : o.prefixes) {
    k += '\0';
    k += p;
    k += '=';
    k += iri;
  }
  return k;
}

std::shared_ptr<const Query> parse_cache_get(const std::string& key) {
  auto& c = caches();
  std::lock_guard<std::mutex> lock(c.mu);
  auto v = c.parsed.get(key);
  if (v) {
    ++c.stats.parse_hits;
    return *v;
  }
  ++c.stats.parse_misses;
  return nullptr;
}

void parse_cache_put(const std::string& key, std::shared_ptr<const Query> q) {
  auto& c = caches();
  std::lock_guard<std::mutex> lock(c.mu);
  c.parsed.put(key, std::move(q));
}

std::optional<QueryResult> result_cache_get(uint64_t version, const std::string& key) {
  auto& c = caches();
  std::lock_guard<std::mutex> lock(c.mu);
  auto v = c.results.get(std::to_string(version) + '\0' + key);
  if (v) {
    ++c.stats.result_hits;
    return **v;
  }
  ++c.stats.result_misses;
  return std::nullopt;
}

void result_cache_put(uint64_t version, const std::string& key, const QueryResult& r) {
  auto& c = caches();
  std::lock_guard<std::mutex> lock(c.mu);
  c.results.put(std::to_string(version) + '\0' + key, std::make_shared<const QueryResult>(r));
}

CacheStats cache_stats() {
  auto& c = caches();
  std::lock_guard<std::mutex> lock(c.mu);
  return c.stats;
}

void clear_caches() {
  auto& c = caches();
  std::lock_guard<std::mutex> lock(c.mu);
  c.parsed.clear();
  c.results.clear();
  c.stats = {};
}

}  // namespace ggen::sparql
