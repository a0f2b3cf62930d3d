#pragma once
// Just enough RDF/XML for the suite's data files (striped syntax, rdf:resource / nodeID /
// datatype / xml:lang, nested nodes, parseType="Resource"), converted to N-Triples.
#include <string>

namespace sparql_conf {

std::string rdfxml_to_ntriples(const std::string& text, const std::string& base);

}  // namespace sparql_conf
