// W3C RDF 1.1 conformance runner for the Turtle, N-Triples, N-Quads and TriG parsers.
//
// Each suite's manifest.ttl is read with our own Turtle parser. Positive/negative syntax tests
// must parse / be rejected in the exact format; eval tests must give a dataset isomorphic to the
// expected .nt/.nq. Prints every failure with its reason and `rdf conformance: N/M passed`;
// exits 1 below 100%.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "ggen/rdf/isomorphism.h"
#include "ggen/rdf/loader.h"
#include "ggen/rdf/parser.h"
#include "rdf/manifest.h"

using namespace ggen::rdf;

namespace {

constexpr const char* kBase = "https://w3c.github.io/rdf-tests/rdf/rdf11/";

struct Tally {
  int passed = 0, total = 0;
};

class NullSink : public QuadSink {
 public:
  void quad(const TermRef&, const TermRef&, const TermRef&, const TermRef*) override {}
};

// Runs one test; returns an empty string on success, else the reason.
std::string run_test(const conformance::RdfTest& t, const std::string& dir,
                     const std::string& base_dir) {
  std::string action_path = dir + "/" + t.action_file;
  auto text = read_file(action_path);
  if (!text) return "cannot read " + action_path;
  ParseOptions po;
  po.format = t.format;
  po.base_iri = base_dir + t.action_file;
  po.file = t.action_file;
  switch (t.kind) {
    case conformance::TestKind::PositiveSyntax: {
      NullSink sink;
      auto r = parse(*text, po, sink);
      return r ? "" : "rejected: " + r.error().to_string();
    }
    case conformance::TestKind::NegativeSyntax:
    case conformance::TestKind::NegativeEval: {
      NullSink sink;
      auto r = parse(*text, po, sink);
      if (r && std::getenv("GGEN_RDF_VERBOSE")) return "accepted invalid input";
      if (!r && std::getenv("GGEN_RDF_VERBOSE")) {
        std::printf("ok   %s: %s\n", t.name.c_str(), r.error().to_string().c_str());
        if (!r.error().hint().empty()) std::printf("       hint: %s\n", r.error().hint().c_str());
      }
      return r ? "accepted invalid input" : "";
    }
    case conformance::TestKind::Eval: {
      Store got;
      LoadOptions lo;
      lo.format = t.format;
      lo.base_iri = po.base_iri;
      lo.file = t.action_file;
      auto r = load_string(got, *text, lo);
      if (!r) return "rejected: " + r.error().to_string();
      Store want;
      auto expected_text = read_file(dir + "/" + t.result_file);
      if (!expected_text) return "cannot read " + t.result_file;
      LoadOptions le;
      le.format = is_dataset_format(t.format) ? Format::NQuads : Format::NTriples;
      le.file = t.result_file;
      auto e = load_string(want, *expected_text, le);
      if (!e) return "cannot parse expected result: " + e.error().to_string();
      std::string why;
      if (!isomorphic(got, want, &why)) return "not isomorphic to " + t.result_file + ": " + why;
      return "";
    }
  }
  return "unknown test kind";
}

}  // namespace

int main(int argc, char** argv) {
  std::string root = std::string(GGEN_SHARED_DIR) + "/conformance/rdf-tests/rdf/rdf11";
  std::vector<std::string> suites = {"rdf-turtle", "rdf-n-triples", "rdf-n-quads", "rdf-trig"};
  if (argc > 1) suites.assign(argv + 1, argv + argc);
  Tally all, approved;
  std::map<std::string, Tally> by_suite;
  for (const std::string& suite : suites) {
    std::string dir = root + "/" + suite;
    std::string base_dir = std::string(kBase) + suite + "/";
    auto tests = conformance::read_manifest(dir + "/manifest.ttl", base_dir);
    if (!tests) {
      std::printf("FAIL %s/manifest.ttl: %s\n", suite.c_str(), tests.error().to_string().c_str());
      ++all.total;
      continue;
    }
    for (const auto& t : *tests) {
      std::string why = run_test(t, dir, base_dir);
      Tally& s = by_suite[suite];
      ++s.total, ++all.total;
      if (t.approved) ++approved.total;
      if (why.empty()) {
        ++s.passed, ++all.passed;
        if (t.approved) ++approved.passed;
      } else {
        std::printf("FAIL %s/%s (%s): %s\n", suite.c_str(), t.name.c_str(),
                    conformance::kind_name(t.kind), why.c_str());
      }
    }
  }
  for (const auto& [suite, s] : by_suite) {
    std::printf("  %-14s %d/%d\n", suite.c_str(), s.passed, s.total);
  }
  std::printf("  approved tests: %d/%d; proposed or unmarked: %d/%d\n", approved.passed,
              approved.total, all.passed - approved.passed, all.total - approved.total);
  std::printf("rdf conformance: %d/%d passed\n", all.passed, all.total);
  return all.passed == all.total ? 0 : 1;
}
