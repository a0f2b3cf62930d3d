// N-Triples / N-Quads output: one line per quad, optionally sorted, blank nodes renumbered.
#include <algorithm>
#include <unordered_map>

#include "ggen/rdf/writer.h"

namespace ggen::rdf {

namespace {

// Renumbers blank nodes _:b0, _:b1, ... in the order they are first written.
class BlankNames {
 public:
  void append(std::string& out, TermId id) {
    auto [it, fresh] = names_.emplace(id, names_.size());
    out += "_:b";
    out += std::to_string(it->second);
  }

 private:
  std::unordered_map<TermId, size_t> names_;
};

void append_term(std::string& out, const Store& st, TermId id, BlankNames& blanks) {
  if (is_blank(id)) {
    blanks.append(out, id);
  } else {
    append_ntriples(out, st.term(id));
  }
}

// Sort key of a quad ignoring blank labels, so the numbering follows content, not ids.
std::string ground_key(const Store& st, const Quad& q, bool with_graph) {
  std::string k;
  auto add = [&](TermId t) {
    if (is_blank(t)) {
      k += "_:";
    } else {
      append_ntriples(k, st.term(t));
    }
    k += ' ';
  };
  add(q.s), add(q.p), add(q.o);
  if (with_graph && q.g != kDefaultGraph) add(q.g);
  return k;
}

std::string write_lines(const Store& st, const QuadPattern& pattern, bool with_graph, bool sort) {
  std::vector<Quad> quads = st.quads(pattern);
  if (sort) {
    std::vector<std::pair<std::string, Quad>> keyed;
    keyed.reserve(quads.size());
    for (const Quad& q : quads) keyed.emplace_back(ground_key(st, q, with_graph), q);
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < quads.size(); ++i) quads[i] = keyed[i].second;
  }
  BlankNames blanks;
  std::vector<std::string> lines;
  lines.reserve(quads.size());
  for (const Quad& q : quads) {
    std::string line;
    append_term(line, st, q.s, blanks);
    line += ' ';
    append_term(line, st, q.p, blanks);
    line += ' ';
    append_term(line, st, q.o, blanks);
    if (with_graph && q.g != kDefaultGraph) {
      line += ' ';
      append_term(line, st, q.g, blanks);
    }
    line += " .\n";
    lines.push_back(std::move(line));
  }
  if (sort) std::sort(lines.begin(), lines.end());
  std::string out;
  for (const std::string& l : lines) out += l;
  return out;
}

}  // namespace

std::string write_ntriples(const Store& store, const WriteOptions& options, TermId graph) {
  return write_lines(store, QuadPattern{kAny, kAny, kAny, graph}, false, options.sort);
}

std::string write_nquads(const Store& store, const WriteOptions& options) {
  return write_lines(store, QuadPattern{}, true, options.sort);
}

std::string write(const Store& store, Format format, const WriteOptions& options) {
  switch (format) {
    case Format::Turtle:
      return write_turtle(store, options);
    case Format::TriG:
      return write_trig(store, options);
    case Format::NTriples:
      return write_ntriples(store, options);
    case Format::NQuads:
      return write_nquads(store, options);
  }
  return {};
}

}  // namespace ggen::rdf
