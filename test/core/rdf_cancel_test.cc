// Loading a big graph stops when asked to (LoadOptions::cancelled) at whichever poll sees it, in
// the parse or in the index build after it, and leaves the store as it was. Driven by counting
// polls, not by timing.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "ggen/rdf/loader.h"

namespace ggen::rdf {
namespace {

std::string graph(int triples) {
  std::string text = "@prefix ex: <http://example.org/> .\n";
  for (int i = 0; i < triples; ++i) {
    text += "ex:s" + std::to_string(i) + " ex:p ex:o" + std::to_string(i % 97) + " .\n";
  }
  return text;
}

std::string big_graph(int n) {
  std::string text;
  for (int i = 0; i < n; ++i)
    text += "<http://x/s" + std::to_string(i) + "> <http://x/p> \"" + std::to_string(i) + "\" .\n";
  return text;
}

TEST(RdfCancel, LoadStopsWithinAFewThousandStatements) {
  Store store;
  int polls = 0;
  LoadOptions lo;
  lo.format = Format::NTriples;
  lo.cancelled = [&] { return ++polls >= 2; };
  auto r = load_string(store, big_graph(50000), lo);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_CANCELLED");
  EXPECT_EQ(polls, 2);          // polled every 4096 statements: stopped at the second poll
  EXPECT_EQ(store.size(), 0u);  // none of the document's quads went in
}

TEST(RdfCancel, NotCancelledLoadsEverything) {
  Store store;
  LoadOptions lo;
  lo.format = Format::Turtle;
  int polls = 0;
  lo.cancelled = [&] { return ++polls < 0; };
  auto r = load_string(store, big_graph(10000), lo);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(store.size(), 10000u);
  // 2 in the parse (every 4096 statements), 1 after it, 5 in the index build (before it,
  // after the first sort, after each of the three orders).
  EXPECT_EQ(polls, 8);
}

TEST(RdfCancel, EveryPollStopsTheLoadAndLeavesTheStoreUnchanged) {
  const std::string text = graph(20000);
  int polls = 0;
  LoadOptions counting;
  counting.cancelled = [&] {
    ++polls;
    return false;
  };
  Store full;
  ASSERT_TRUE(load_string(full, text, counting).ok());
  ASSERT_EQ(full.size(), 20000u);
  // Parse polls (every 4096 statements), the one after the parse, and the index build's.
  ASSERT_GE(polls, 4 + 1 + 4);
  for (int k = 1; k <= polls; ++k) {
    Store store;
    ASSERT_TRUE(
        load_string(store, "<http://x/a> <http://x/b> <http://x/c> .", Format::Turtle).ok());
    int n = 0;
    LoadOptions o;
    o.cancelled = [&] { return ++n >= k; };
    auto r = load_string(store, text, o);
    ASSERT_FALSE(r.ok()) << "poll " << k;
    EXPECT_EQ(r.error().code(), "E_CANCELLED") << "poll " << k;
    EXPECT_EQ(store.size(), 1u) << "poll " << k;
  }
}

TEST(RdfCancel, InsertAllPollsBetweenIndexSorts) {
  std::vector<Quad> quads;
  Store store;
  for (int i = 0; i < 5000; ++i) {
    std::string name = "http://x/s" + std::to_string(i);
    TermId s = store.dictionary().intern(TermRef::iri(name));
    TermId p = store.dictionary().intern(TermRef::iri("http://x/p"));
    quads.push_back(Quad{s, p, s, kDefaultGraph});
  }
  int polls = 0;
  try {
    store.insert_all(quads, [&] { return ++polls > 2; });
    ADD_FAILURE() << "must not finish";
  } catch (const Exception& e) {
    EXPECT_EQ(e.error().code(), "E_CANCELLED");
  }
  EXPECT_EQ(polls, 3);
  EXPECT_EQ(store.size(), 0u);
  EXPECT_EQ(store.insert_all(quads, [] { return false; }), 5000u);
}

}  // namespace
}  // namespace ggen::rdf

namespace ggen::rdf {
namespace {

TEST(RdfCancel, ReadFileStopsBetweenPieces) {
  auto path = std::filesystem::temp_directory_path() / "ggen-rdf-cancel-read.ttl";
  const std::string text = big_graph(100000);  // > 3 MB: several 1 MB pieces
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  int polls = 0;
  auto whole = read_file(path.string(), [&] { return ++polls < 0; });
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole.value(), text);
  EXPECT_GE(polls, 4);
  for (int k = 1; k <= polls; ++k) {
    int n = 0;
    auto r = read_file(path.string(), [&] { return ++n >= k; });
    ASSERT_FALSE(r.ok()) << k;
    EXPECT_EQ(r.error().code(), "E_CANCELLED") << k;
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace ggen::rdf
