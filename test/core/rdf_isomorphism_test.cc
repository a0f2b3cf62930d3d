#include "ggen/rdf/isomorphism.h"

#include <gtest/gtest.h>

#include "ggen/rdf/loader.h"

namespace ggen::rdf {
namespace {

Store nq(std::string_view text) {
  Store st;
  auto r = load_string(st, text, Format::NQuads);
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  return st;
}

bool iso(std::string_view a, std::string_view b, std::string* why = nullptr) {
  return isomorphic(nq(a), nq(b), why);
}

TEST(RdfIsomorphism, BlankNodeBijection) {
  EXPECT_TRUE(iso("_:a <http://p> _:b .\n_:b <http://p> \"x\" .\n",
                  "_:y <http://p> \"x\" .\n_:z <http://p> _:y .\n"));
  EXPECT_FALSE(iso("_:a <http://p> _:b .\n", "_:a <http://p> _:a .\n"));
  // Same degree sequence, different structure: one 4-cycle vs two 2-cycles.
  EXPECT_FALSE(
      iso("_:a <http://p> _:b .\n_:b <http://p> _:c .\n_:c <http://p> _:d .\n"
          "_:d <http://p> _:a .\n",
          "_:a <http://p> _:b .\n_:b <http://p> _:a .\n_:c <http://p> _:d .\n"
          "_:d <http://p> _:c .\n"));
  // Fully symmetric: needs the backtracking step.
  EXPECT_TRUE(iso("_:a <http://p> _:b .\n_:b <http://p> _:c .\n_:c <http://p> _:a .\n",
                  "_:x <http://p> _:z .\n_:z <http://p> _:y .\n_:y <http://p> _:x .\n"));
}

TEST(RdfIsomorphism, LiteralsGraphsAndReasons) {
  EXPECT_TRUE(iso("<http://s> <http://p> \"a\"@EN .\n", "<http://s> <http://p> \"a\"@en .\n"));
  EXPECT_FALSE(iso("<http://s> <http://p> \"1\" .\n",
                   "<http://s> <http://p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"));
  EXPECT_FALSE(iso("<http://s> <http://p> <http://o> <http://g> .\n",
                   "<http://s> <http://p> <http://o> .\n"));
  EXPECT_TRUE(iso("<http://s> <http://p> _:o _:g .\n", "<http://s> <http://p> _:x _:y .\n"));
  std::string why;
  EXPECT_FALSE(iso("<http://s> <http://p> <http://o> .\n", "", &why));
  EXPECT_EQ(why, "1 vs 0 distinct quads");
  EXPECT_FALSE(iso("<http://s> <http://p> \"a\" .\n", "<http://s> <http://p> \"b\" .\n", &why));
  EXPECT_EQ(why,
            "the quads without blank nodes differ; only in the first: <http://s> <http://p> \"a\" "
            ".; only in the second: <http://s> <http://p> \"b\" .");
}

TEST(RdfIsomorphism, TermQuadsWithDuplicates) {
  std::vector<TermQuad> a = {{Term::blank("x"), Term::iri("http://p"), Term::literal("v"), {}},
                             {Term::blank("x"), Term::iri("http://p"), Term::literal("v"), {}}};
  std::vector<TermQuad> b = {{Term::blank("q"), Term::iri("http://p"), Term::literal("v"), {}}};
  EXPECT_TRUE(isomorphic(a, b));
}

}  // namespace
}  // namespace ggen::rdf
