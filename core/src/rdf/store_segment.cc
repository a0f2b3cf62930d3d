#include "rdf/store_segment.h"

#include "ggen/rdf/poll.h"

namespace ggen::rdf {

namespace {

constexpr size_t kPollEvery = 4096;

// std::sort's comparison, polling every 2^18 comparisons (about a millisecond of sorting). A
// poll that raises leaves the keys in some order (possibly with a key lost or doubled, as the
// sort holds one aside): the caller drops them then.
struct PolledLess {
  size_t* left;
  Poll poll;
  bool operator()(const Key& x, const Key& y) const {
    if (--*left == 0) {
      *left = size_t{1} << 18;
      (*poll)();
    }
    return x < y;
  }
};

}  // namespace

void sort_keys(Keys& keys, Poll poll) {
  if (!poll) {
    std::sort(keys.begin(), keys.end());
    return;
  }
  size_t left = size_t{1} << 18;
  std::sort(keys.begin(), keys.end(), PolledLess{&left, poll});
}

Keys sorted_keys(Order order, std::span<const Quad> quads, Poll poll) {
  Keys keys;
  keys.reserve(quads.size());
  for (const Quad& q : quads) keys.push_back(make_key(order, q));
  sort_keys(keys, poll);
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

Keys merge_keys(const Keys& base, const Keys& added, const Keys& removed, Poll poll) {
  Keys out;
  out.reserve(base.size() + added.size() - std::min(base.size(), removed.size()));
  auto b = base.begin(), a = added.begin(), r = removed.begin();
  size_t step = 0;
  while (b != base.end() || a != added.end()) {
    if (poll && ++step % kPollEvery == 0) (*poll)();
    if (b != base.end()) {
      while (r != removed.end() && *r < *b) ++r;
      if (r != removed.end() && *r == *b) {
        ++b;
        ++r;
        continue;
      }
    }
    if (a == added.end() || (b != base.end() && *b < *a)) {
      out.push_back(*b++);
    } else {
      out.push_back(*a++);
    }
  }
  return out;
}

Segment::Segment(std::array<Keys, kEagerOrders> eager, bool named_graphs)
    : eager_(std::move(eager)), named_graphs_(named_graphs) {}

bool Segment::lazy_built(Order order) const {
  int i = static_cast<int>(order);
  return i < kEagerOrders || built_[i - kEagerOrders].load(std::memory_order_acquire);
}

const Keys& Segment::keys(Order order) const {
  int i = static_cast<int>(order);
  if (i < kEagerOrders) return eager_[i];
  int l = i - kEagerOrders;
  if (built_[l].load(std::memory_order_acquire)) return lazy_[l];
  std::lock_guard lock(mu_);
  if (!built_[l].load(std::memory_order_relaxed)) {
    // Built for a reader (a scan takes no cancellation): the reader's thread hook is polled.
    Poll poll = current_poll();
    Keys keys;
    keys.reserve(size());
    size_t i = 0;
    for (const Key& k : eager_[0]) {
      if (poll && ++i % (16 * kPollEvery) == 0) (*poll)();
      keys.push_back(make_key(order, key_quad(Order::GSPO, k)));
    }
    sort_keys(keys, poll);
    lazy_[l] = std::move(keys);
    built_[l].store(true, std::memory_order_release);
  }
  return lazy_[l];
}

size_t Segment::memory_bytes() const {
  size_t bytes = sizeof(*this);
  for (const Keys& k : eager_) bytes += k.capacity() * sizeof(Key);
  for (int l = 0; l < kOrders - kEagerOrders; ++l) {
    if (built_[l].load(std::memory_order_acquire)) bytes += lazy_[l].capacity() * sizeof(Key);
  }
  return bytes;
}

}  // namespace ggen::rdf
