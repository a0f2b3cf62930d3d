#pragma once
// Running queries and updates against an rdf::Store.
//
//   auto r = ggen::sparql::query(store, "SELECT ?c WHERE { ?c a owl:Class }", opts);
//   if (!r) ...r.error()...;  for (auto& row : r->rows) ...
//
// Rows come out in a stable order for the same data even without ORDER BY: evaluation follows
// the store's index order and never iterates hash containers for output.
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/rdf/store.h"
#include "ggen/sparql/algebra.h"
#include "ggen/sparql/parser.h"
#include "ggen/sparql/value.h"

namespace ggen::sparql {

struct QueryResult {
  enum Kind { Bindings, Boolean, Graph };
  Kind kind = Bindings;
  std::vector<std::string> variables;                   // Bindings
  std::vector<std::vector<std::optional<Value>>> rows;  // Bindings: one cell per variable
  bool boolean = false;                                 // Boolean (ASK)
  std::vector<std::array<Value, 3>> triples;            // Graph (CONSTRUCT / DESCRIBE)
};

struct QueryOptions {
  ParseOptions parse;
  // Dataset override (protocol-style): when set, replaces the query's FROM / FROM NAMED.
  std::optional<std::vector<std::string>> default_graphs;
  std::optional<std::vector<std::string>> named_graphs;
  // Cancellation, checked periodically during evaluation; raises E_CANCELLED.
  std::function<bool()> cancelled;
  const std::atomic<bool>* cancel_flag = nullptr;
  // Use the process-wide parse cache and result cache (keyed by store version and text).
  bool use_cache = true;
  // Rows of a SELECT without ORDER BY already come in a stable order for the same data (store
  // index order). This also sorts them by value (ORDER BY order over the projected columns), so
  // the order does not even depend on load order.
  bool sort_unordered = false;
  // Fixed NOW() value (xsd:dateTime lexical form), for reproducible output; default: clock.
  std::string now;
};

Result<QueryResult> query(const rdf::Store& store, std::string_view text,
                          const QueryOptions& options = {});
Result<QueryResult> execute(const rdf::Store& store, const Query& query,
                            const QueryOptions& options = {});

struct UpdateOptions {
  ParseOptions parse;
  std::function<bool()> cancelled;
  const std::atomic<bool>* cancel_flag = nullptr;
  // LOAD <file:...> and LOAD of relative paths read local files; other schemes are refused.
  std::function<Result<void>(rdf::Store&, const std::string& iri, rdf::TermId graph)> loader;
};

struct UpdateStats {
  size_t inserted = 0;
  size_t deleted = 0;
};

// Applies all operations of the request, or none: on error the store is left unchanged.
Result<UpdateStats> update(rdf::Store& store, std::string_view text,
                           const UpdateOptions& options = {});

// Conversions between the engine's values and the store's terms.
Value to_value(rdf::TermRef t);
rdf::Term to_term(const Value& v);

// Parse cache statistics and reset, for tests and `ggen utils doctor`.
struct CacheStats {
  size_t parse_hits = 0, parse_misses = 0, result_hits = 0, result_misses = 0;
};
CacheStats cache_stats();
void clear_caches();

}  // namespace ggen::sparql
