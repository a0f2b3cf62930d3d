#pragma once
// Serializers. Output is deterministic: it depends on the store's content (and the options),
// not on insertion order or term ids — except for blank-node labels, which are renumbered
// _:b0, _:b1, ... in output order.
#include <string>
#include <utility>
#include <vector>

#include "ggen/rdf/parser.h"
#include "ggen/rdf/store.h"

namespace ggen::rdf {

struct WriteOptions {
  // Turtle/TriG: prefix name -> namespace IRI, written as @prefix lines (sorted by name) and
  // used to abbreviate IRIs.
  std::vector<std::pair<std::string, std::string>> prefixes;
  // N-Triples/N-Quads: sort lines (code-point order) for stable diffs. Otherwise index order.
  bool sort = true;
};

// One graph (kDefaultGraph by default) as N-Triples / Turtle.
std::string write_ntriples(const Store& store, const WriteOptions& options = {},
                           TermId graph = kDefaultGraph);
std::string write_turtle(const Store& store, const WriteOptions& options = {},
                         TermId graph = kDefaultGraph);
// The whole dataset as N-Quads / TriG.
std::string write_nquads(const Store& store, const WriteOptions& options = {});
std::string write_trig(const Store& store, const WriteOptions& options = {});

// Dispatch on the format: Turtle and N-Triples write the default graph.
std::string write(const Store& store, Format format, const WriteOptions& options = {});

}  // namespace ggen::rdf
