#include "ggen/rdf/parser.h"

#include <gtest/gtest.h>

#include "ggen/rdf/isomorphism.h"
#include "ggen/rdf/loader.h"

namespace ggen::rdf {
namespace {

struct Collect : QuadSink {
  std::vector<TermQuad> quads;
  std::vector<std::pair<std::string, std::string>> prefixes;
  void quad(const TermRef& s, const TermRef& p, const TermRef& o, const TermRef* g) override {
    quads.push_back(TermQuad{Term(s), Term(p), Term(o), g ? Term(*g) : Term()});
  }
  void prefix(std::string_view n, std::string_view i) override { prefixes.emplace_back(n, i); }
};

Collect ok(std::string_view text, Format f = Format::Turtle,
           std::string base = "http://b/dir/doc") {
  Collect c;
  ParseOptions o;
  o.format = f;
  o.base_iri = base;
  auto r = parse(text, o, c);
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  return c;
}

Error bad(std::string_view text, Format f = Format::Turtle) {
  Collect c;
  ParseOptions o;
  o.format = f;
  o.file = "in.ttl";
  auto r = parse(text, o, c);
  EXPECT_FALSE(r.ok()) << "accepted: " << text;
  return r.ok() ? Error() : r.error();
}

TEST(RdfTurtleParser, AbbreviationsAndLiterals) {
  Collect c = ok(R"(@prefix : <http://e/> . PREFIX x: <http://x/>
    :s a :C ; :p 1, -2.5, 3e1, .5, true, false, "s", 's'@en-GB, """l
i"ne""", "v"^^x:t ;
       :q [ :r :o ], ( 1 [] ) .
    :t :p true.)");
  ASSERT_EQ(c.quads.size(), 19u);
  EXPECT_EQ(c.quads[0].p.value, vocab::kRdfType);
  EXPECT_EQ(c.quads[1].o.value, "1");
  EXPECT_EQ(c.quads[1].o.datatype, vocab::kXsdInteger);
  EXPECT_EQ(c.quads[2].o.datatype, vocab::kXsdDecimal);
  EXPECT_EQ(c.quads[3].o.datatype, vocab::kXsdDouble);
  EXPECT_EQ(c.quads[4].o.value, ".5");
  EXPECT_EQ(c.quads[5].o.datatype, vocab::kXsdBoolean);
  EXPECT_EQ(c.quads[8].o.lang, "en-GB");
  EXPECT_EQ(c.quads[9].o.value, "l\ni\"ne");
  EXPECT_EQ(c.quads[10].o.datatype, "http://x/t");
  EXPECT_EQ(c.quads.back().o.value, "true");
  EXPECT_EQ(c.prefixes.size(), 2u);
}

TEST(RdfTurtleParser, ResolvesRelativeIrisAgainstBase) {
  Collect c = ok("<a> <../p> <#f> . @base <http://o/x/y/> . <./z/../w> <?q> <//h/p> .");
  EXPECT_EQ(c.quads[0].s.value, "http://b/dir/a");
  EXPECT_EQ(c.quads[0].p.value, "http://b/p");
  EXPECT_EQ(c.quads[0].o.value, "http://b/dir/doc#f");
  EXPECT_EQ(c.quads[1].s.value, "http://o/x/y/w");
  EXPECT_EQ(c.quads[1].p.value, "http://o/x/y/?q");
  EXPECT_EQ(c.quads[1].o.value, "http://h/p");
}

TEST(RdfTurtleParser, EscapesAndUnicode) {
  Collect c = ok(R"(<http://e/\u00E9> <http://e/p> "\U0001F600\t\\" , "é" .)");
  EXPECT_EQ(c.quads[0].s.value, "http://e/\xC3\xA9");
  EXPECT_EQ(c.quads[0].o.value, "\xF0\x9F\x98\x80\t\\");
  EXPECT_EQ(c.quads[1].o.value, "\xC3\xA9");
}

TEST(RdfTurtleParser, ErrorsCarryLocationAndHint) {
  Error e = bad("@prefix ex: <http://e/> .\nex:s ex:p ex:o\nex:t ex:p ex:o .");
  EXPECT_EQ(e.code(), "E_RDF_SYNTAX");
  EXPECT_EQ(e.location().file, "in.ttl");
  EXPECT_EQ(e.location().line, 3);
  EXPECT_EQ(e.location().column, 1);
  EXPECT_EQ(e.hint(), "a triple must end with '.'");

  e = bad("<http://e/s> <http://e/p> foo:o .");
  EXPECT_EQ(e.message(), "undefined prefix `foo:`");
  EXPECT_EQ(e.hint(), "declare it with @prefix foo: <...> .");
  EXPECT_EQ(e.location().line, 1);
  EXPECT_EQ(e.location().column, 27);

  e = bad("<http://e/s> <http://e/p> \"é\\q\" .");  // column counts characters, not bytes
  EXPECT_EQ(e.location().column, 29);
}

TEST(RdfTurtleParser, RejectsInvalidInput) {
  const char* cases[] = {
      "<http://e/s> <http://e/p> \"\\uD800\" .",  // surrogate escape
      "<http://e/s> <http://e/p> <http://e/\\uD83D\\uDE00> .",
      "<http://e/a b> <http://e/p> <http://e/o> .",  // space in IRI
      "<http://e/{x}> <http://e/p> <http://e/o> .",
      "<http://e/\\u0020> <http://e/p> <http://e/o> .",
      "\"lit\" <http://e/p> <http://e/o> .",  // literal subject
      "<http://e/s> _:p <http://e/o> .",      // blank predicate
      "<http://e/s> <http://e/p> \"open .",
      "<http://e/s> <http://e/p> \"a\nb\" .",
      "<http://e/s> <http://e/p> \"x\"@ .",
      "<http://e/s> <http://e/p> \"\xff\" .",          // invalid UTF-8
      "<http://e/s> <http://e/p> \"\xed\xa0\x80\" .",  // UTF-8 encoded surrogate
      "@prefix ex: <http://e/> . ex:s ex:p ex:o. .",
      "@prefix ex <http://e/> .",
      "@keywords a .",
      "<http://e/s> <http://e/p> [ <http://e/q> <http://e/o> .",
      "<http://e/s> <http://e/p> ( <http://e/o> .",
      "<http://e/s> <http://e/p> 1e .",
      "<http://e/s> <http://e/p> <http://e/o> ; .",  // ';' then '.' is fine... see below
  };
  for (size_t i = 0; i + 1 < std::size(cases); ++i) {
    Error e = bad(cases[i]);
    EXPECT_EQ(e.code(), "E_RDF_SYNTAX") << cases[i];
    EXPECT_GT(e.location().line, 0) << cases[i];
    EXPECT_FALSE(e.hint().empty() && e.message().empty()) << cases[i];
  }
  ok(cases[std::size(cases) - 1]);
  std::string deep = "<http://e/s> <http://e/p> ";
  for (int i = 0; i < 1000; ++i) deep += "[ <http://e/p> ";
  deep += "1" + std::string(1000, ']') + " .";
  EXPECT_EQ(bad(deep).message(), "nesting too deep");
}

TEST(RdfTrigParser, GraphsAndDefaultGraph) {
  Collect c = ok(R"(@prefix : <http://e/> .
    :a :b :c .
    :g { :s :p :o . :s :p :o2 }
    GRAPH _:bg { :s :p [] }
    { :d :d :d })",
                 Format::TriG);
  ASSERT_EQ(c.quads.size(), 5u);
  EXPECT_TRUE(c.quads[0].in_default_graph());
  EXPECT_EQ(c.quads[1].g.value, "http://e/g");
  EXPECT_EQ(c.quads[3].g.kind, TermKind::Blank);
  EXPECT_TRUE(c.quads[4].in_default_graph());
  bad(":g { :s :p :o } .", Format::TriG);
  bad("@prefix : <http://e/> . :g { @prefix x: <http://x/> . }", Format::TriG);
  bad("@prefix : <http://e/> . :g { :h { :s :p :o } }", Format::TriG);
  bad("@prefix : <http://e/> . :g { :s :p :o }", Format::Turtle);
}

TEST(RdfNTriplesParser, StrictLineFormat) {
  Collect c =
      ok("<http://e/s> <http://e/p> \"x\"@en . # comment\r\n"
         "_:b <http://e/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n",
         Format::NTriples);
  ASSERT_EQ(c.quads.size(), 2u);
  EXPECT_EQ(c.quads[1].s.kind, TermKind::Blank);
  Error e = bad("<s> <http://e/p> <http://e/o> .", Format::NTriples);
  EXPECT_NE(e.hint().find("absolute"), std::string::npos);
  bad("<http://e/s> <http://e/p> <http://e/o>", Format::NTriples);
  bad("<http://e/s> <http://e/p> <http://e/o> . <http://e/s> <http://e/p> <http://e/o> .",
      Format::NTriples);
  bad("<http://e/s> <http://e/p> 'single' .", Format::NTriples);
  bad("<http://e/s> a <http://e/o> .", Format::NTriples);
  bad("<http://e/s> <http://e/p> <http://e/o> <http://e/g> .", Format::NTriples);
  Collect q =
      ok("<http://e/s> <http://e/p> <http://e/o> <http://e/g> .\n"
         "<http://e/s> <http://e/p> <http://e/o> .\n",
         Format::NQuads);
  EXPECT_EQ(q.quads[0].g.value, "http://e/g");
  EXPECT_TRUE(q.quads[1].in_default_graph());
  bad("<http://e/s> <http://e/p> <http://e/o> \"g\" .", Format::NQuads);
}

TEST(RdfLoader, BlankNodesAreScopedPerDocument) {
  Store st;
  ASSERT_TRUE(load_string(st, "_:x <http://e/p> <http://e/o> .", Format::NTriples).ok());
  ASSERT_TRUE(load_string(st, "_:x <http://e/p> <http://e/o> .", Format::NTriples).ok());
  EXPECT_EQ(st.size(), 2u);
  auto r = load_string(st, "<http://e/s> <http://e/p> .", Format::Turtle);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(st.size(), 2u);  // untouched on error
}

TEST(RdfLoader, IntoANamedGraphWithPrefixesReported) {
  Store st;
  LoadOptions o;
  o.graph = st.intern(TermRef::iri("http://e/g"));
  o.base_iri = "http://e/doc";
  auto r = load_string(st, "@prefix ex: <http://e/ns#> . <#s> ex:p ex:o, ex:o .", o);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->parsed, 2u);
  EXPECT_EQ(r->added, 1u);
  ASSERT_EQ(r->prefixes.size(), 1u);
  EXPECT_EQ(r->prefixes[0].second, "http://e/ns#");
  EXPECT_EQ(st.count(QuadPattern{kAny, kAny, kAny, o.graph}), 1u);
  EXPECT_EQ(st.count(QuadPattern{kAny, kAny, kAny, kDefaultGraph}), 0u);
  EXPECT_NE(st.find(TermRef::iri("http://e/doc#s")), kNoTerm);
}

TEST(RdfLoader, FilesByExtension) {
  Store st;
  std::string dir = std::string(GGEN_SHARED_DIR) + "/conformance/rdf-tests/rdf/rdf11/";
  auto r = load_file(st, dir + "rdf-trig/alternating_iri_graphs.trig");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_TRUE(st.has_named_graphs());
  auto missing = load_file(st, "/nonexistent/x.ttl");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), "E_IO");
  auto unknown = load_file(st, "/tmp/x.rdfxml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), "E_INVALID_ARGUMENT");
  EXPECT_EQ(format_from_path("a/b.NQ"), Format::NQuads);
  EXPECT_EQ(format_from_name("turtle"), Format::Turtle);
}

}  // namespace
}  // namespace ggen::rdf
