// Evaluation over a real store: the query forms, operators, determinism, cancellation, caches.
#include <gtest/gtest.h>

#include "ggen/rdf/loader.h"
#include "ggen/sparql/engine.h"
#include "ggen/sparql/results.h"

using namespace ggen::sparql;
namespace rdf = ggen::rdf;

namespace {

const char* kData = R"(
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:Animal a owl:Class ; rdfs:label "Animal"@en .
ex:Dog a owl:Class ; rdfs:subClassOf ex:Animal ; rdfs:label "Dog"@en ; rdfs:comment "barks" .
ex:Puppy a owl:Class ; rdfs:subClassOf ex:Dog ; rdfs:label "Puppy"@en .
ex:name a owl:DatatypeProperty ; rdfs:domain ex:Animal ; rdfs:range ex:String .
ex:age a owl:DatatypeProperty ; rdfs:domain ex:Dog .
ex:rex a ex:Dog ; ex:rank 3 ; ex:name "Rex" .
ex:fido a ex:Dog ; ex:rank 1 ; ex:name "Fido" .
ex:tom a ex:Animal ; ex:rank 2 .
)";

class SparqlEval : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = rdf::load_string(store, kData, rdf::Format::Turtle);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
  }
  QueryResult run(const std::string& q) {
    QueryOptions o;
    o.parse.prefixes = {{"ex", "http://example.org/"},
                        {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
                        {"owl", "http://www.w3.org/2002/07/owl#"}};
    auto r = query(store, q, o);
    EXPECT_TRUE(r.ok()) << q << "\n" << (r.ok() ? "" : r.error().to_string());
    return r.ok() ? *r : QueryResult{};
  }
  std::string cell(const QueryResult& r, size_t row, size_t col) {
    const auto& c = r.rows.at(row).at(col);
    return c ? c->lex : "(unbound)";
  }
  rdf::Store store;
};

}  // namespace

TEST_F(SparqlEval, ClassesWithLabelsOrdered) {
  auto r = run("SELECT ?c ?l { ?c a owl:Class ; rdfs:label ?l } ORDER BY ?l");
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(cell(r, 0, 1), "Animal");
  EXPECT_EQ(cell(r, 2, 1), "Puppy");
  EXPECT_EQ(r.rows[0][1]->lang, "en");
}

TEST_F(SparqlEval, OptionalLeavesUnbound) {
  auto r =
      run("SELECT ?p ?range ?c { ?p rdfs:domain ?d OPTIONAL { ?p rdfs:range ?range } "
          "OPTIONAL { ?d rdfs:comment ?c } } ORDER BY ?p");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(cell(r, 0, 1), "(unbound)");  // ex:age has no range
  EXPECT_EQ(cell(r, 0, 2), "barks");
  EXPECT_EQ(cell(r, 1, 1), "http://example.org/String");
}

TEST_F(SparqlEval, FilterGroupCountAndAggregates) {
  auto r =
      run("SELECT ?x { ?x ex:rank ?r FILTER(?r >= 2 && STRSTARTS(STR(?x), \"http\")) } "
          "ORDER BY DESC(?r)");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(cell(r, 0, 0), "http://example.org/rex");
  r = run(
      "SELECT ?t (COUNT(?x) AS ?n) (SUM(?r) AS ?s) (AVG(?r) AS ?a) (MIN(?r) AS ?mn) "
      "(GROUP_CONCAT(?r; SEPARATOR='|') AS ?g) { ?x a ?t ; ex:rank ?r } GROUP BY ?t ORDER BY ?t");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(cell(r, 1, 1), "2");    // two dogs
  EXPECT_EQ(cell(r, 1, 2), "4");    // 3 + 1
  EXPECT_EQ(cell(r, 1, 3), "2.0");  // decimal average
  EXPECT_EQ(cell(r, 1, 4), "1");
  r = run("SELECT (COUNT(*) AS ?n) { ?x ex:nothing ?y }");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(cell(r, 0, 0), "0");
}

TEST_F(SparqlEval, PropertyPaths) {
  auto r = run("SELECT ?sup { ex:Puppy rdfs:subClassOf* ?sup } ORDER BY ?sup");
  ASSERT_EQ(r.rows.size(), 3u);
  r = run("SELECT ?c ?sup { ?c rdfs:subClassOf+ ?sup }");
  EXPECT_EQ(r.rows.size(), 3u);
  r = run("SELECT ?x { ?x ^rdfs:subClassOf/rdfs:label \"Puppy\"@en }");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(cell(r, 0, 0), "http://example.org/Dog");
}

TEST_F(SparqlEval, UnionMinusExistsValuesBindSubquery) {
  EXPECT_EQ(run("SELECT ?x { { ?x a ex:Dog } UNION { ?x a ex:Animal } }").rows.size(), 3u);
  EXPECT_EQ(run("SELECT ?x { ?x ex:rank ?r MINUS { ?x a ex:Animal } }").rows.size(), 2u);
  EXPECT_EQ(run("SELECT ?x { ?x ex:rank ?r FILTER NOT EXISTS { ?x ex:name ?n } }").rows.size(), 1u);
  auto r =
      run("SELECT ?x ?y { VALUES ?x { ex:rex ex:tom } BIND(IF(?x = ex:rex, 'R', 'T') AS ?y) }");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(cell(r, 1, 1), "T");
  r =
      run("SELECT ?x ?m { ?x ex:rank ?r { SELECT (MAX(?q) AS ?m) { ?y ex:rank ?q } } "
          "FILTER(?r = ?m) }");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(cell(r, 0, 0), "http://example.org/rex");
}

