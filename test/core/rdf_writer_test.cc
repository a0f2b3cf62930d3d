#include "ggen/rdf/writer.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "ggen/rdf/isomorphism.h"
#include "ggen/rdf/loader.h"

namespace ggen::rdf {
namespace {

Store load(std::string_view text, Format f = Format::Turtle) {
  Store st;
  auto r = load_string(st, text, f, "http://example.org/base/");
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  return st;
}

WriteOptions ex_prefixes() {
  WriteOptions o;
  o.prefixes = {{"ex", "http://example.org/"}, {"xsd", "http://www.w3.org/2001/XMLSchema#"}};
  return o;
}

TEST(RdfTurtleWriter, GroupsSubjectsAndAbbreviates) {
  Store st = load(R"(@prefix ex: <http://example.org/> .
    ex:b ex:q "x"@EN, "y" ; a ex:C ; ex:n 42, 1.5, 2e3, true, "07"^^<http://www.w3.org/2001/XMLSchema#integer> .
    ex:a ex:list (1 2 ex:z) ; ex:addr [ ex:city "Paris" ] ; ex:empty [] .
  )");
  std::string out = write_turtle(st, ex_prefixes());
  EXPECT_EQ(out,
            "@prefix ex: <http://example.org/> .\n"
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"
            "ex:a ex:addr [\n"
            "        ex:city \"Paris\"\n"
            "    ] ;\n"
            "    ex:empty [] ;\n"
            "    ex:list ( 1 2 ex:z ) .\n"
            "ex:b a ex:C ;\n"
            "    ex:n 07, 1.5, 2e3, 42, true ;\n"
            "    ex:q \"x\"@en, \"y\" .\n");
  Store back = load(out);
  std::string why;
  EXPECT_TRUE(isomorphic(st, back, &why)) << why;
}

TEST(RdfTurtleWriter, EscapesAndUnusablePrefixes) {
  Store st;
  st.insert(TermRef::iri("http://example.org/a"), TermRef::iri("http://example.org/p"),
            TermRef::literal("line\n\"quoted\"\t\\"));
  st.insert(TermRef::iri("http://example.org/x.y."), TermRef::iri("http://example.org/p:q"),
            TermRef::lang_literal("v", "en-US"));
  WriteOptions o;
  o.prefixes = {{"ex", "http://example.org/"}, {"1bad", "http://example.org/"}, {"", "http://e/"}};
  std::string out = write_turtle(st, o);
  EXPECT_EQ(out.find("1bad"), std::string::npos) << out;
  EXPECT_NE(out.find("ex:a ex:p \"line\\n\\\"quoted\\\"\\t\\\\\" ."), std::string::npos) << out;
  EXPECT_NE(out.find("<http://example.org/x.y.>"), std::string::npos) << out;
  Store back;
  auto r = load_string(back, out, Format::Turtle);
  ASSERT_TRUE(r.ok()) << r.error().to_string() << "\n" << out;
  std::string why;
  EXPECT_TRUE(isomorphic(st, back, &why)) << why;
}

TEST(RdfTurtleWriter, DeterministicWhateverTheInsertionOrder) {
  Store a = load("<http://x/s2> <http://x/p> <http://x/o> . <http://x/s1> <http://x/p> \"v\" .");
  Store b = load("<http://x/s1> <http://x/p> \"v\" . <http://x/s2> <http://x/p> <http://x/o> .");
  EXPECT_EQ(write_turtle(a), write_turtle(b));
  EXPECT_EQ(write_ntriples(a), write_ntriples(b));
  EXPECT_EQ(write_ntriples(a),
            "<http://x/s1> <http://x/p> \"v\" .\n<http://x/s2> <http://x/p> <http://x/o> .\n");
}

TEST(RdfNTriplesWriter, BlankLabelsFollowStructureNotLoadOrder) {
  Store a = load("_:x <http://p> \"1\" . _:y <http://p> \"2\" . _:x <http://q> _:y .");
  Store b = load("_:m <http://p> \"2\" . _:n <http://p> \"1\" . _:n <http://q> _:m .");
  EXPECT_EQ(write_ntriples(a), write_ntriples(b));
  EXPECT_EQ(write_nquads(a), write_nquads(b));
}

TEST(RdfTurtleWriter, BlankNodeCyclesAndSharedNodes) {
  Store st = load(R"(_:a <http://x/p> _:b . _:b <http://x/p> _:a .
                     <http://x/s> <http://x/q> _:c . <http://x/t> <http://x/q> _:c .
                     _:c <http://x/r> "shared" .)");
  std::string out = write_turtle(st);
  Store back = load(out);
  std::string why;
  EXPECT_TRUE(isomorphic(st, back, &why)) << why << "\n" << out;
}

TEST(RdfTrigWriter, GraphsRoundTrip) {
  Store st = load(R"(@prefix ex: <http://example.org/> .
    ex:s ex:p ex:o .
    ex:g1 { ex:s ex:p [ ex:q 1 ] . _:x ex:in ex:g1 }
    _:g { ex:s ex:p _:x }
  )",
                  Format::TriG);
  std::string trig = write_trig(st, ex_prefixes());
  std::string why;
  Store back = load(trig, Format::TriG);
  EXPECT_TRUE(isomorphic(st, back, &why)) << why << "\n" << trig;
  Store back_nq = load(write_nquads(st), Format::NQuads);
  EXPECT_TRUE(isomorphic(st, back_nq, &why)) << why;
}

// Every W3C Turtle/TriG eval input survives a round trip through each writer.
TEST(RdfWriters, RoundTripW3cEvalInputs) {
  namespace fs = std::filesystem;
  std::string root = std::string(GGEN_SHARED_DIR) + "/conformance/rdf-tests/rdf/rdf11/";
  int checked = 0;
  for (const char* suite : {"rdf-turtle", "rdf-trig"}) {
    bool trig = std::string(suite) == "rdf-trig";
    for (const auto& e : fs::directory_iterator(root + suite)) {
      std::string path = e.path().string();
      std::string expected = path.substr(0, path.rfind('.')) + (trig ? ".nq" : ".nt");
      if (!path.ends_with(trig ? ".trig" : ".ttl") || !fs::exists(expected)) continue;
      Store st;
      LoadOptions lo;
      lo.base_iri = "http://example.org/base/x";
      if (!load_file(st, path, lo).ok()) continue;
      WriteOptions wo;
      wo.prefixes = {{"ex", "http://example.org/"}, {"rdf", std::string(vocab::kRdf)}};
      for (Format f : {Format::Turtle, Format::TriG, Format::NTriples, Format::NQuads}) {
        if (!trig && is_dataset_format(f) != trig && f != Format::Turtle && f != Format::NTriples) {
          continue;
        }
        if (trig && !is_dataset_format(f)) continue;
        std::string text = write(st, f, wo);
        Store back;
        auto r = load_string(back, text, f, "");
        ASSERT_TRUE(r.ok()) << path << " as " << format_name(f) << ": " << r.error().to_string()
                            << "\n"
                            << text;
        std::string why;
        EXPECT_TRUE(isomorphic(st, back, &why))
            << path << " as " << format_name(f) << ": " << why << "\n"
            << text;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 250);
}

}  // namespace
}  // namespace ggen::rdf
