#include "ggen/rdf/store.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <thread>

namespace ggen::rdf {
namespace {

TermRef iri(std::string_view v) {
  return TermRef::iri(v);
}

TEST(RdfDictionary, InternFindAndKinds) {
  Dictionary d;
  TermId a = d.intern(iri("http://x/a"));
  TermId b = d.intern(TermRef::blank("b0"));
  TermId l = d.intern(TermRef::literal("1", vocab::kXsdInteger));
  TermId s = d.intern(TermRef::literal("x", ""));
  TermId ls = d.intern(TermRef::lang_literal("chat", "FR-be"));
  EXPECT_TRUE(is_iri(a));
  EXPECT_TRUE(is_blank(b));
  EXPECT_TRUE(is_literal(l));
  EXPECT_EQ(d.intern(iri("http://x/a")), a);
  EXPECT_EQ(d.find(iri("http://x/a")), a);
  EXPECT_EQ(d.find(iri("http://x/zz")), kNoTerm);
  EXPECT_EQ(d.term(l).datatype, vocab::kXsdInteger);
  EXPECT_EQ(d.term(s).datatype, vocab::kXsdString);
  EXPECT_EQ(d.find(TermRef::literal("x")), s);
  EXPECT_EQ(d.term(ls).lang, "fr-be");
  EXPECT_EQ(d.find(TermRef::lang_literal("chat", "fr-BE")), ls);
  EXPECT_NE(d.find(TermRef::literal("1")), l);  // different datatype, different term
  EXPECT_EQ(to_ntriples(d.term(ls)), "\"chat\"@fr-be");
  EXPECT_EQ(to_ntriples(d.term(l)), "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>");
  EXPECT_EQ(d.term(kNoTerm).value, "");
  EXPECT_EQ(d.term(kAny).value, "");
  EXPECT_EQ(d.term(l + 1000).value, "");
}

TEST(RdfDictionary, ManyTermsAndFreshBlanks) {
  Dictionary d;
  std::vector<TermId> ids;
  for (int i = 0; i < 200000; ++i) ids.push_back(d.intern(iri("http://x/" + std::to_string(i))));
  for (int i = 0; i < 200000; i += 997) {
    EXPECT_EQ(d.term(ids[i]).value, "http://x/" + std::to_string(i));
    EXPECT_EQ(d.find(iri("http://x/" + std::to_string(i))), ids[i]);
  }
  d.intern(TermRef::blank("b1"));
  TermId f = d.fresh_blank();
  EXPECT_TRUE(is_blank(f));
  EXPECT_NE(d.term(f).value, "b1");
}

class StoreTest : public ::testing::Test {
 protected:
  Store st;
  TermId t(int i) { return st.intern(iri("http://x/" + std::to_string(i))); }
};

TEST_F(StoreTest, InsertRemoveDuplicatesVersion) {
  uint64_t v0 = st.version();
  EXPECT_TRUE(st.insert(Quad{t(1), t(2), t(3)}));
  EXPECT_FALSE(st.insert(Quad{t(1), t(2), t(3)}));
  EXPECT_NE(st.version(), v0);
  uint64_t v1 = st.version();
  EXPECT_FALSE(st.remove(Quad{t(1), t(2), t(4)}));
  EXPECT_EQ(st.version(), v1);
  EXPECT_EQ(st.size(), 1u);
  EXPECT_EQ(st.count(QuadPattern{kAny, t(2), kAny, kAnyNamed}), 0u);
  EXPECT_EQ(st.count(QuadPattern{kAny, t(2), kAny, kAny}), 1u);
  EXPECT_TRUE(st.remove(Quad{t(1), t(2), t(3)}));
  EXPECT_EQ(st.size(), 0u);
  EXPECT_FALSE(st.insert(Quad{kNoTerm, t(2), t(3)}));
}

TEST_F(StoreTest, EveryPatternShapeMatchesBruteForce) {
  std::vector<Quad> all;
  for (int s = 0; s < 6; ++s)
    for (int p = 0; p < 4; ++p)
      for (int o = 0; o < 5; ++o)
        if ((s * 7 + p * 3 + o) % 3 != 0)
          all.push_back(
              Quad{t(s), t(10 + p), t(20 + o), (s + o) % 3 == 0 ? kDefaultGraph : t(30 + p % 2)});
  // Half through the bulk path, half one by one (delta), then remove some (tombstones).
  st.insert_all(std::span(all).first(all.size() / 2));
  for (size_t i = all.size() / 2; i < all.size(); ++i) st.insert(all[i]);
  std::vector<Quad> kept;
  for (size_t i = 0; i < all.size(); ++i) {
    if (i % 5 == 0) {
      st.remove(all[i]);
    } else {
      kept.push_back(all[i]);
    }
  }
  ASSERT_EQ(st.size(), kept.size());
  std::vector<TermId> gs = {kAny, kAnyNamed, kDefaultGraph, t(30), t(31)};
  for (int mask = 0; mask < 8; ++mask) {
    for (TermId g : gs) {
      for (const Quad& probe : all) {
        QuadPattern pat;
        if (mask & 1) pat.s = probe.s;
        if (mask & 2) pat.p = probe.p;
        if (mask & 4) pat.o = probe.o;
        pat.g = g;
        size_t expected = 0;
        for (const Quad& q : kept) expected += pat.matches(q);
        std::vector<Quad> got = st.quads(pat);
        ASSERT_EQ(got.size(), expected) << mask << " " << g;
        ASSERT_EQ(st.count(pat), expected);
        for (const Quad& q : got) ASSERT_TRUE(pat.matches(q));
        if (mask == 0) break;
      }
    }
  }
  st.compact();
  EXPECT_EQ(st.size(), kept.size());
  EXPECT_EQ(st.graph_names(), (std::vector<TermId>{t(30), t(31)}));
}

TEST_F(StoreTest, SnapshotsAreIsolated) {
  for (int i = 0; i < 5000; ++i) st.insert(Quad{t(i), t(1), t(2)});
  Store snap = st;
  EXPECT_EQ(snap.version(), st.version());
  for (int i = 0; i < 5000; ++i) st.remove(Quad{t(i), t(1), t(2)});
  st.insert(Quad{t(9), t(9), t(9)});
  EXPECT_EQ(snap.size(), 5000u);
  EXPECT_EQ(st.size(), 1u);
  EXPECT_NE(snap.version(), st.version());
  std::vector<std::thread> readers;
  std::atomic<size_t> total{0};
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&, copy = snap] {
      total += copy.count(QuadPattern{kAny, t(1), kAny, kAny});
    });
  }
  for (auto& th : readers) th.join();
  EXPECT_EQ(total.load(), 20000u);
}

