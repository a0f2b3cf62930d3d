// CONSTRUCT / DESCRIBE output: the triples go through a store so the rdf module's writers give
// the same deterministic Turtle / N-Triples as everywhere else in ggen.
#include "ggen/sparql/results.h"

namespace ggen::sparql {

rdf::Store to_store(const QueryResult& r) {
  rdf::Store store;
  std::vector<rdf::Quad> quads;
  quads.reserve(r.triples.size());
  for (const auto& t : r.triples) {
    rdf::Term s = to_term(t[0]), p = to_term(t[1]), o = to_term(t[2]);
    quads.push_back(
        {store.intern(s.ref()), store.intern(p.ref()), store.intern(o.ref()), rdf::kDefaultGraph});
  }
  store.insert_all(quads);
  return store;
}

std::string write_graph(const QueryResult& r, rdf::Format format,
                        const rdf::WriteOptions& options) {
  return rdf::write(to_store(r), format, options);
}

std::string write_ntriples(const QueryResult& r) {
  return write_graph(r, rdf::Format::NTriples);
}

}  // namespace ggen::sparql
