#pragma once
// Reading W3C rdf-tests manifests (mf:entries lists of rdft:Test* entries) with our own parser.
#include <string>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/rdf/parser.h"

namespace conformance {

enum class TestKind { PositiveSyntax, NegativeSyntax, Eval, NegativeEval };
const char* kind_name(TestKind k);

struct RdfTest {
  std::string name;
  TestKind kind = TestKind::PositiveSyntax;
  ggen::rdf::Format format = ggen::rdf::Format::Turtle;
  std::string action_file;  // relative to the manifest's directory
  std::string result_file;  // eval tests
  bool approved = false;
};

// `base` is the manifest directory's IRI (ending in '/'), against which entries resolve.
ggen::Result<std::vector<RdfTest>> read_manifest(const std::string& path, const std::string& base);

}  // namespace conformance
