// Store mutation and lifetime: delta maintenance, compaction into new base segments, versions.
#include "ggen/rdf/store.h"

#include "ggen/error/result.h"

#include <mutex>

#include "rdf/store_segment.h"

namespace ggen::rdf {

namespace {

std::atomic<uint64_t> g_version{0};

uint64_t next_version() {
  return g_version.fetch_add(1, std::memory_order_relaxed) + 1;
}

bool valid(const Quad& q) {
  auto term = [](TermId t) { return t != kNoTerm && !is_wildcard(t); };
  return term(q.s) && term(q.p) && term(q.o) && !is_wildcard(q.g);
}

bool has(const Keys& keys, const Key& k) {
  return std::binary_search(keys.begin(), keys.end(), k);
}

void insert_sorted(Keys& keys, const Key& k) {
  keys.insert(std::lower_bound(keys.begin(), keys.end(), k), k);
}

void erase_sorted(Keys& keys, const Key& k) {
  auto it = std::lower_bound(keys.begin(), keys.end(), k);
  if (it != keys.end() && *it == k) keys.erase(it);
}

// Keys of `sorted` (GSPO) whose membership in `base` is `present`.
Keys filter_by_base(const Keys& sorted, const Keys& base, bool present) {
  Keys out;
  auto b = base.begin();
  for (const Key& k : sorted) {
    b = std::lower_bound(b, base.end(), k);
    bool in = b != base.end() && *b == k;
    if (in == present) out.push_back(k);
  }
  return out;
}

std::vector<Quad> to_quads(const Keys& gspo) {
  std::vector<Quad> out;
  out.reserve(gspo.size());
  for (const Key& k : gspo) out.push_back(key_quad(Order::GSPO, k));
  return out;
}

}  // namespace

Store::Store() : Store(std::make_shared<Dictionary>()) {}

Store::Store(std::shared_ptr<Dictionary> dict)
    : dict_(std::move(dict)),
      base_(std::make_shared<Segment>()),
      delta_(std::make_unique<Delta>()),
      version_(next_version()),
      stats_(std::make_unique<StatsCache>()) {}

Store::Store(const Store& o)
    : dict_(o.dict_),
      base_(o.base_),
      delta_(std::make_unique<Delta>(*o.delta_)),
      version_(o.version_),
      stats_(std::make_unique<StatsCache>()) {
  std::lock_guard lock(o.stats_->mu);
  stats_->stats = o.stats_->stats;
}

Store& Store::operator=(const Store& o) {
  if (this != &o) {
    Store copy(o);
    *this = std::move(copy);
  }
  return *this;
}

Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

void Store::bump() {
  version_ = next_version();
}

size_t Store::size() const {
  return base_->size() + delta_->added[0].size() - delta_->removed[0].size();
}

bool Store::insert(const Quad& q) {
  if (!valid(q)) return false;
  Key k = make_key(Order::GSPO, q);
  Delta& d = *delta_;
  if (has(d.added[0], k)) return false;
  if (has(base_->keys(Order::GSPO), k)) {
    if (!has(d.removed[0], k)) return false;
    for (int o = 0; o < kOrders; ++o) erase_sorted(d.removed[o], make_key(Order(o), q));
  } else {
    for (int o = 0; o < kOrders; ++o) insert_sorted(d.added[o], make_key(Order(o), q));
    if (q.g != kDefaultGraph) d.named_graphs = true;
  }
  bump();
  maybe_compact();
  return true;
}

bool Store::remove(const Quad& q) {
  if (!valid(q)) return false;
  Key k = make_key(Order::GSPO, q);
  Delta& d = *delta_;
  if (has(d.added[0], k)) {
    for (int o = 0; o < kOrders; ++o) erase_sorted(d.added[o], make_key(Order(o), q));
  } else if (has(base_->keys(Order::GSPO), k) && !has(d.removed[0], k)) {
    for (int o = 0; o < kOrders; ++o) insert_sorted(d.removed[o], make_key(Order(o), q));
  } else {
    return false;
  }
  bump();
  maybe_compact();
  return true;
}

bool Store::insert(TermRef s, TermRef p, TermRef o) {
  return insert(Quad{intern(s), intern(p), intern(o), kDefaultGraph});
}

bool Store::insert(TermRef s, TermRef p, TermRef o, TermRef g) {
  return insert(Quad{intern(s), intern(p), intern(o), intern(g)});
}

void Store::maybe_compact() {
  size_t threshold = std::max<size_t>(4096, base_->size() / 16);
  if (delta_->size() > threshold) compact();
}

void Store::compact() {
  Delta& d = *delta_;
  if (d.size() == 0) return;
  std::array<Keys, kEagerOrders> eager;
  for (int o = 0; o < kEagerOrders; ++o) {
    eager[o] = merge_keys(base_->keys(Order(o)), d.added[o], d.removed[o]);
  }
  bool named = !eager[0].empty() && (eager[0].back().hi >> 32) != kDefaultGraph;
  base_ = std::make_shared<Segment>(std::move(eager), named);
  *delta_ = Delta{};
}

size_t Store::insert_all(std::span<const Quad> quads, const std::function<bool()>& cancelled) {
  const std::function<void()> poll = [&] {
    if (cancelled && cancelled())
      raise(Error(std::string(codes::kCancelled), "cancelled while indexing the graph"));
  };
  // The sorts and merges poll too (in pieces): a single sort of a big graph takes long enough.
  Poll inner = cancelled ? &poll : nullptr;
  std::vector<Quad> ok;
  ok.reserve(quads.size());
  for (const Quad& q : quads) {
    if (valid(q)) ok.push_back(q);
  }
  if (ok.size() < 1024) {
    size_t n = 0;
    for (const Quad& q : ok) n += insert(q);
    return n;
  }
  poll();
  compact();
  bool empty_base = base_->size() == 0;
  Keys fresh = sorted_keys(Order::GSPO, ok, inner);
  poll();
  if (!empty_base) fresh = filter_by_base(fresh, base_->keys(Order::GSPO), false);
  if (fresh.empty()) return 0;
  size_t added = fresh.size();
  // sorted_keys() drops duplicates, so over an empty base the batch itself feeds every order.
  std::vector<Quad> fresh_quads;
  if (!empty_base) fresh_quads = to_quads(fresh);
  std::span<const Quad> source = empty_base ? std::span<const Quad>(ok) : fresh_quads;
  std::array<Keys, kEagerOrders> eager;
  for (int o = kEagerOrders - 1; o >= 0; --o) {
    Keys add = o == 0 ? std::move(fresh) : sorted_keys(Order(o), source, inner);
    eager[o] = empty_base ? std::move(add) : merge_keys(base_->keys(Order(o)), add, {}, inner);
    poll();
  }
  bool named = !eager[0].empty() && (eager[0].back().hi >> 32) != kDefaultGraph;
  base_ = std::make_shared<Segment>(std::move(eager), named);
  bump();
  return added;
}

size_t Store::remove_all(std::span<const Quad> quads) {
  if (quads.size() < 1024) {
    size_t n = 0;
    for (const Quad& q : quads) n += remove(q);
    return n;
  }
  compact();
  Keys gone = filter_by_base(sorted_keys(Order::GSPO, quads), base_->keys(Order::GSPO), true);
  if (gone.empty()) return 0;
  std::vector<Quad> gone_quads = to_quads(gone);
  std::array<Keys, kEagerOrders> eager;
  for (int o = 0; o < kEagerOrders; ++o) {
    Keys rm = o == 0 ? std::move(gone) : sorted_keys(Order(o), gone_quads);
    eager[o] = merge_keys(base_->keys(Order(o)), {}, rm);
  }
  bool named = !eager[0].empty() && (eager[0].back().hi >> 32) != kDefaultGraph;
  base_ = std::make_shared<Segment>(std::move(eager), named);
  bump();
  return gone_quads.size();
}

size_t Store::remove_matching(const QuadPattern& pattern) {
  std::vector<Quad> matches = quads(pattern);
  return remove_all(matches);
}

void Store::clear() {
  if (empty()) return;
  base_ = std::make_shared<Segment>();
  *delta_ = Delta{};
  bump();
}

std::vector<TermId> Store::graph_names() const {
  std::vector<TermId> out;
  // Hop from graph to graph in the GSPO order: each probe is one lower_bound.
  uint64_t g = 1;
  while (g <= kAnyNamed - 1) {
    ScanPlan plan;
    plan.order = Order::GSPO;
    plan.lo = Key{g << 32, 0};
    plan.hi = Key{~uint64_t{0}, ~uint64_t{0}};
    QuadCursor c;
    c.impl_.reset(make_cursor(base_, *delta_, plan));
    Quad q;
    if (!c.next(q)) break;
    out.push_back(q.g);
    g = uint64_t{q.g} + 1;
  }
  return out;
}

MemoryUsage Store::memory_usage() const {
  MemoryUsage m;
  m.index_bytes = base_->memory_bytes();
  for (int o = 0; o < kOrders; ++o) {
    m.index_bytes += (delta_->added[o].capacity() + delta_->removed[o].capacity()) * sizeof(Key);
  }
  m.dictionary_bytes = dict_->memory_bytes();
  return m;
}

}  // namespace ggen::rdf
