// N-Triples / N-Quads output: one line per quad, optionally sorted, blank nodes renumbered.
#include <algorithm>
#include <array>
#include <unordered_map>

#include "ggen/rdf/writer.h"
#include "rdf/hash.h"

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

// Names blank nodes by structure, not by id: each gets a colour refined from its neighbourhood
// (ground terms by their text, blank neighbours by their colours) for a few rounds, and labels
// go out in colour order. Isomorphic stores thus print the same, barring symmetric ties.
void number_blanks(const Store& st, const std::vector<Quad>& quads, bool with_graph,
                   BlankNames& blanks) {
  std::unordered_map<TermId, uint64_t> ground, color;
  auto slots = [&](const Quad& q) {
    std::array<TermId, 4> t = {q.s, q.p, q.o, with_graph ? q.g : kDefaultGraph};
    return t;
  };
  std::vector<const Quad*> with_blanks;
  for (const Quad& q : quads) {
    bool any = false;
    for (TermId t : slots(q)) {
      if (is_blank(t)) {
        color.emplace(t, 1);
        any = true;
      } else if (!ground.count(t)) {
        ground.emplace(t, t == kDefaultGraph ? 0 : detail::hash_bytes(to_ntriples(st.term(t)), 7));
      }
    }
    if (any) with_blanks.push_back(&q);
  }
  auto distinct = [&] {
    std::vector<uint64_t> v;
    for (const auto& [t, c] : color) v.push_back(c);
    std::sort(v.begin(), v.end());
    return static_cast<size_t>(std::unique(v.begin(), v.end()) - v.begin());
  };
  size_t classes = distinct();
  for (int round = 0; round < 16 && classes < color.size(); ++round) {
    std::unordered_map<TermId, uint64_t> sums;
    for (const Quad* q : with_blanks) {
      auto t = slots(*q);
      for (int i = 0; i < 4; ++i) {
        if (!is_blank(t[i])) continue;
        uint64_t sig = static_cast<uint64_t>(i) + 1;
        for (int j = 0; j < 4; ++j) {
          uint64_t part = j == i ? 0x51ED : is_blank(t[j]) ? color[t[j]] ^ 0xB1A4 : ground[t[j]];
          sig = detail::mix((sig ^ part) * 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(j));
        }
        sums[t[i]] += sig;
      }
    }
    for (auto& [t, c] : color) c = detail::mix(c * 0x9e3779b97f4a7c15ULL ^ sums[t]);
    size_t now = distinct();
    if (now == classes) break;
    classes = now;
  }
  // Ties (nodes the refinement cannot tell apart) fall back to id order.
  std::vector<std::pair<uint64_t, TermId>> order;
  for (const auto& [t, c] : color) order.emplace_back(c, t);
  std::sort(order.begin(), order.end());
  std::string ignored;
  for (const auto& [c, t] : order) blanks.append(ignored, t);
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
  // Sorted: blank-node labels come from the graph's structure, then the lines are sorted.
  bool any_blank = false;
  for (const Quad& q : quads) any_blank |= is_blank(q.s) || is_blank(q.o) || is_blank(q.g);
  if (any_blank) number_blanks(st, quads, with_graph, blanks);
  std::vector<std::string> lines(quads.size());
  for (size_t i = 0; i < quads.size(); ++i) append_line(lines[i], st, quads[i], with_graph, blanks);
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
