#pragma once
// Streaming parsers for Turtle, TriG, N-Triples and N-Quads. Strict: input outside the W3C
// grammars is an E_RDF_SYNTAX error with file:line:column and a hint; nothing is guessed.
#include <optional>
#include <string>
#include <string_view>

#include "ggen/error/result.h"
#include "ggen/rdf/term.h"

namespace ggen::rdf {

enum class Format { Turtle, TriG, NTriples, NQuads };

// "turtle" / "ttl", "trig", "ntriples" / "nt" / "n-triples", "nquads" / "nq" / "n-quads".
std::optional<Format> format_from_name(std::string_view name);
// By file extension: .ttl .trig .nt .nq (case-insensitive).
std::optional<Format> format_from_path(std::string_view path);
std::string_view format_name(Format f);
// Whether the format can name graphs (TriG, N-Quads).
inline bool is_dataset_format(Format f) {
  return f == Format::TriG || f == Format::NQuads;
}

struct ParseOptions {
  Format format = Format::Turtle;
  std::string base_iri;  // for relative IRIs (Turtle, TriG); empty: relative IRIs stay relative
  std::string file;      // reported in error locations
};

// Receives what a parser reads. Term views are only valid during the call.
//
// Blank nodes keep their document label; anonymous ones ([], collections) get labels starting
// with '!', which no document label can have. Labels are scoped to one document: a consumer
// merging documents must rename them (the store loader does).
class QuadSink {
 public:
  virtual ~QuadSink() = default;
  // `g` is nullptr for the default graph.
  virtual void quad(const TermRef& s, const TermRef& p, const TermRef& o, const TermRef* g) = 0;
  virtual void prefix(std::string_view name, std::string_view iri) {}
  virtual void base(std::string_view iri) {}
};

Result<void> parse(std::string_view text, const ParseOptions& options, QuadSink& sink);

}  // namespace ggen::rdf
