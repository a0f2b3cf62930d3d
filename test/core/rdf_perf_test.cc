// Throughput and memory figures on a generated ontology-like Turtle document (deterministic).
// Prints (in thread CPU seconds) parse-only and load (parse + dictionary + indexes) rates and bytes
// per triple; the assertions are loose floors so the test stays meaningful on a busy machine.
#include <gtest/gtest.h>

#include <time.h>

#include <cstdio>
#include <random>

#include "ggen/rdf/loader.h"
#include "ggen/rdf/parser.h"
#include "ggen/rdf/store.h"
#include "ggen/rdf/writer.h"

namespace ggen::rdf {
namespace {

// About `n` triples: classes with labels and subClassOf, instances with type, label, rank,
// typed values, links, and a blank-node address on some.
std::string generate(size_t n, size_t* triples) {
  std::mt19937 rng(42);
  std::string out =
      "@prefix ex: <http://example.org/onto#> .\n"
      "@prefix inst: <http://example.org/data/> .\n"
      "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
      "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
      "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n";
  size_t classes = n / 200 + 1, count = 0;
  for (size_t c = 0; c < classes; ++c) {
    out += "ex:Class" + std::to_string(c) + " a owl:Class ;\n  rdfs:label \"Class " +
           std::to_string(c) + "\"@en ;\n  rdfs:comment \"A generated class number " +
           std::to_string(c) + ", used for benchmarks.\"@en";
    count += 3;
    if (c > 0) {
      out += " ;\n  rdfs:subClassOf ex:Class" + std::to_string(rng() % c);
      ++count;
    }
    out += " .\n";
  }
  for (size_t i = 0; count < n; ++i) {
    std::string id = std::to_string(i);
    out += "inst:item" + id + " a ex:Class" + std::to_string(rng() % classes) +
           " ;\n  rdfs:label \"Item " + id + "\" ;\n  ex:rank " + std::to_string(rng() % 1000) +
           " ;\n  ex:weight \"" + std::to_string(rng() % 10000) + ".5\"^^xsd:decimal ;\n" +
           "  ex:created \"2024-0" + std::to_string(1 + rng() % 9) + "-1" +
           std::to_string(rng() % 10) + "\"^^xsd:date";
    count += 5;
    if (rng() % 2) {
      out += " ;\n  ex:relatedTo inst:item" + std::to_string(rng() % (i + 1));
      ++count;
    }
    if (rng() % 20 == 0) {
      out += " ;\n  ex:address [ ex:city \"City " + std::to_string(rng() % 100) + "\" ; ex:zip \"" +
             std::to_string(10000 + rng() % 90000) + "\" ]";
      count += 3;
    }
    out += " .\n";
  }
  *triples = count;
  return out;
}

class CountSink : public QuadSink {
 public:
  size_t n = 0;
  void quad(const TermRef&, const TermRef&, const TermRef&, const TermRef*) override { ++n; }
};

// Thread CPU time: the figures stay meaningful when other jobs share the cores.
struct CpuClock {
  using time_point = double;
  static double now() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
  }
};

double seconds_since(double t0) {
  return CpuClock::now() - t0;
}

TEST(RdfPerf, ParseAndLoadMillionTriples) {
  size_t expected = 0;
  std::string doc = generate(1000000, &expected);
  std::printf("document: %zu triples, %.1f MB\n", expected, doc.size() / 1e6);

  double best_parse = 1e9;
  for (int run = 0; run < 3; ++run) {
    CountSink sink;
    auto t0 = CpuClock::now();
    ASSERT_TRUE(parse(doc, ParseOptions{}, sink).ok());
    best_parse = std::min(best_parse, seconds_since(t0));
    ASSERT_EQ(sink.n, expected);
  }
  std::printf("parse only: %.3f s, %.2f M triples/s, %.0f MB/s\n", best_parse,
              expected / best_parse / 1e6, doc.size() / best_parse / 1e6);

  Store store;
  auto t0 = CpuClock::now();
  auto r = load_string(store, doc, Format::Turtle);
  double load = seconds_since(t0);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(store.size(), expected);
  MemoryUsage m = store.memory_usage();
  std::printf("load into store: %.3f s, %.2f M triples/s\n", load, expected / load / 1e6);
  std::printf("memory: %zu terms; indexes %.1f MB + dictionary %.1f MB = %.1f bytes/triple\n",
              store.dictionary().size(), m.index_bytes / 1e6, m.dictionary_bytes / 1e6,
              static_cast<double>(m.total()) / expected);

  t0 = CpuClock::now();
  auto stats = store.statistics();
  std::printf("statistics: %.3f s (%zu predicates, %zu classes)\n", seconds_since(t0),
              stats->predicates.size(), stats->classes.size());

  // The same data as N-Triples (what the writer emits), parsed back.
  t0 = CpuClock::now();
  WriteOptions unsorted;
  unsorted.sort = false;
  std::string nt = write_ntriples(store, unsorted);
  std::printf("write N-Triples: %.3f s, %.1f MB\n", seconds_since(t0), nt.size() / 1e6);
  double best_nt = 1e9;
  for (int run = 0; run < 3; ++run) {
    CountSink sink;
    ParseOptions po;
    po.format = Format::NTriples;
    t0 = CpuClock::now();
    ASSERT_TRUE(parse(nt, po, sink).ok());
    best_nt = std::min(best_nt, seconds_since(t0));
    ASSERT_EQ(sink.n, expected);
  }
  std::printf("parse N-Triples: %.3f s, %.2f M triples/s, %.0f MB/s\n", best_nt,
              expected / best_nt / 1e6, nt.size() / best_nt / 1e6);
  t0 = CpuClock::now();
  std::string ttl = write_turtle(store);
  std::printf("write Turtle: %.3f s, %.1f MB\n", seconds_since(t0), ttl.size() / 1e6);

  // Speed is printed above, not asserted (no timing in tests): bench/rdf compares it.
  EXPECT_LT(static_cast<double>(m.total()) / expected, 150.0);
}

}  // namespace
}  // namespace ggen::rdf
