#include "ggen/rdf/iri.h"

#include <gtest/gtest.h>

namespace ggen::rdf {
namespace {

// RFC 3986 §5.4 reference resolution examples.
TEST(RdfIri, Rfc3986Examples) {
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"},
      {"g?y#s", "http://a/b/c/g?y#s"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
      // abnormal examples (§5.4.2)
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g?y/../x", "http://a/b/c/g?y/../x"},
      {"g#s/./x", "http://a/b/c/g#s/./x"},
      {"g#s/../x", "http://a/b/c/g#s/../x"},
  };
  for (const auto& [ref, want] : cases) EXPECT_EQ(resolve_iri(base, ref), want) << ref;
}

TEST(RdfIri, EdgeCases) {
  EXPECT_EQ(resolve_iri("http://a", "b"), "http://a/b");  // empty base path with authority
  EXPECT_EQ(resolve_iri("", "rel/x"), "rel/x");
  EXPECT_EQ(resolve_iri("dir/doc", "rel/x"), "rel/x");
  EXPECT_EQ(resolve_iri("urn:x:y", "#f"), "urn:x:y#f");
  EXPECT_EQ(resolve_iri("file:///a/b/c.ttl", "../d"), "file:///a/d");
  EXPECT_TRUE(has_scheme("http://x"));
  EXPECT_TRUE(has_scheme("urn:x"));
  EXPECT_FALSE(has_scheme("./a:b"));
  EXPECT_FALSE(has_scheme("1a:b"));
  EXPECT_EQ(remove_dot_segments("/a/b/c/./../../g"), "/a/g");
  EXPECT_EQ(remove_dot_segments("mid/content=5/../6"), "mid/6");
}

}  // namespace
}  // namespace ggen::rdf
