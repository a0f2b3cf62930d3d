#pragma once
// How SPARQL results reach templates. A SELECT becomes an array of rows; each row maps variable
// names (no `?`) to plain values: IRIs and strings as text, xsd numbers as numbers, xsd:boolean
// as booleans, blank nodes as "_:label". Beside them, `row._terms.<var>` holds the full term
// { type: "iri"|"literal"|"bnode", value, datatype?, lang? }. ASK becomes a boolean; CONSTRUCT
// and DESCRIBE an array of { subject, predicate, object } term objects.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "ggen/rdf/store.h"
#include "ggen/sparql/engine.h"
#include "ggen/template/engine.h"

namespace ggen::gen {

tmpl::Value plain_value(const sparql::Value& v);
tmpl::Value term_object(const sparql::Value& v);
// `poll`, when given, is called every 1,024 rows (a matrix query may return tens of thousands);
// it may raise to stop.
tmpl::Value results_to_value(const sparql::QueryResult& r,
                             const std::function<void()>& poll = nullptr);

// What template functions see during one render: the graph and the prolog of the template.
struct RenderScope {
  const rdf::Store* store = nullptr;
  std::vector<std::pair<std::string, std::string>> prefixes;
  std::string base;
  std::optional<int64_t> seed;  // get_random is deterministic only with a seed
  std::optional<std::string> now;
  std::string template_name;
  uint64_t random_state = 0;
};

// Installs `scope` for the renders this thread does until the guard is destroyed.
class ScopeGuard {
 public:
  explicit ScopeGuard(RenderScope* scope);
  ~ScopeGuard();
  ScopeGuard(const ScopeGuard&) = delete;
  ScopeGuard& operator=(const ScopeGuard&) = delete;

 private:
  RenderScope* previous_;
};

// Registers sparql(query=, var=), sparql_column, sparql_row, sparql_first, sparql_values,
// sparql_empty, sparql_count, and the deterministic now() / get_random().
void register_generation_functions(tmpl::Engine& engine);

// "PREFIX p: <iri>" lines (sorted) after "BASE <iri>", prepended to inline RDF and queries.
std::string sparql_prolog(const std::vector<std::pair<std::string, std::string>>& prefixes,
                          const std::string& base);
std::string turtle_prolog(const std::vector<std::pair<std::string, std::string>>& prefixes,
                          const std::string& base);

}  // namespace ggen::gen
