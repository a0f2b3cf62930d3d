// Update (atomic per request) and the result formats.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "ggen/rdf/loader.h"
#include "ggen/sparql/engine.h"
#include "ggen/sparql/results.h"

using namespace ggen::sparql;
namespace rdf = ggen::rdf;

namespace {
size_t count(const rdf::Store& s, const std::string& q) {
  auto r = query(s, q);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  return r.ok() ? r->rows.size() : 0;
}
}  // namespace

TEST(SparqlUpdate, InsertDeleteModify) {
  rdf::Store s;
  auto u = update(s,
                  "PREFIX e: <http://e/> INSERT DATA { e:a e:p 1 . e:b e:p 2 . "
                  "GRAPH e:g { e:a e:q _:x } }");
  ASSERT_TRUE(u.ok()) << u.error().to_string();
  EXPECT_EQ(u->inserted, 3u);
  EXPECT_EQ(count(s, "SELECT * { ?s <http://e/p> ?o }"), 2u);
  u = update(s,
             "PREFIX e: <http://e/> DELETE { ?s e:p ?o } INSERT { ?s e:r ?n } "
             "WHERE { ?s e:p ?o BIND(?o * 10 AS ?n) }");
  ASSERT_TRUE(u.ok()) << u.error().to_string();
  EXPECT_EQ(count(s, "SELECT * { ?s <http://e/p> ?o }"), 0u);
  EXPECT_EQ(count(s, "SELECT * { ?s <http://e/r> 20 }"), 1u);
  u = update(s, "DELETE DATA { <http://e/a> <http://e/r> 10 }");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->deleted, 1u);
  u = update(s, "DELETE WHERE { GRAPH <http://e/g> { ?s ?p ?o } }");
  ASSERT_TRUE(u.ok()) << u.error().to_string();
  EXPECT_EQ(count(s, "SELECT * { GRAPH ?g { ?s ?p ?o } }"), 0u);
}

TEST(SparqlUpdate, ClearDropAndAtomicity) {
  rdf::Store s;
  ASSERT_TRUE(update(s,
                     "INSERT DATA { <http://e/a> <http://e/p> 1 . GRAPH <http://e/g> { "
                     "<http://e/a> <http://e/p> 2 } }")
                  .ok());
  uint64_t v = s.version();
  // The second operation fails (no such graph): the first must not stay applied.
  auto u = update(s, "INSERT DATA { <http://e/z> <http://e/p> 3 } ; DROP GRAPH <http://e/none>");
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().code(), "E_SPARQL_EVAL");
  EXPECT_EQ(s.version(), v);
  EXPECT_EQ(count(s, "SELECT * { <http://e/z> ?p ?o }"), 0u);
  ASSERT_TRUE(update(s, "DROP SILENT GRAPH <http://e/none> ; CLEAR GRAPH <http://e/g>").ok());
  EXPECT_EQ(count(s, "SELECT * { GRAPH ?g { ?s ?p ?o } }"), 0u);
  ASSERT_TRUE(update(s, "CLEAR DEFAULT").ok());
  EXPECT_EQ(s.size(), 0u);
  EXPECT_FALSE(update(s, "INSERT DATA { ?x <http://e/p> 1 }").ok());
}

TEST(SparqlUpdate, LoadLocalFile) {
  std::string path = ::testing::TempDir() + "/sparql_load_test.ttl";
  {
    std::ofstream f(path);
    f << "<http://e/a> <http://e/p> \"loaded\" .\n";
  }
  rdf::Store s;
  auto u = update(s, "LOAD <file://" + path + "> INTO GRAPH <http://e/g>");
  ASSERT_TRUE(u.ok()) << u.error().to_string();
  EXPECT_EQ(count(s, "SELECT * { GRAPH <http://e/g> { ?s ?p \"loaded\" } }"), 1u);
  EXPECT_FALSE(update(s, "LOAD <file:///nonexistent/x.ttl>").ok());
  EXPECT_TRUE(update(s, "LOAD SILENT <file:///nonexistent/x.ttl>").ok());
  EXPECT_FALSE(update(s, "LOAD <http://example.org/remote.ttl>").ok());
  std::remove(path.c_str());
}

namespace {
QueryResult sample() {
  QueryResult r;
  r.variables = {"s", "o"};
  r.rows.push_back({Value::iri("http://e/a"), Value::literal("x, \"y\"", {}, "en")});
  r.rows.push_back({Value::blank("b0"), Value::literal("42", xsd::kInteger)});
  r.rows.push_back({Value::iri("http://e/c"), std::nullopt});
  return r;
}
}  // namespace

TEST(SparqlResults, Json) {
  EXPECT_EQ(write_json(sample()),
            "{\"head\":{\"vars\":[\"s\",\"o\"]},\"results\":{\"bindings\":["
            "{\"s\":{\"type\":\"uri\",\"value\":\"http://e/a\"},\"o\":{\"type\":\"literal\","
            "\"value\":\"x, \\\"y\\\"\",\"xml:lang\":\"en\"}},"
            "{\"s\":{\"type\":\"bnode\",\"value\":\"b0\"},\"o\":{\"type\":\"literal\",\"value\":"
            "\"42\",\"datatype\":\"http://www.w3.org/2001/XMLSchema#integer\"}},"
            "{\"s\":{\"type\":\"uri\",\"value\":\"http://e/c\"}}]}}\n");
  QueryResult ask;
  ask.kind = QueryResult::Boolean;
  ask.boolean = true;
  EXPECT_EQ(write_json(ask), "{\"head\":{},\"boolean\":true}\n");
}