TEST_F(StoreTest, Statistics) {
  TermId type = st.intern(iri(vocab::kRdfType));
  st.insert(Quad{t(1), type, t(100)});
  st.insert(Quad{t(2), type, t(100)});
  st.insert(Quad{t(3), type, t(101)});
  st.insert(Quad{t(1), t(5), t(6)});
  st.insert(Quad{t(1), t(5), t(7)});
  auto stats = st.statistics();
  EXPECT_EQ(stats->quads, 5u);
  EXPECT_EQ(stats->predicate_count(type), 3u);
  EXPECT_EQ(stats->class_count(t(100)), 2u);
  EXPECT_EQ(stats->class_count(t(101)), 1u);
  EXPECT_EQ(stats->predicates.at(t(5)).distinct_subjects, 1u);
  EXPECT_EQ(stats->predicates.at(t(5)).distinct_objects, 2u);
  EXPECT_EQ(stats->distinct_subjects, 3u);
  EXPECT_EQ(st.statistics(), stats);  // cached while the version holds
  st.insert(Quad{t(4), type, t(101)});
  EXPECT_EQ(st.statistics()->class_count(t(101)), 2u);
}

// Random inserts and removals (single and batched, so both the delta and the merge paths run)
// checked against a std::set model on every pattern shape.
TEST_F(StoreTest, RandomOperationsMatchModel) {
  std::mt19937 rng(7);
  auto rand_quad = [&] {
    TermId g = rng() % 3 == 0 ? kDefaultGraph : t(100 + rng() % 3);
    return Quad{t(rng() % 40), t(50 + rng() % 5), t(rng() % 60), g};
  };
  auto less = [](const Quad& a, const Quad& b) {
    return std::tie(a.s, a.p, a.o, a.g) < std::tie(b.s, b.p, b.o, b.g);
  };
  std::set<Quad, decltype(less)> model(less);
  for (int round = 0; round < 30; ++round) {
    int op = round % 4;
    if (op == 0 || op == 1) {
      std::vector<Quad> batch;
      size_t n = op == 0 ? 3000 : 200;
      for (size_t i = 0; i < n; ++i) batch.push_back(rand_quad());
      size_t before = model.size();
      model.insert(batch.begin(), batch.end());
      EXPECT_EQ(st.insert_all(batch), model.size() - before);
    } else if (op == 2) {
      std::vector<Quad> batch;
      for (int i = 0; i < 1500; ++i) batch.push_back(rand_quad());
      size_t removed = 0;
      for (const Quad& q : batch) removed += model.erase(q);
      EXPECT_EQ(st.remove_all(batch), removed);
    } else {
      for (int i = 0; i < 300; ++i) {
        Quad q = rand_quad();
        if (rng() % 2) {
          EXPECT_EQ(st.insert(q), model.insert(q).second);
        } else {
          EXPECT_EQ(st.remove(q), model.erase(q) == 1);
        }
      }
    }
    ASSERT_EQ(st.size(), model.size());
    for (int probe = 0; probe < 40; ++probe) {
      Quad q = rand_quad();
      QuadPattern pat;
      int mask = static_cast<int>(rng() % 16);
      if (mask & 1) pat.s = q.s;
      if (mask & 2) pat.p = q.p;
      if (mask & 4) pat.o = q.o;
      if (mask & 8) pat.g = rng() % 2 ? q.g : kAnyNamed;
      size_t want = 0;
      for (const Quad& m : model) want += pat.matches(m);
      ASSERT_EQ(st.count(pat), want) << "mask " << mask;
      std::vector<Quad> got = st.quads(pat);
      ASSERT_EQ(got.size(), want);
      for (const Quad& g : got) ASSERT_TRUE(model.count(g));
    }
  }
  std::set<TermId> graphs;
  for (const Quad& q : model) {
    if (q.g != kDefaultGraph) graphs.insert(q.g);
  }
  std::vector<TermId> names = st.graph_names();
  EXPECT_EQ(std::set<TermId>(names.begin(), names.end()), graphs);
  EXPECT_EQ(st.remove_matching(QuadPattern{kAny, kAny, kAny, kAnyNamed}),
            model.size() - st.count(QuadPattern{kAny, kAny, kAny, kDefaultGraph}));
  EXPECT_TRUE(st.graph_names().empty());
  st.clear();
  EXPECT_TRUE(st.empty());
}

