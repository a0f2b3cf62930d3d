#pragma once
// Internal layout of the store: quads as 128-bit keys permuted into one of six orders, the
// immutable base Segment, and the helpers that scan and merge sorted key vectors.
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <vector>

#include "ggen/rdf/store.h"

namespace ggen::rdf {

enum class Order : uint8_t { GSPO, GPOS, GOSP, SPOG, POSG, OSPG };
inline constexpr int kOrders = 6;
inline constexpr int kEagerOrders = 3;  // the G-first ones

// Which quad slot (0=s 1=p 2=o 3=g) sits at each key position, per order.
inline constexpr std::array<std::array<uint8_t, 4>, kOrders> kPerm = {{
    {3, 0, 1, 2},  // GSPO
    {3, 1, 2, 0},  // GPOS
    {3, 2, 0, 1},  // GOSP
    {0, 1, 2, 3},  // SPOG
    {1, 2, 0, 3},  // POSG
    {2, 0, 1, 3},  // OSPG
}};

struct Key {
  uint64_t hi = 0, lo = 0;
  auto operator<=>(const Key&) const = default;
};

inline uint32_t slot(const Quad& q, int i) {
  switch (i) {
    case 0:
      return q.s;
    case 1:
      return q.p;
    case 2:
      return q.o;
    default:
      return q.g;
  }
}

inline Key make_key(Order order, const Quad& q) {
  const auto& p = kPerm[static_cast<int>(order)];
  return Key{(uint64_t{slot(q, p[0])} << 32) | slot(q, p[1]),
             (uint64_t{slot(q, p[2])} << 32) | slot(q, p[3])};
}

inline Quad key_quad(Order order, const Key& k) {
  const auto& p = kPerm[static_cast<int>(order)];
  uint32_t c[4] = {static_cast<uint32_t>(k.hi >> 32), static_cast<uint32_t>(k.hi),
                   static_cast<uint32_t>(k.lo >> 32), static_cast<uint32_t>(k.lo)};
  uint32_t out[4];
  for (int i = 0; i < 4; ++i) out[p[i]] = c[i];
  return Quad{out[0], out[1], out[2], out[3]};
}

using Keys = std::vector<Key>;

// A cancellation check for long index work: may raise to stop it (nullptr: never polled).
using Poll = const std::function<void()>*;

// Sorts `keys`. With `poll`: polled every 2^18 comparisons from inside std::sort (about a
// millisecond of sorting; a few percent of the sort's time). If it raises, `keys` is garbage.
void sort_keys(Keys& keys, Poll poll = nullptr);
// Sorted, duplicate-free keys of `quads` in `order`.
Keys sorted_keys(Order order, std::span<const Quad> quads, Poll poll = nullptr);
// (base \ removed) ∪ added, all sorted; added ∩ base = ∅ and removed ⊆ base. `poll`: every
// 4,096 keys.
Keys merge_keys(const Keys& base, const Keys& added, const Keys& removed, Poll poll = nullptr);

// The immutable base. Eager orders are filled at construction; the S/P/O-first orders are only
// needed for "any graph" patterns over stores with named graphs, so they are built on first use.
class Segment {
 public:
  Segment() = default;
  Segment(std::array<Keys, kEagerOrders> eager, bool named_graphs);

  const Keys& keys(Order order) const;
  bool lazy_built(Order order) const;
  size_t size() const { return eager_[0].size(); }
  bool named_graphs() const { return named_graphs_; }
  size_t memory_bytes() const;

 private:
  std::array<Keys, kEagerOrders> eager_;
  mutable std::array<Keys, kOrders - kEagerOrders> lazy_;
  mutable std::array<std::atomic<bool>, kOrders - kEagerOrders> built_{};
  mutable std::mutex mu_;
  bool named_graphs_ = false;
};

}  // namespace ggen::rdf

namespace ggen::rdf {

// Quads added to / removed from the base since the last compaction, kept in all six orders
// (it is small, and scans need it in whichever order they use).
struct Store::Delta {
  std::array<Keys, kOrders> added, removed;
  bool named_graphs = false;
  size_t size() const { return added[0].size() + removed[0].size(); }
};

// How a pattern is scanned: one order, a key range, and whether matches need re-checking.
struct ScanPlan {
  Order order = Order::GSPO;
  Key lo, hi;  // inclusive
  bool filter = false;
  QuadPattern pattern;
};

ScanPlan plan_scan(const QuadPattern& pattern, bool named_graphs);

struct QuadCursor::Impl {
  std::shared_ptr<const Segment> seg;  // keeps the base range alive
  Order order = Order::GSPO;
  const Key *b = nullptr, *be = nullptr;
  Keys added, removed;  // copies of the delta's slices of the range
  size_t a = 0, r = 0;
  bool filter = false;
  QuadPattern pattern;

  bool next_key(Key& out);
};

// A cursor over the merged base + delta in one order, restricted to [lo, hi].
QuadCursor::Impl* make_cursor(const std::shared_ptr<const Segment>& seg, const Store::Delta& d,
                              const ScanPlan& plan);

}  // namespace ggen::rdf

namespace ggen::rdf {

struct Store::StatsCache {
  std::mutex mu;
  std::shared_ptr<const Statistics> stats;
};

}  // namespace ggen::rdf
