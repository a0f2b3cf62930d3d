#include "rdf/manifest.h"

#include "ggen/rdf/loader.h"
#include "ggen/rdf/store.h"

using namespace ggen::rdf;

namespace conformance {

namespace {
constexpr std::string_view kMf = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
constexpr std::string_view kRdft = "http://www.w3.org/ns/rdftest#";

std::string iri(std::string_view ns, std::string_view local) {
  return std::string(ns) + std::string(local);
}
}  // namespace

const char* kind_name(TestKind k) {
  switch (k) {
    case TestKind::PositiveSyntax:
      return "positive syntax";
    case TestKind::NegativeSyntax:
      return "negative syntax";
    case TestKind::Eval:
      return "eval";
    case TestKind::NegativeEval:
      return "negative eval";
  }
  return "?";
}

ggen::Result<std::vector<RdfTest>> read_manifest(const std::string& path, const std::string& base) {
  Store st;
  LoadOptions lo;
  lo.format = Format::Turtle;
  lo.base_iri = base + "manifest.ttl";
  auto r = load_file(st, path, lo);
  if (!r) return std::move(r).take_error();
  auto id = [&](const std::string& s) { return st.find(TermRef::iri(s)); };
  auto one = [&](TermId s, TermId p) -> TermId {
    TermId out = kNoTerm;
    st.for_each(QuadPattern{s, p, kAny, kDefaultGraph}, [&](const Quad& q) { out = q.o; });
    return out;
  };
  TermId entries = id(iri(kMf, "entries")), first = id(std::string(vocab::kRdfFirst)),
         rest = id(std::string(vocab::kRdfRest)), type = id(std::string(vocab::kRdfType)),
         name = id(iri(kMf, "name")), action = id(iri(kMf, "action")),
         result = id(iri(kMf, "result")), approval = id(iri(kRdft, "approval")),
         approved = id(iri(kRdft, "Approved"));
  std::vector<RdfTest> tests;
  auto local = [&](TermId t) {
    std::string v(st.term(t).value);
    return v.starts_with(base) ? v.substr(base.size()) : v;
  };
  for (const Quad& list : st.quads(QuadPattern{kAny, entries, kAny, kDefaultGraph})) {
    for (TermId node = list.o; node != kNoTerm && st.term(node).value != vocab::kRdfNil;
         node = one(node, rest)) {
      TermId t = one(node, first);
      RdfTest test;
      test.name = std::string(st.term(one(t, name)).value);
      std::string kind(st.term(one(t, type)).value);
      kind = kind.substr(kRdft.size());  // e.g. TestTurtleNegativeSyntax
      if (kind.find("NTriples") != std::string::npos) {
        test.format = Format::NTriples;
      } else if (kind.find("NQuads") != std::string::npos) {
        test.format = Format::NQuads;
      } else if (kind.find("Trig") != std::string::npos) {
        test.format = Format::TriG;
      }
      if (kind.ends_with("NegativeSyntax")) {
        test.kind = TestKind::NegativeSyntax;
      } else if (kind.ends_with("NegativeEval")) {
        test.kind = TestKind::NegativeEval;
      } else if (kind.ends_with("Eval")) {
        test.kind = TestKind::Eval;
      }
      test.action_file = local(one(t, action));
      if (TermId res = one(t, result); res != kNoTerm) test.result_file = local(res);
      test.approved = approved != kNoTerm && one(t, approval) == approved;
      tests.push_back(std::move(test));
    }
  }
  return tests;
}

}  // namespace conformance
