// Pattern scans: choosing the index order for a pattern and merging base and delta ranges.
#include "rdf/store_segment.h"

namespace ggen::rdf {

bool QuadPattern::matches(const Quad& q) const {
  if (s != kAny && s != q.s) return false;
  if (p != kAny && p != q.p) return false;
  if (o != kAny && o != q.o) return false;
  if (g == kAny) return true;
  if (g == kAnyNamed) return q.g != kDefaultGraph;
  return g == q.g;
}

namespace {

Key bound_key(Order order, const QuadPattern& pat, int prefix, uint32_t fill) {
  const auto& perm = kPerm[static_cast<int>(order)];
  uint32_t c[4];
  for (int i = 0; i < 4; ++i)
    c[i] = i < prefix ? slot(Quad{pat.s, pat.p, pat.o, pat.g}, perm[i]) : fill;
  return Key{(uint64_t{c[0]} << 32) | c[1], (uint64_t{c[2]} << 32) | c[3]};
}

}  // namespace

ScanPlan plan_scan(const QuadPattern& in, bool named_graphs) {
  ScanPlan plan;
  plan.pattern = in;
  QuadPattern& pat = plan.pattern;
  // Without named graphs "any graph" is the default graph, and G-first orders serve it exactly.
  if (pat.g == kAny && !named_graphs) pat.g = kDefaultGraph;
  if (pat.g == kAnyNamed && !named_graphs) {  // nothing can match: an empty range of GSPO
    plan.lo = Key{~uint64_t{0}, ~uint64_t{0}};
    plan.hi = Key{0, 0};
    return plan;
  }
  bool bs = pat.s != kAny, bp = pat.p != kAny, bo = pat.o != kAny;
  int prefix = 0;
  if (!is_wildcard(pat.g)) {
    prefix = 1 + bs + bp + bo;
    if (bs && bo && !bp) {
      plan.order = Order::GOSP;
    } else if (bs) {
      plan.order = Order::GSPO;
    } else if (bp) {
      plan.order = Order::GPOS;
    } else if (bo) {
      plan.order = Order::GOSP;
    } else {
      plan.order = Order::GSPO;
    }
  } else if (!bs && !bp && !bo) {
    plan.order = Order::GSPO;
    if (pat.g == kAnyNamed) {  // every named graph: ids above the default graph's 0
      plan.lo = Key{uint64_t{1} << 32, 0};
      plan.hi = Key{~uint64_t{0}, ~uint64_t{0}};
      return plan;
    }
  } else {
    prefix = bs + bp + bo;
    if (bs && bo && !bp) {
      plan.order = Order::OSPG;
    } else if (bs) {
      plan.order = Order::SPOG;
    } else if (bp) {
      plan.order = Order::POSG;
    } else {
      plan.order = Order::OSPG;
    }
    plan.filter = pat.g == kAnyNamed;
  }
  plan.lo = bound_key(plan.order, pat, prefix, 0);
  plan.hi = bound_key(plan.order, pat, prefix, 0xFFFFFFFFu);
  return plan;
}

namespace {

Keys slice(const Keys& keys, const Key& lo, const Key& hi) {
  if (keys.empty()) return {};
  auto first = std::lower_bound(keys.begin(), keys.end(), lo);
  auto last = std::upper_bound(first, keys.end(), hi);
  return Keys(first, last);
}

}  // namespace

QuadCursor::Impl* make_cursor(const std::shared_ptr<const Segment>& seg, const Store::Delta& d,
                              const ScanPlan& plan) {
  auto* c = new QuadCursor::Impl;
  c->seg = seg;
  c->order = plan.order;
  c->filter = plan.filter;
  c->pattern = plan.pattern;
  const Keys& base = seg->keys(plan.order);
  auto first = std::lower_bound(base.begin(), base.end(), plan.lo);
  auto last = std::upper_bound(first, base.end(), plan.hi);
  c->b = base.data() + (first - base.begin());
  c->be = base.data() + (last - base.begin());
  int o = static_cast<int>(plan.order);
  c->added = slice(d.added[o], plan.lo, plan.hi);
  c->removed = slice(d.removed[o], plan.lo, plan.hi);
  return c;
}

bool QuadCursor::Impl::next_key(Key& out) {
  while (b != be) {
    while (r < removed.size() && removed[r] < *b) ++r;
    if (r < removed.size() && removed[r] == *b) {
      ++b;
      ++r;
      continue;
    }
    break;
  }
  if (a < added.size() && (b == be || added[a] < *b)) {
    out = added[a++];
    return true;
  }
  if (b == be) return false;
  out = *b++;
  return true;
}

QuadCursor::QuadCursor() = default;
QuadCursor::~QuadCursor() = default;
QuadCursor::QuadCursor(QuadCursor&&) noexcept = default;
QuadCursor& QuadCursor::operator=(QuadCursor&&) noexcept = default;

bool QuadCursor::next(Quad& out) {
  if (!impl_) return false;
  Key k;
  while (impl_->next_key(k)) {
    out = key_quad(impl_->order, k);
    if (!impl_->filter || impl_->pattern.matches(out)) return true;
  }
  impl_.reset();  // release the segment early
  return false;
}

bool Store::has_named_graphs() const {
  return base_->named_graphs() || delta_->named_graphs;
}

QuadCursor Store::scan(const QuadPattern& pattern) const {
  QuadCursor c;
  c.impl_.reset(make_cursor(base_, *delta_, plan_scan(pattern, has_named_graphs())));
  return c;
}

size_t Store::count(const QuadPattern& pattern) const {
  ScanPlan plan = plan_scan(pattern, has_named_graphs());
  if (plan.filter) {
    size_t n = 0;
    for_each(pattern, [&](const Quad&) { ++n; });
    return n;
  }
  auto range = [&](const Keys& keys) -> size_t {
    auto first = std::lower_bound(keys.begin(), keys.end(), plan.lo);
    return static_cast<size_t>(std::upper_bound(first, keys.end(), plan.hi) - first);
  };
  int o = static_cast<int>(plan.order);
  return range(base_->keys(plan.order)) + range(delta_->added[o]) - range(delta_->removed[o]);
}

bool Store::contains(const Quad& q) const {
  Key k = make_key(Order::GSPO, q);
  auto has = [&](const Keys& keys) { return std::binary_search(keys.begin(), keys.end(), k); };
  if (has(delta_->added[0])) return true;
  return has(base_->keys(Order::GSPO)) && !has(delta_->removed[0]);
}

std::vector<Quad> Store::quads(const QuadPattern& pattern) const {
  std::vector<Quad> out;
  for_each(pattern, [&](const Quad& q) { out.push_back(q); });
  return out;
}

}  // namespace ggen::rdf
