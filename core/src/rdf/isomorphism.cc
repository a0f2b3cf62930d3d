// Isomorphism by colour refinement of blank nodes (hashing each node's neighbourhood until the
// partition is stable), then backtracking over the remaining ties, checking each full mapping.
#include "ggen/rdf/isomorphism.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <unordered_map>

#include "rdf/hash.h"

namespace ggen::rdf {

namespace {

// Terms encoded as int64: ground terms >= 0 (0 is the default graph), blank node i is -(i + 1).
using Enc = std::array<int64_t, 4>;

struct Encoded {
  std::vector<Enc> quads;  // sorted, unique
  size_t blanks = 0;
};

class Encoder {
 public:
  Encoded encode(std::span<const TermQuad> in) {
    Encoded out;
    std::unordered_map<std::string, int64_t> blanks;
    auto enc = [&](const Term& t, bool graph) -> int64_t {
      if (graph && t.kind == TermKind::Iri && t.value.empty()) return 0;
      if (t.kind == TermKind::Blank) {
        auto [it, fresh] = blanks.emplace(t.value, -static_cast<int64_t>(blanks.size()) - 1);
        return it->second;
      }
      Term norm = t;
      if (!norm.lang.empty()) norm.lang = lowercase_ascii(norm.lang);
      if (norm.kind == TermKind::Literal && norm.datatype.empty()) {
        norm.datatype = norm.lang.empty() ? vocab::kXsdString : vocab::kRdfLangString;
      }
      auto [it, fresh] =
          ground_.emplace(to_ntriples(norm), static_cast<int64_t>(ground_.size()) + 1);
      if (fresh) text_.push_back(&it->first);
      return it->second;
    };
    for (const TermQuad& q : in) {
      out.quads.push_back(Enc{enc(q.s, false), enc(q.p, false), enc(q.o, false), enc(q.g, true)});
    }
    std::sort(out.quads.begin(), out.quads.end());
    out.quads.erase(std::unique(out.quads.begin(), out.quads.end()), out.quads.end());
    out.blanks = blanks.size();
    return out;
  }

  // N-Triples-like text of an encoded quad, for messages.
  std::string describe(const Enc& q) const {
    std::string out;
    for (int i = 0; i < 4; ++i) {
      if (i == 3 && q[3] == 0) break;
      if (i > 0) out += ' ';
      out += q[i] < 0 ? "_:b" + std::to_string(-q[i] - 1) : *text_[static_cast<size_t>(q[i] - 1)];
    }
    return out + " .";
  }

 private:
  std::unordered_map<std::string, int64_t> ground_;
  std::vector<const std::string*> text_;  // id - 1 -> text (node keys are stable)
};

using Colors = std::vector<uint64_t>;

uint64_t mix2(uint64_t a, uint64_t b) {
  return detail::mix(a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL));
}

// One refinement round: each blank's colour absorbs the multiset of its quads' signatures.
Colors refine_once(const Encoded& g, const Colors& c) {
  Colors sums(c.size(), 0);
  for (const Enc& q : g.quads) {
    for (int i = 0; i < 4; ++i) {
      if (q[i] >= 0) continue;
      uint64_t sig = static_cast<uint64_t>(i) + 1;
      for (int j = 0; j < 4; ++j) {
        uint64_t part = q[j] >= 0 ? mix2(static_cast<uint64_t>(q[j]), j)
                                  : mix2(c[static_cast<size_t>(-q[j] - 1)], j + 16);
        if (j == i) part = mix2(0xABCDEF, j);  // "this node" marker
        sig = mix2(sig, part);
      }
      sums[static_cast<size_t>(-q[i] - 1)] += detail::mix(sig);
    }
  }
  Colors out(c.size());
  for (size_t b = 0; b < c.size(); ++b) out[b] = mix2(c[b], sums[b]);
  return out;
}

size_t distinct(const Colors& c) {
  Colors s = c;
  std::sort(s.begin(), s.end());
  return static_cast<size_t>(std::unique(s.begin(), s.end()) - s.begin());
}

void refine(const Encoded& a, Colors& ca, const Encoded& b, Colors& cb) {
  size_t n = distinct(ca);
  for (;;) {
    ca = refine_once(a, ca);
    cb = refine_once(b, cb);
    size_t m = distinct(ca);
    if (m == n) return;
    n = m;
  }
}

bool same_multiset(Colors x, Colors y) {
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  return x == y;
}

// With all colours distinct, the colours define the mapping; check it maps a onto b.
bool check_mapping(const Encoded& a, const Colors& ca, const Encoded& b, const Colors& cb) {
  std::unordered_map<uint64_t, int64_t> by_color;
  for (size_t i = 0; i < cb.size(); ++i) by_color[cb[i]] = -static_cast<int64_t>(i) - 1;
  std::vector<Enc> mapped;
  mapped.reserve(a.quads.size());
  for (Enc q : a.quads) {
    for (auto& t : q) {
      if (t < 0) t = by_color.at(ca[static_cast<size_t>(-t - 1)]);
    }
    mapped.push_back(q);
  }
  std::sort(mapped.begin(), mapped.end());
  return mapped == b.quads;
}

bool search(const Encoded& a, Colors ca, const Encoded& b, Colors cb, int depth) {
  refine(a, ca, b, cb);
  if (!same_multiset(ca, cb)) return false;
  // Smallest tied colour class in a.
  std::map<uint64_t, std::vector<size_t>> classes;
  for (size_t i = 0; i < ca.size(); ++i) classes[ca[i]].push_back(i);
  const std::vector<size_t>* best = nullptr;
  uint64_t best_color = 0;
  for (const auto& [color, members] : classes) {
    if (members.size() > 1 && (!best || members.size() < best->size())) {
      best = &members;
      best_color = color;
    }
  }
  if (!best) return check_mapping(a, ca, b, cb);
  size_t pick = best->front();
  uint64_t forced = mix2(best_color, 0x5eed0000u + static_cast<uint64_t>(depth));
  for (size_t j = 0; j < cb.size(); ++j) {
    if (cb[j] != best_color) continue;
    Colors na = ca, nb = cb;
    na[pick] = forced;
    nb[j] = forced;
    if (search(a, std::move(na), b, std::move(nb), depth + 1)) return true;
  }
  return false;
}

}  // namespace

