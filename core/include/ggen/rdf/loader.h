#pragma once
// Loading documents into a Store: by path (format from the extension) or from text.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/rdf/parser.h"
#include "ggen/rdf/store.h"

namespace ggen::rdf {

struct LoadOptions {
  std::optional<Format> format;  // default: from the file extension (load_file) / Turtle
  std::string base_iri;          // default for load_file: the file's file:// IRI
  // Where triples go (quads of TriG/N-Quads keep their own graph). kDefaultGraph or a graph id.
  TermId graph = kDefaultGraph;
  std::string file;  // name used in error locations (load_file: the path)
  // Polled every few thousand statements: true stops the load with E_CANCELLED (the store is
  // left without the document's quads), so a big graph does not delay a cancellation.
  std::function<bool()> cancelled;
};

struct LoadResult {
  size_t parsed = 0;                                          // statements read
  size_t added = 0;                                           // quads that were new to the store
  std::vector<std::pair<std::string, std::string>> prefixes;  // in document order
  std::string base_iri;                                       // the last @base, if any
};

// Blank-node labels are scoped to the document: each load creates fresh blank nodes. On a
// syntax error the store is left unchanged.
Result<LoadResult> load_string(Store& store, std::string_view text, const LoadOptions& options);
Result<LoadResult> load_string(Store& store, std::string_view text, Format format,
                               std::string_view base_iri = {});
Result<LoadResult> load_file(Store& store, const std::string& path,
                             const LoadOptions& options = {});

// Reads a whole file (E_IO on failure).
Result<std::string> read_file(const std::string& path);
// The same in 1 MB pieces into a buffer sized from the file's length, polling `cancelled`
// between pieces (true: E_CANCELLED), so a big file does not delay a cancellation.
Result<std::string> read_file(const std::string& path, const std::function<bool()>& cancelled);

}  // namespace ggen::rdf
