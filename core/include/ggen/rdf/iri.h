#pragma once
// IRI helpers: RFC 3986 reference resolution (section 5.2, with dot-segment removal).
#include <string>
#include <string_view>

namespace ggen::rdf {

// True when `iri` starts with a scheme ("ALPHA *( ALPHA / DIGIT / + - . ) :").
bool has_scheme(std::string_view iri);

// Resolves `ref` against `base` (RFC 3986 §5.2.2, strict). An absolute `ref` is returned as is;
// with an empty or scheme-less base a relative `ref` is returned unchanged.
std::string resolve_iri(std::string_view base, std::string_view ref);
void resolve_iri(std::string_view base, std::string_view ref, std::string& out);

// RFC 3986 §5.2.4.
std::string remove_dot_segments(std::string_view path);

}  // namespace ggen::rdf
