#pragma once
// Graph / dataset isomorphism (RDF 1.1 Concepts §3.6): equal up to a bijection of blank nodes.
// Literals compare on lexical form and datatype, language tags case-insensitively; duplicate
// quads are ignored (set semantics). Also the oracle of the conformance runners.
#include <span>
#include <string>
#include <vector>

#include "ggen/rdf/store.h"
#include "ggen/rdf/term.h"

namespace ggen::rdf {

// A quad of owned terms, independent of any dictionary. `g` with an empty value and kind Iri is
// the default graph.
struct TermQuad {
  Term s, p, o, g;
  bool in_default_graph() const { return g.kind == TermKind::Iri && g.value.empty(); }
};

std::vector<TermQuad> to_term_quads(const Store& store, const QuadPattern& pattern = {});

// When the datasets differ, `why` (if given) gets a short human-readable reason.
bool isomorphic(std::span<const TermQuad> a, std::span<const TermQuad> b,
                std::string* why = nullptr);
bool isomorphic(const Store& a, const Store& b, std::string* why = nullptr);

}  // namespace ggen::rdf
