// Parser: the grammar's corners, algebra shape, and syntax errors with positions.
#include <gtest/gtest.h>

#include "ggen/sparql/parser.h"

using namespace ggen::sparql;
using ggen::Error;

namespace {

const Error& syntax_error(const char* text) {
  static Error last;
  auto r = parse_query(text);
  EXPECT_FALSE(r.ok()) << text;
  if (!r.ok()) last = r.error();
  return last;
}

}  // namespace

TEST(SparqlParser, ParsesTheCommonShapes) {
  const char* queries[] = {
      "SELECT * WHERE { ?s ?p ?o }",
      "PREFIX ex: <http://e/> SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ex:p ?o } GROUP BY ?s "
      "HAVING (COUNT(?o) > 1) ORDER BY DESC(?n) LIMIT 10 OFFSET 2",
      "SELECT ?x WHERE { ?x a <http://e/C> ; <http://e/p> 1, -2.5, \"s\"@en, true . }",
      "SELECT ?x { ?x <http://e/p>+/^<http://e/q>|!(<http://e/r>|^a) ?y }",
      "SELECT ?x { { ?x ?p ?o } UNION { ?o ?p ?x } MINUS { ?x a ?t } "
      "OPTIONAL { ?x ?q ?z FILTER(?z > 2) } BIND(STR(?x) AS ?sx) VALUES ?x { <http://e/a> UNDEF } "
      "}",
      "SELECT ?x { FILTER NOT EXISTS { ?x ?p ?o } FILTER(?x IN (1, 2) && ?y NOT IN (3)) }",
      "ASK { GRAPH ?g { ?s ?p ?o } }",
      "CONSTRUCT { ?s <http://e/p> [ <http://e/q> ?o ] } WHERE { ?s ?p ?o }",
      "CONSTRUCT WHERE { ?s ?p ?o }",
      "DESCRIBE <http://e/a> ?x WHERE { ?x ?p ?o }",
      "SELECT (GROUP_CONCAT(DISTINCT ?o ; SEPARATOR=\", \") AS ?all) { ?s ?p ?o }",
      "SELECT ?s { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 } }",
      "SELECT ?l { ?s <http://e/list> (1 2 (3)) }",
      "BASE <http://e/> SELECT ?x { ?x <p> <o> }",
  };
  for (const char* q : queries) {
    auto r = parse_query(q);
    EXPECT_TRUE(r.ok()) << q << "\n" << (r.ok() ? "" : r.error().to_string());
  }
}

TEST(SparqlParser, InjectedPrefixesAndBase) {
  ParseOptions o;
  o.prefixes = {{"ex", "http://example.org/"}};
  auto r = parse_query("SELECT ?s { ?s ex:p ?o }", o);
  ASSERT_TRUE(r.ok());
  const Op* op = (*r)->where.get();
  while (op->kind != Op::Bgp) op = op->kids[0].get();
  EXPECT_EQ(op->triples[0].p.term.lex, "http://example.org/p");
  EXPECT_EQ((*r)->var_names[(*r)->projection[0]], "s");
}

TEST(SparqlParser, AlgebraShapeForOptionalFilter) {
  auto r = parse_query("SELECT * { ?s ?p ?o OPTIONAL { ?s ?q ?z FILTER(?z = 1) } }");
  ASSERT_TRUE(r.ok());
  const Op* op = (*r)->where->kids[0].get();  // below Project
  ASSERT_EQ(op->kind, Op::LeftJoin);
  EXPECT_EQ(op->exprs.size(), 1u);  // the OPTIONAL's filter became the LeftJoin condition
}

TEST(SparqlParser, UnclosedGroupReportsWhereItOpened) {
  const Error& e = syntax_error("SELECT * WHERE {\n  ?s ?p ?o .\n  OPTIONAL { ?s ?q ?r \n");
  EXPECT_EQ(e.code(), "E_SPARQL_SYNTAX");
  EXPECT_NE(e.message().find("expected '}' to close the group opened at 3:12"), std::string::npos)
      << e.message();
  EXPECT_EQ(e.location().file, "<query>");
  EXPECT_EQ(e.location().line, 4);
}