TEST_F(SparqlEval, AskConstructDescribe) {
  EXPECT_TRUE(run("ASK { ex:rex a ex:Dog }").boolean);
  EXPECT_FALSE(run("ASK { ex:rex a ex:Cat }").boolean);
  auto g = run("CONSTRUCT { ?x rdfs:label ?n } WHERE { ?x ex:name ?n }");
  EXPECT_EQ(g.kind, QueryResult::Graph);
  EXPECT_EQ(g.triples.size(), 2u);
  auto d = run("DESCRIBE ex:rex");
  EXPECT_EQ(d.triples.size(), 3u);
}

TEST_F(SparqlEval, StableOrderWithoutOrderBy) {
  std::string q = "SELECT ?s ?p ?o { ?s ?p ?o }";
  QueryOptions o;
  o.use_cache = false;
  auto a = query(store, q, o), b = query(store, q, o);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(write_json(*a), write_json(*b));
  rdf::Store copy;
  ASSERT_TRUE(rdf::load_string(copy, kData, rdf::Format::Turtle).ok());
  auto c = query(copy, q, o);
  EXPECT_EQ(write_json(*a), write_json(*c));
}

TEST_F(SparqlEval, Cancellation) {
  std::atomic<bool> flag{true};
  QueryOptions o;
  o.cancel_flag = &flag;
  o.use_cache = false;
  auto r = query(store, "SELECT * { ?a ?b ?c . ?d ?e ?f }", o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_CANCELLED");
  QueryOptions o2;
  o2.use_cache = false;
  int calls = 0;
  o2.cancelled = [&] { return ++calls > 1; };
  r = query(store, "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", o2);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_CANCELLED");
}

TEST_F(SparqlEval, CachesFollowStoreVersion) {
  clear_caches();
  std::string q = "SELECT ?x { ?x <http://example.org/rank> ?r }";
  EXPECT_EQ(query(store, q)->rows.size(), 3u);
  EXPECT_EQ(query(store, q)->rows.size(), 3u);
  auto st = cache_stats();
  EXPECT_EQ(st.parse_hits, 1u);
  EXPECT_EQ(st.result_hits, 1u);
  store.insert(rdf::TermRef::iri("http://example.org/new"),
               rdf::TermRef::iri("http://example.org/rank"),
               rdf::TermRef::literal("9", rdf::vocab::kXsdInteger));
  EXPECT_EQ(query(store, q)->rows.size(), 4u);  // new version: no stale result
}

TEST_F(SparqlEval, ErrorsAreResults) {
  auto r = query(store, "SELECT * { ?s ?p }");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_SPARQL_SYNTAX");
  // Type errors in expressions are not failures: the row is filtered out / left unbound.
  auto ok = run("SELECT (?x + 1 AS ?y) { ?x ex:name ?n }");
  ASSERT_EQ(ok.rows.size(), 2u);
  EXPECT_FALSE(ok.rows[0][0].has_value());
}

TEST_F(SparqlEval, NamedGraphsAndFrom) {
  rdf::Store ds;
  auto r = rdf::load_string(ds,
                            "<http://e/g1> { <http://e/a> <http://e/p> 1 } "
                            "<http://e/g2> { <http://e/b> <http://e/p> 2 } "
                            "<http://e/c> <http://e/p> 3 .",
                            rdf::Format::TriG);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  auto all = query(ds, "SELECT ?g ?s { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->rows.size(), 2u);
  auto dflt = query(ds, "SELECT ?s { ?s ?p ?o }");
  EXPECT_EQ(dflt->rows.size(), 1u);
  auto from = query(ds, "SELECT ?s FROM <http://e/g1> FROM <http://e/g2> { ?s ?p ?o }");
  EXPECT_EQ(from->rows.size(), 2u);
  auto named = query(ds, "SELECT ?g FROM NAMED <http://e/g2> { GRAPH ?g { ?s ?p ?o } }");
  ASSERT_EQ(named->rows.size(), 1u);
  EXPECT_EQ(named->rows[0][0]->lex, "http://e/g2");
}

TEST_F(SparqlEval, SortUnorderedIsIndependentOfLoadOrder) {
  // The same triples loaded in another order: with sort_unordered the rows still match.
  rdf::Store other;
  ASSERT_TRUE(rdf::load_string(other,
                               "@prefix ex: <http://example.org/> .\n"
                               "ex:tom ex:rank 2 . ex:fido ex:rank 1 . ex:rex ex:rank 3 .",
                               rdf::Format::Turtle)
                  .ok());
  QueryOptions o;
  o.sort_unordered = true;
  std::string q = "SELECT ?x ?r { ?x <http://example.org/rank> ?r }";
  auto a = query(store, q, o), b = query(other, q, o);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(write_csv(*a), write_csv(*b));
  EXPECT_EQ(a->rows[0][0]->lex, "http://example.org/fido");
}
