// Query speed on an ontology-shaped dataset like the anchors' (rdf-anchors.md section 3):
// classes with labels and a subClassOf forest, 4 properties per class, instances with rank,
// typed values, relatedTo links and a few blank-node addresses. Prints the median of 5 runs per
// query next to oxigraph's figure. Size: GGEN_SPARQL_PERF_TRIPLES (default 100000).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ggen/rdf/loader.h"
#include "ggen/sparql/engine.h"

using namespace ggen::sparql;
namespace rdf = ggen::rdf;

namespace {

std::string dataset(size_t target) {
  uint64_t seed = 42;
  auto rnd = [&]() {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return seed >> 33;
  };
  std::string t =
      "@prefix ex: <http://example.org/> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
      "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
      "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";
  size_t classes = std::max<size_t>(2, target / 200), triples = 0;
  for (size_t c = 0; c < classes; ++c) {
    std::string cn = "ex:C" + std::to_string(c);
    t += cn + " a owl:Class ; rdfs:label \"Class " + std::to_string(c) +
         "\"@en ; rdfs:comment \"c\"";
    triples += 3;
    if (c > 0 && rnd() % 10) {
      t += " ; rdfs:subClassOf ex:C" + std::to_string(rnd() % c);
      ++triples;
    }
    t += " .\n";
    for (int k = 0; k < 4; ++k) {
      std::string pn = "ex:p" + std::to_string(c) + "_" + std::to_string(k);
      t += pn + " a owl:DatatypeProperty ; rdfs:domain " + cn + " ; rdfs:range " +
           (k % 2 ? std::string("xsd:string") : "ex:C" + std::to_string(rnd() % classes)) +
           " ; rdfs:label \"prop " + std::to_string(k) + "\"";
      triples += 4;
      if (rnd() % 10 < 7) {
        t += " ; rdfs:comment \"about " + pn + "\"";
        ++triples;
      }
      t += " .\n";
    }
  }
  for (size_t i = 0; triples < target; ++i) {
    std::string in = "ex:i" + std::to_string(i);
    t += in + " a ex:C" + std::to_string(rnd() % classes) + " ; rdfs:label \"Instance " +
         std::to_string(i) + "\" ; ex:rank " + std::to_string(rnd() % 1000);
    triples += 3;
    int vals = 2 + static_cast<int>(rnd() % 3);
    for (int v = 0; v < vals; ++v)
      t += " ; ex:v" + std::to_string(v) + " \"" + std::to_string(rnd() % 5000) + "\"^^xsd:integer";
    triples += vals;
    if (i > 0 && rnd() % 2) {
      t += " ; ex:relatedTo ex:i" + std::to_string(rnd() % i);
      ++triples;
    }
    if (rnd() % 20 == 0) {
      t += " ; ex:address [ ex:city \"City " + std::to_string(rnd() % 100) + "\" ]";
      triples += 2;
    }
    t += " .\n";
  }
  return t;
}

struct Case {
  const char* name;
  const char* query;
  double ox_100k, ox_1m;  // oxigraph ox-json medians in ms (rdf-anchors.md section 3)
};

const Case kCases[] = {
    {"q1 classes+labels ORDER BY",
     "SELECT ?c ?label WHERE { ?c a owl:Class ; rdfs:label ?label } ORDER BY ?label", 4.7, 52},
    {"q2 props per class 2xOPTIONAL",
     "SELECT ?c ?p ?range ?comment WHERE { ?c a owl:Class . ?p rdfs:domain ?c . "
     "OPTIONAL { ?p rdfs:range ?range } OPTIONAL { ?p rdfs:comment ?comment } }",
     32, 399},
    {"q3 FILTER + ORDER BY",
     "SELECT ?i ?l ?rank WHERE { ?i ex:rank ?rank ; rdfs:label ?l "
     "FILTER(?rank < 100 && STRSTARTS(?l, \"Instance 1\")) } ORDER BY ?rank ?i",
     7.9, 85},
    {"q4 GROUP BY + COUNT", "SELECT ?c (COUNT(?i) AS ?n) WHERE { ?i a ?c } GROUP BY ?c", 11, 173},
    {"q5 3-way join", "SELECT ?i ?j ?c WHERE { ?i ex:relatedTo ?j . ?j a ?c . ?c rdfs:label ?l }",
     58, 945},
    {"q6 subClassOf+ DISTINCT", "SELECT DISTINCT ?c ?sup WHERE { ?c rdfs:subClassOf+ ?sup }", 54,
     1539},
};

}  // namespace

TEST(SparqlPerf, AnchorQueries) {
  size_t n = 100000;
  if (const char* e = std::getenv("GGEN_SPARQL_PERF_TRIPLES")) n = std::strtoull(e, nullptr, 10);
  rdf::Store store;
  auto t0 = std::chrono::steady_clock::now();
  std::string text = dataset(n);
  // GGEN_SPARQL_PERF_DUMP=<file>: write the dataset, to time other engines on the same data.
  if (const char* dump = std::getenv("GGEN_SPARQL_PERF_DUMP")) {
    if (FILE* f = std::fopen(dump, "w")) {
      std::fwrite(text.data(), 1, text.size(), f);
      std::fclose(f);
    }
  }
  auto loaded = rdf::load_string(store, text, rdf::Format::Turtle);
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  double load_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::printf("dataset: %zu triples, generated+loaded in %.0f ms\n", store.size(), load_ms);
  QueryOptions o;
  o.use_cache = false;
  o.parse.prefixes = {{"ex", "http://example.org/"},
                      {"owl", "http://www.w3.org/2002/07/owl#"},
                      {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"}};
  for (const auto& c : kCases) {
    std::vector<double> ms;
    size_t rows = 0;
    for (int i = 0; i < 5; ++i) {
      auto s = std::chrono::steady_clock::now();
      auto r = query(store, c.query, o);
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count());
      ASSERT_TRUE(r.ok()) << r.error().to_string();
      rows = r->rows.size();
    }
    std::sort(ms.begin(), ms.end());
    double ox = n >= 1000000 ? c.ox_1m : c.ox_100k;
    std::printf("%-32s rows %7zu  median %8.2f ms  (oxigraph %s: %.1f ms)\n", c.name, rows, ms[2],
                n >= 1000000 ? "1M" : "100k", ox);
    EXPECT_GT(rows, 0u) << c.name;
  }
}
