// Loading a big graph stops when asked to (LoadOptions::cancelled), so a cancellation does not
// wait for the whole parse.
#include <gtest/gtest.h>

#include <atomic>

#include "ggen/rdf/loader.h"

using namespace ggen;

namespace {

std::string big_graph(int n) {
  std::string text;
  for (int i = 0; i < n; ++i)
    text += "<http://x/s" + std::to_string(i) + "> <http://x/p> \"" + std::to_string(i) + "\" .\n";
  return text;
}

TEST(RdfCancel, LoadStopsWithinAFewThousandStatements) {
  rdf::Store store;
  std::atomic<int> polls{0};
  rdf::LoadOptions lo;
  lo.format = rdf::Format::NTriples;
  lo.cancelled = [&] { return ++polls >= 2; };
  auto r = rdf::load_string(store, big_graph(50000), lo);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_CANCELLED");
  EXPECT_EQ(polls.load(), 2);   // polled every 4096 statements: stopped at the second poll
  EXPECT_EQ(store.size(), 0u);  // none of the document's quads went in
}

TEST(RdfCancel, NotCancelledLoadsEverything) {
  rdf::Store store;
  rdf::LoadOptions lo;
  lo.format = rdf::Format::Turtle;
  int polls = 0;
  lo.cancelled = [&] { return ++polls < 0; };
  auto r = rdf::load_string(store, big_graph(10000), lo);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(store.size(), 10000u);
  EXPECT_EQ(polls, 2);
}

}  // namespace