TEST(SparqlResults, CsvTsvTable) {
  EXPECT_EQ(write_csv(sample()),
            "s,o\r\nhttp://e/a,\"x, \"\"y\"\"\"\r\n_:b0,42\r\nhttp://e/c,\r\n");
  EXPECT_EQ(write_tsv(sample()),
            "?s\t?o\n<http://e/a>\t\"x, \\\"y\\\"\"@en\n_:b0\t42\n<http://e/c>\t\n");
  std::string t = write_table(sample());
  EXPECT_NE(t.find("| ?s           | ?o "), std::string::npos) << t;
  EXPECT_NE(write_xml(sample()).find("<literal xml:lang=\"en\">x, &quot;y&quot;</literal>"),
            std::string::npos);
}

TEST(SparqlResults, GraphThroughRdfWriters) {
  rdf::Store s;
  ASSERT_TRUE(update(s,
                     "INSERT DATA { <http://e/b> <http://e/p> \"2\" . <http://e/a> <http://e/p> "
                     "\"1\" }")
                  .ok());
  auto r = query(s, "CONSTRUCT { ?s <http://e/q> ?o } WHERE { ?s <http://e/p> ?o }");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(write_ntriples(*r),
            "<http://e/a> <http://e/q> \"1\" .\n<http://e/b> <http://e/q> \"2\" .\n");
  rdf::WriteOptions wo;
  wo.prefixes = {{"e", "http://e/"}};
  std::string ttl = write_graph(*r, rdf::Format::Turtle, wo);
  EXPECT_NE(ttl.find("e:a e:q \"1\""), std::string::npos) << ttl;
}

TEST(SparqlUpdate, GraphManagementAndWithUsing) {
  rdf::Store s;
  ASSERT_TRUE(update(s,
                     "INSERT DATA { <http://e/a> <http://e/p> 1 . GRAPH <http://e/g1> { "
                     "<http://e/b> <http://e/p> 2 } }")
                  .ok());
  ASSERT_TRUE(update(s, "COPY DEFAULT TO <http://e/g2>").ok());
  EXPECT_EQ(count(s, "SELECT * { GRAPH <http://e/g2> { <http://e/a> ?p ?o } }"), 1u);
  ASSERT_TRUE(update(s, "ADD <http://e/g1> TO <http://e/g2>").ok());
  EXPECT_EQ(count(s, "SELECT * { GRAPH <http://e/g2> { ?s ?p ?o } }"), 2u);
  ASSERT_TRUE(update(s, "MOVE <http://e/g2> TO <http://e/g3>").ok());
  EXPECT_EQ(count(s, "SELECT * { GRAPH <http://e/g2> { ?s ?p ?o } }"), 0u);
  EXPECT_EQ(count(s, "SELECT * { GRAPH <http://e/g3> { ?s ?p ?o } }"), 2u);
  // WITH names the graph of the templates and of the WHERE pattern.
  ASSERT_TRUE(update(s,
                     "WITH <http://e/g3> DELETE { ?s <http://e/p> ?o } INSERT { ?s "
                     "<http://e/q> ?o } WHERE { ?s <http://e/p> ?o }")
                  .ok());
  EXPECT_EQ(count(s, "SELECT * { GRAPH <http://e/g3> { ?s <http://e/q> ?o } }"), 2u);
  EXPECT_EQ(count(s, "SELECT * { <http://e/a> <http://e/p> 1 }"), 1u);  // default untouched
  // USING replaces the WHERE dataset; templates without GRAPH target the default graph.
  ASSERT_TRUE(update(s,
                     "INSERT { ?s <http://e/r> ?o } USING <http://e/g1> WHERE { ?s "
                     "<http://e/p> ?o }")
                  .ok());
  EXPECT_EQ(count(s, "SELECT * { <http://e/b> <http://e/r> 2 }"), 1u);
  ASSERT_TRUE(update(s, "DROP NAMED").ok());
  EXPECT_EQ(count(s, "SELECT * { GRAPH ?g { ?s ?p ?o } }"), 0u);
  ASSERT_TRUE(update(s, "DROP ALL").ok());
  EXPECT_EQ(s.size(), 0u);
}

TEST(SparqlUpdate, TemplateBlankNodesAreFreshPerSolution) {
  rdf::Store s;
  ASSERT_TRUE(
      update(s, "INSERT DATA { <http://e/a> <http://e/p> 1 . <http://e/b> <http://e/p> 2 }").ok());
  ASSERT_TRUE(
      update(s, "INSERT { ?s <http://e/addr> [ <http://e/v> ?o ] } WHERE { ?s <http://e/p> ?o }")
          .ok());
  EXPECT_EQ(count(s, "SELECT DISTINCT ?b { ?s <http://e/addr> ?b }"), 2u);
  // A template triple with an unbound variable is skipped, not an error.
  auto u = update(s, "INSERT { ?s <http://e/x> ?none } WHERE { ?s <http://e/p> ?o }");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->inserted, 0u);
}