std::vector<TermQuad> to_term_quads(const Store& store, const QuadPattern& pattern) {
  std::vector<TermQuad> out;
  store.for_each(pattern, [&](const Quad& q) {
    TermQuad t;
    t.s = Term(store.term(q.s));
    t.p = Term(store.term(q.p));
    t.o = Term(store.term(q.o));
    if (q.g != kDefaultGraph) t.g = Term(store.term(q.g));
    out.push_back(std::move(t));
  });
  return out;
}

bool isomorphic(std::span<const TermQuad> a, std::span<const TermQuad> b, std::string* why) {
  Encoder enc;
  Encoded ea = enc.encode(a), eb = enc.encode(b);
  auto fail = [&](std::string reason) {
    if (why) *why = std::move(reason);
    return false;
  };
  if (ea.quads.size() != eb.quads.size()) {
    return fail(std::to_string(ea.quads.size()) + " vs " + std::to_string(eb.quads.size()) +
                " distinct quads");
  }
  if (ea.blanks != eb.blanks) {
    return fail(std::to_string(ea.blanks) + " vs " + std::to_string(eb.blanks) + " blank nodes");
  }
  // Ground quads must match exactly; they sort first... only if all-ground, so filter.
  auto ground = [](const Encoded& e) {
    std::vector<Enc> g;
    for (const Enc& q : e.quads) {
      if (q[0] >= 0 && q[1] >= 0 && q[2] >= 0 && q[3] >= 0) g.push_back(q);
    }
    return g;
  };
  std::vector<Enc> ga = ground(ea), gb = ground(eb);
  if (ga != gb) {
    std::vector<Enc> only_a, only_b;
    std::set_difference(ga.begin(), ga.end(), gb.begin(), gb.end(), std::back_inserter(only_a));
    std::set_difference(gb.begin(), gb.end(), ga.begin(), ga.end(), std::back_inserter(only_b));
    std::string reason = "the quads without blank nodes differ";
    if (!only_a.empty()) reason += "; only in the first: " + enc.describe(only_a.front());
    if (!only_b.empty()) reason += "; only in the second: " + enc.describe(only_b.front());
    return fail(reason);
  }
  if (ea.blanks == 0) return true;
  if (!search(ea, Colors(ea.blanks, 1), eb, Colors(eb.blanks, 1), 0)) {
    return fail("no blank node mapping makes the datasets equal");
  }
  return true;
}

bool isomorphic(const Store& a, const Store& b, std::string* why) {
  std::vector<TermQuad> qa = to_term_quads(a), qb = to_term_quads(b);
  return isomorphic(qa, qb, why);
}

}  // namespace ggen::rdf
