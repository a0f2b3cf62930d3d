#pragma once
// Result serializations: SPARQL 1.1 Query Results JSON / CSV / TSV / XML (W3C formats), an
// aligned text table for people, and N-Triples for CONSTRUCT/DESCRIBE graphs.
#include <string>

#include "ggen/sparql/engine.h"

namespace ggen::sparql {

std::string write_json(const QueryResult& r);
std::string write_xml(const QueryResult& r);
std::string write_csv(const QueryResult& r);
std::string write_tsv(const QueryResult& r);
std::string write_table(const QueryResult& r);
std::string write_ntriples(const QueryResult& r);  // Graph results, one triple per line

}  // namespace ggen::sparql
