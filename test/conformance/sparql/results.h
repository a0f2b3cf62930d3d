#pragma once
// Expected-result readers for the W3C SPARQL suites and the bag comparison with one blank-node
// bijection across the whole result.
#include <map>
#include <string>
#include <vector>

#include "ggen/rdf/store.h"
#include "ggen/sparql/engine.h"

namespace sparql_conf {

using ggen::sparql::Value;

struct ResultSet {
  bool is_boolean = false;
  bool boolean = false;
  std::vector<std::string> vars;
  std::vector<std::map<std::string, Value>> rows;
  bool ordered = false;  // rows carry rs:index: order matters
};

ResultSet read_srx(const std::string& text);
ResultSet read_srj(const std::string& text);
ResultSet read_tsv(const std::string& text);
ResultSet read_csv(const std::string& text);  // cells as plain literals, "_:x" as blank nodes
ResultSet read_rs_rdfxml(const std::string& text);
ResultSet read_rs_graph(const ggen::rdf::Store& store);  // rs: vocabulary in a loaded graph
ResultSet from_result(const ggen::sparql::QueryResult& r);

// Bag equality up to one blank-node bijection; `lax`: each expected row at least once.
bool same_results(const ResultSet& expected, const ResultSet& actual, bool lax, std::string* why);

}  // namespace sparql_conf