TEST(SparqlParser, RejectsBadInput) {
  const char* bad[] = {
      "SELECT * WHERE { ?s ex:p ?o }",             // undeclared prefix
      "SELECT ?x WHERE { ?x ?p ?o } GROUP BY ?p",  // ?x not grouped
      "SELECT (1 AS ?x) WHERE { ?x ?p ?o }",       // AS target already in scope
      "SELECT * { ?s ?p ?o BIND(1 AS ?o) }",       // BIND target in scope
      "SELECT * { VALUES (?a ?b) { (1) } }",       // row too short
      "SELECT * { ?s ?p ?o } garbage",             // trailing tokens
      "SELECT * { ?s ?p \"unterminated }",         // bad string
      "SELECT * { FILTER(COUNT(?x) > 1) }",        // aggregate in FILTER
      "SELECT * { ?s ?p ?o . } LIMIT x",           // LIMIT needs an integer
      "SELECT * { _:a ?p ?o } { _:a ?p ?o }",      // blank label across BGPs
      "",                                          // empty
      "SELECT * { ?s <http://e/p> ?o ",            // unclosed
      "SELECT * { ?s ?p \"\\uD800\" }",            // surrogate escape
  };
  for (const char* q : bad) {
    auto r = parse_query(q);
    EXPECT_FALSE(r.ok()) << q;
    if (!r.ok()) {
      EXPECT_EQ(r.error().code(), "E_SPARQL_SYNTAX");
      EXPECT_GT(r.error().location().line, 0) << q;
    }
  }
}

TEST(SparqlParser, Updates) {
  const char* good[] = {
      "INSERT DATA { <http://e/a> <http://e/p> 1 . GRAPH <http://e/g> { <http://e/a> "
      "<http://e/p> 2 } }",
      "DELETE DATA { <http://e/a> <http://e/p> 1 }",
      "PREFIX e: <http://e/> DELETE { ?s e:p ?o } INSERT { ?s e:q ?o } WHERE { ?s e:p ?o }",
      "DELETE WHERE { ?s <http://e/p> ?o }",
      "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
      "CLEAR SILENT GRAPH <http://e/g> ; DROP ALL ; CLEAR DEFAULT",
      "LOAD <file:///tmp/x.ttl> INTO GRAPH <http://e/g>",
      "ADD <http://e/a> TO <http://e/b>; MOVE DEFAULT TO <http://e/c>; COPY <http://e/c> TO "
      "DEFAULT",
  };
  for (const char* u : good) {
    auto r = parse_update(u);
    EXPECT_TRUE(r.ok()) << u << "\n" << (r.ok() ? "" : r.error().to_string());
  }
  EXPECT_FALSE(parse_update("INSERT DATA { ?s <http://e/p> 1 }").ok());   // variable in data
  EXPECT_FALSE(parse_update("DELETE DATA { _:b <http://e/p> 1 }").ok());  // blank in delete
  EXPECT_FALSE(parse_update("INSERT DATA { <http://e/a> <http://e/p> 1 } garbage").ok());
}

TEST(SparqlParser, FileNameInErrors) {
  ParseOptions o;
  o.file = "templates/a.tera#query";
  auto r = parse_query("SELECT * {", o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().location().file, "templates/a.tera#query");
}

TEST(SparqlParser, DeepNestingIsAnErrorNotACrash) {
  std::string q =
      "SELECT * { FILTER(" + std::string(100000, '(') + "1" + std::string(100000, ')') + ") }";
  auto r = parse_query(q);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("nests deeper"), std::string::npos);
  std::string g;
  for (int i = 0; i < 50000; ++i) g += "{";
  EXPECT_FALSE(parse_query("SELECT * " + g).ok());
}
