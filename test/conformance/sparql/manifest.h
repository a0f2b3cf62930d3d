#pragma once
// Walks the W3C test manifests (mf:include / mf:entries) into a flat list of test cases.
#include <string>
#include <vector>

namespace sparql_conf {

struct TestCase {
  std::string suite;  // "sparql10" / "sparql11"
  std::string id;     // the test IRI
  std::string name;
  std::string type;                           // local name of rdf:type, e.g. QueryEvaluationTest
  std::string approval;                       // local name, e.g. Approved; empty when absent
  std::string query;                          // path
  std::vector<std::string> data, graph_data;  // paths
  std::string result;                         // path, may be empty
  bool lax = false;
};

std::string path_of(const std::string& iri);  // file:///x -> /x
std::string iri_of(const std::string& path);  // /x -> file:///x

// Throws std::runtime_error when a manifest cannot be read.
std::vector<TestCase> read_manifests(const std::string& root_manifest, const std::string& suite);

}  // namespace sparql_conf