TEST_F(StoreTest, CursorOutlivesMutation) {
  for (int i = 0; i < 10; ++i) st.insert(Quad{t(i), t(100), t(200)});
  QuadCursor c = st.scan(QuadPattern{kAny, t(100), kAny, kAny});
  st.clear();
  size_t n = 0;
  Quad q;
  while (c.next(q)) ++n;
  EXPECT_EQ(n, 10u);  // the cursor reads the state it was opened on
}

TEST_F(StoreTest, MemoryUsageReported) {
  std::vector<Quad> qs;
  for (int i = 0; i < 100000; ++i) qs.push_back(Quad{t(i % 5000), t(7), t(i), kDefaultGraph});
  st.insert_all(qs);
  MemoryUsage m = st.memory_usage();
  std::printf("index bytes/quad: %.1f\n", static_cast<double>(m.index_bytes) / st.size());
  EXPECT_LE(m.index_bytes, st.size() * 3 * 16 + 4096);  // three 16-byte keys per quad
}

// Readers scan their snapshots and resolve terms while a writer keeps interning and inserting
// through another copy sharing the same dictionary.
TEST(RdfConcurrency, ReadersAndWriterShareTheDictionary) {
  Store base;
  std::vector<Quad> qs;
  for (int i = 0; i < 20000; ++i) {
    qs.push_back(Quad{base.intern(TermRef::iri("http://x/s" + std::to_string(i % 500))),
                      base.intern(TermRef::iri("http://x/p")),
                      base.intern(TermRef::literal(std::to_string(i))), kDefaultGraph});
  }
  base.insert_all(qs);
  Store writer = base;
  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;
  std::atomic<size_t> checked{0};
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&, snap = Store(base)] {
      TermId p = snap.find(TermRef::iri("http://x/p"));
      while (!stop.load()) {
        size_t n = 0;
        snap.for_each(QuadPattern{kAny, p, kAny, kAny},
                      [&](const Quad& q) { n += snap.term(q.o).value.empty() ? 0 : 1; });
        EXPECT_EQ(n, 20000u);
        EXPECT_NE(snap.find(TermRef::literal("42")), kNoTerm);
        ++checked;
      }
    });
  }
  std::string subject, value;
  for (int i = 0; i < 20000; ++i) {
    subject.assign("http://x/new").append(std::to_string(i));
    value.assign(1, 'v').append(std::to_string(i));
    writer.insert(TermRef::iri(subject), TermRef::iri("http://x/q"), TermRef::literal(value));
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_GT(checked.load(), 0u);
  EXPECT_EQ(writer.size(), 40000u);
  EXPECT_EQ(base.size(), 20000u);
}

}  // namespace
}  // namespace ggen::rdf
