// Planner statistics: computed in a few ordered passes over the indexes, cached per version.
#include <mutex>

#include "ggen/rdf/poll.h"
#include "ggen/rdf/store.h"
#include "rdf/store_segment.h"

namespace ggen::rdf {

uint64_t Statistics::predicate_count(TermId p) const {
  auto it = predicates.find(p);
  return it == predicates.end() ? 0 : it->second.count;
}

uint64_t Statistics::class_count(TermId c) const {
  auto it = classes.find(c);
  return it == classes.end() ? 0 : it->second;
}

namespace {

template <class F>
void each_key(const std::shared_ptr<const Segment>& seg, const Store::Delta& d, Order order,
              F&& fn) {
  ScanPlan plan;
  plan.order = order;
  plan.hi = Key{~uint64_t{0}, ~uint64_t{0}};
  std::unique_ptr<QuadCursor::Impl> c(make_cursor(seg, d, plan));
  // statistics() takes no cancellation: the calling query's hook is polled (ggen/rdf/poll.h).
  const std::function<void()>* poll = current_poll();
  Key k;
  size_t n = 0;
  while (c->next_key(k)) {
    if (poll && (++n & 0xffff) == 0) (*poll)();
    fn(k);
  }
}

}  // namespace

std::shared_ptr<const Statistics> Store::statistics() const {
  std::lock_guard lock(stats_->mu);
  if (stats_->stats && stats_->stats->version == version_) return stats_->stats;
  auto st = std::make_shared<Statistics>();
  st->version = version_;
  st->quads = size();
  TermId type = dict_->find(TermRef::iri(vocab::kRdfType));

  // GPOS: predicate counts, distinct objects per (g, p), rdf:type classes.
  Key prev{~uint64_t{0}, ~uint64_t{0}};
  each_key(base_, *delta_, Order::GPOS, [&](const Key& k) {
    auto p = static_cast<TermId>(k.hi);
    PredicateStats& ps = st->predicates[p];
    ++ps.count;
    if (k.hi != prev.hi || (k.lo >> 32) != (prev.lo >> 32)) ++ps.distinct_objects;
    if (p == type && type != kNoTerm) ++st->classes[static_cast<TermId>(k.lo >> 32)];
    prev = k;
  });
  // GSPO: distinct subjects per (g, p), named graphs, distinct subjects overall.
  prev = Key{~uint64_t{0}, ~uint64_t{0}};
  each_key(base_, *delta_, Order::GSPO, [&](const Key& k) {
    bool new_subject = k.hi != prev.hi;
    if (new_subject) ++st->distinct_subjects;
    if (new_subject || (k.lo >> 32) != (prev.lo >> 32)) {
      ++st->predicates[static_cast<TermId>(k.lo >> 32)].distinct_subjects;
    }
    if ((k.hi >> 32) != (prev.hi >> 32) && (k.hi >> 32) != kDefaultGraph) ++st->graphs;
    prev = k;
  });
  // GOSP: distinct objects per graph.
  prev = Key{~uint64_t{0}, ~uint64_t{0}};
  each_key(base_, *delta_, Order::GOSP, [&](const Key& k) {
    if (k.hi != prev.hi) ++st->distinct_objects;
    prev = k;
  });
  st->distinct_predicates = st->predicates.size();
  stats_->stats = st;
  return st;
}

}  // namespace ggen::rdf
