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

void append_line(std::string& out, const Store& st, const Quad& q, bool with_graph,
                 BlankNames& blanks) {
  append_term(out, st, q.s, blanks);
  out += ' ';
  append_term(out, st, q.p, blanks);
  out += ' ';
  append_term(out, st, q.o, blanks);
  if (with_graph && q.g != kDefaultGraph) {
    out += ' ';
    append_term(out, st, q.g, blanks);
  }
  out += " .\n";
}

std::string write_lines(const Store& st, const QuadPattern& pattern, bool with_graph, bool sort) {
  std::vector<Quad> quads = st.quads(pattern);
  std::string out;
  BlankNames blanks;
  if (!sort) {
    out.reserve(quads.size() * 96);  // a typical line; saves most regrowth copies
    for (const Quad& q : quads) append_line(out, st, q, with_graph, blanks);
    return out;
  }
  // Number blank nodes in the order of the lines with their labels blanked out, so the labels
  // follow the content rather than term ids; then sort the final lines.
  bool any_blank = false;
  std::vector<std::string> lines(quads.size());
  BlankNames none;
  for (size_t i = 0; i < quads.size(); ++i) {
    const Quad& q = quads[i];
    bool has_blank = is_blank(q.s) || is_blank(q.o) || is_blank(q.g);
    any_blank |= has_blank;
    append_line(lines[i], st, q, with_graph, none);
  }
  if (any_blank) {
    std::vector<size_t> order(quads.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto blanked = [&](size_t i) {
      std::string k;
      for (TermId t : {quads[i].s, quads[i].p, quads[i].o, quads[i].g}) {
        if (t == quads[i].g && (!with_graph || t == kDefaultGraph)) break;
        if (is_blank(t)) {
          k += "_:";
        } else {
          append_ntriples(k, st.term(t));
        }
        k += ' ';
      }
      return k;
    };
    std::vector<std::string> keys(quads.size());
    for (size_t i = 0; i < quads.size(); ++i) {
      if (is_blank(quads[i].s) || is_blank(quads[i].o) || is_blank(quads[i].g)) {
        keys[i] = blanked(i);
      } else {
        keys[i] = lines[i];
      }
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return keys[a] < keys[b]; });
    for (size_t i : order) {
      const Quad& q = quads[i];
      if (is_blank(q.s) || is_blank(q.o) || is_blank(q.g)) {
        lines[i].clear();
        append_line(lines[i], st, q, with_graph, blanks);
      }
    }
  }
  std::sort(lines.begin(), lines.end());
  size_t total = 0;
  for (const std::string& l : lines) total += l.size();
  out.reserve(total);
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
