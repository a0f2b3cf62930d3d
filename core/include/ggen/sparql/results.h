#pragma once
// Result serializations: SPARQL 1.1 Query Results JSON / CSV / TSV / XML (W3C formats), an
// aligned text table for people, and N-Triples for CONSTRUCT/DESCRIBE graphs.
#include <string>

#include "ggen/rdf/parser.h"
#include "ggen/rdf/writer.h"
#include "ggen/sparql/engine.h"

namespace ggen::sparql {

std::string write_json(const QueryResult& r);
std::string write_xml(const QueryResult& r);
std::string write_csv(const QueryResult& r);
std::string write_tsv(const QueryResult& r);
std::string write_table(const QueryResult& r);
// Graph results (CONSTRUCT / DESCRIBE) through the rdf module's writers: sorted, deterministic.
std::string write_ntriples(const QueryResult& r);
std::string write_graph(const QueryResult& r, rdf::Format format,
                        const rdf::WriteOptions& options = {});
// The triples of a graph result as a store (default graph), sharing nothing with the source.
rdf::Store to_store(const QueryResult& r);

}  // namespace ggen::sparql
