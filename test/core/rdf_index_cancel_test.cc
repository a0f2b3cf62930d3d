// Cancellation inside the store's index work, driven by counting polls (never by timing):
// the bulk insert's sorts and merges (LoadOptions::cancelled / insert_all), and the work done
// lazily for readers — the planner's statistics and the S/P/O-first index orders — which polls
// the reader's thread hook (rdf::PollScope). Every stop leaves the store as it was, and the
// work done again afterwards gives the same answer.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/rdf/poll.h"
#include "ggen/rdf/store.h"

namespace ggen::rdf {
namespace {

// `n` quads over a few predicates, in named graphs when `graphs` > 0, inserted in a shuffled
// order so every sort has work to do.
std::vector<Quad> quads(Store& store, int n, int graphs = 0) {
  std::vector<TermId> p;
  for (int i = 0; i < 5; ++i)
    p.push_back(store.intern(TermRef::iri("http://x/p" + std::to_string(i))));
  std::vector<TermId> g;
  for (int i = 0; i < graphs; ++i)
    g.push_back(store.intern(TermRef::iri("http://x/g" + std::to_string(i))));
  std::vector<Quad> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    int j = static_cast<int>((static_cast<uint64_t>(i) * 2654435761u) % static_cast<uint64_t>(n));
    Quad q;
    q.s = store.intern(TermRef::iri("http://x/s" + std::to_string(j / 5)));
    q.p = p[static_cast<size_t>(j % 5)];
    q.o = store.intern(TermRef::iri("http://x/o" + std::to_string(j % 1013)));
    q.g = graphs ? g[static_cast<size_t>(j % graphs)] : kDefaultGraph;
    out.push_back(q);
  }
  return out;
}

struct Stop {};

constexpr int kQuads = 200000;  // big enough for the sorts to be polled inside

TEST(RdfIndexCancel, TheBulkInsertPollsInsideItsSorts) {
  Store full;
  auto batch = quads(full, kQuads);
  int polls = 0;
  ASSERT_EQ(full.insert_all(batch, [&] { return ++polls < 0; }), static_cast<size_t>(kQuads));
  // Three sorts of 200k keys (~3.5M comparisons each, polled every 2^18): far more polls than
  // the 5 between the sorts alone.
  EXPECT_GT(polls, 5 + 3 * 10);
  for (int k : {1, 2, 3, 10, polls / 3, polls / 2, polls - 1, polls}) {
    Store store(full.shared_dictionary());
    ASSERT_TRUE(store.insert(batch[0]));
    int n = 0;
    try {
      store.insert_all(batch, [&] { return ++n >= k; });
      ADD_FAILURE() << "not stopped at poll " << k;
    } catch (const Exception& e) {
      EXPECT_EQ(e.error().code(), "E_CANCELLED") << "poll " << k;
    }
    EXPECT_EQ(n, k);
    EXPECT_EQ(store.size(), 1u) << "poll " << k;  // as it was
    // ...and a complete insert afterwards gives the same store as the uncancelled one.
    if (k == polls / 2) {
      store.insert_all(batch);
      EXPECT_EQ(store.size(), full.size());
      EXPECT_EQ(store.quads(), full.quads());
    }
  }
}

TEST(RdfIndexCancel, StatisticsStopAtTheReadersHookAndAreRightAfterwards) {
  Store store;
  store.insert_all(quads(store, kQuads));
  Store reference(store);  // a copy: its own statistics cache
  auto expected = reference.statistics();
  int polls = 0;
  {
    PollScope scope([&] { ++polls; });
    Store counted(store);
    counted.statistics();
  }
  EXPECT_GE(polls, 3);  // three passes over 200k keys, polled every 64k keys
  for (int k = 1; k <= polls; ++k) {
    Store s(store);
    int n = 0;
    {
      PollScope scope([&] {
        if (++n == k) throw Stop{};
      });
      EXPECT_THROW(s.statistics(), Stop) << "poll " << k;
    }
    auto again = s.statistics();  // no hook now: computed in full
    EXPECT_EQ(again->quads, expected->quads);
    EXPECT_EQ(again->distinct_subjects, expected->distinct_subjects);
    EXPECT_EQ(again->distinct_objects, expected->distinct_objects);
    EXPECT_EQ(again->predicates.size(), expected->predicates.size());
  }
}

TEST(RdfIndexCancel, ALazyIndexOrderStopsAtTheReadersHookAndIsBuiltLater) {
  Store first;
  auto batch = quads(first, kQuads, 3);  // named graphs: "any graph" scans use S/P/O orders
  // A store of its own each time (copies share the segment, and with it a built order).
  auto fresh = [&] {
    Store s(first.shared_dictionary());
    s.insert_all(batch);
    return s;
  };
  QuadPattern any_graph;
  any_graph.p = first.find(TermRef::iri("http://x/p1"));
  int polls = 0;
  {
    Store counted = fresh();
    PollScope scope([&] { ++polls; });
    EXPECT_EQ(counted.count(any_graph), static_cast<size_t>(kQuads / 5));
  }
  EXPECT_GT(polls, 4);  // the copy loop (every 64k keys) and inside the sort
  for (int k : {1, 2, polls / 2, polls}) {
    Store s = fresh();
    int n = 0;
    {
      PollScope scope([&] {
        if (++n == k) throw Stop{};
      });
      EXPECT_THROW(s.count(any_graph), Stop) << "poll " << k;
    }
    EXPECT_EQ(s.count(any_graph), static_cast<size_t>(kQuads / 5)) << "poll " << k;
  }
}

TEST(RdfIndexCancel, ScopesNestAndRestore) {
  EXPECT_EQ(current_poll(), nullptr);
  int outer = 0, inner = 0;
  {
    PollScope a([&] { ++outer; });
    (*current_poll())();
    {
      PollScope b([&] { ++inner; });
      (*current_poll())();
      PollScope none(nullptr);  // an empty hook keeps the enclosing one
      (*current_poll())();
    }
    (*current_poll())();
  }
  EXPECT_EQ(current_poll(), nullptr);
  EXPECT_EQ(outer, 2);
  EXPECT_EQ(inner, 2);
}

}  // namespace
}  // namespace ggen::rdf
