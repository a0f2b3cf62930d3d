#pragma once
// Store: an in-memory quad store over dictionary-encoded terms.
//
// Layout: an immutable, shared base segment holding the quads sorted in several orders (GSPO,
// GPOS, GOSP always; SPOG, POSG, OSPG built on first need when named graphs exist) plus a small
// sorted delta of added and removed quads. Every pattern is then a range scan of one order.
// Copying a Store is cheap (it shares the base and the dictionary): take a copy to give a reader
// a stable snapshot while the original keeps changing. A single Store object is not safe for a
// writer and readers at once; const member functions are safe to call concurrently.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "ggen/rdf/dictionary.h"
#include "ggen/rdf/term.h"

namespace ggen::rdf {

// g == kDefaultGraph for the default graph.
struct Quad {
  TermId s = kNoTerm, p = kNoTerm, o = kNoTerm, g = kDefaultGraph;
  bool operator==(const Quad&) const = default;
};

// Each slot is a term id or kAny; the graph slot may also be kDefaultGraph (0) or kAnyNamed.
// kNoTerm (0) in s/p/o matches nothing (a constant the dictionary does not know); in the graph
// slot 0 is the default graph, so map an unknown graph name to an empty result yourself.
struct QuadPattern {
  TermId s = kAny, p = kAny, o = kAny, g = kAny;
  bool matches(const Quad& q) const;
};

struct PredicateStats {
  uint64_t count = 0;              // quads with this predicate
  uint64_t distinct_subjects = 0;  // per graph, summed over graphs
  uint64_t distinct_objects = 0;
};

// Planner statistics over all graphs, computed from the indexes and cached per version.
struct Statistics {
  uint64_t version = 0;
  uint64_t quads = 0;
  uint64_t graphs = 0;  // named graphs
  uint64_t distinct_subjects = 0;
  uint64_t distinct_predicates = 0;
  uint64_t distinct_objects = 0;
  std::unordered_map<TermId, PredicateStats> predicates;
  std::unordered_map<TermId, uint64_t> classes;  // rdf:type object -> instance quads

  uint64_t predicate_count(TermId p) const;
  uint64_t class_count(TermId c) const;
};

struct MemoryUsage {
  size_t index_bytes = 0;       // base segment + delta
  size_t dictionary_bytes = 0;  // the shared dictionary
  size_t total() const { return index_bytes + dictionary_bytes; }
};

class Segment;  // the immutable base (store_segment.h, internal)

// Pull iterator over the quads matching a pattern, in the order of the index chosen for it.
// It owns what it reads (a share of the base segment and a copy of the delta's slice), so it
// stays valid, and keeps seeing the state it was opened on, when the store changes or goes away.
class QuadCursor {
 public:
  QuadCursor();
  ~QuadCursor();
  QuadCursor(QuadCursor&&) noexcept;
  QuadCursor& operator=(QuadCursor&&) noexcept;

  bool next(Quad& out);

  struct Impl;  // internal

 private:
  friend class Store;
  std::unique_ptr<Impl> impl_;
};

class Store {
 public:
  Store();
  // Shares `dict` (so ids are comparable across stores built on it).
  explicit Store(std::shared_ptr<Dictionary> dict);
  Store(const Store&);  // cheap snapshot
  Store& operator=(const Store&);
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  // --- terms
  Dictionary& dictionary() const { return *dict_; }
  const std::shared_ptr<Dictionary>& shared_dictionary() const { return dict_; }
  TermId intern(TermRef t) { return dict_->intern(t); }
  TermId find(TermRef t) const { return dict_->find(t); }  // kNoTerm when unknown
  TermRef term(TermId id) const { return dict_->term(id); }

  // --- mutation; each change bumps version(). Return whether the store changed.
  bool insert(const Quad& q);
  bool remove(const Quad& q);
  bool insert(TermRef s, TermRef p, TermRef o);  // into the default graph
  bool insert(TermRef s, TermRef p, TermRef o, TermRef g);
  // Batch forms: one merge pass, far cheaper than a loop of insert() for big batches.
  // `cancelled`, when given, is polled between and inside the index sorts (about every
  // millisecond of sorting): true raises E_CANCELLED and leaves the store as it was. Lazy work done
  // for readers (statistics(), a lazily built index order) polls the reader's thread hook instead
  // (ggen/rdf/poll.h).
  size_t insert_all(std::span<const Quad> quads, const std::function<bool()>& cancelled = {});
  size_t remove_all(std::span<const Quad> quads);
  size_t remove_matching(const QuadPattern& pattern);
  void clear();

  // --- reading
  size_t size() const;
  bool empty() const { return size() == 0; }
  bool contains(const Quad& q) const;
  // Exact count; O(log n) when the bound slots form an index prefix (all but kAnyNamed cases).
  size_t count(const QuadPattern& pattern) const;
  QuadCursor scan(const QuadPattern& pattern) const;
  // Calls fn(const Quad&) for each match; fn may return bool (false stops the scan).
  template <class F>
  void for_each(const QuadPattern& pattern, F&& fn) const {
    QuadCursor c = scan(pattern);
    Quad q;
    while (c.next(q)) {
      if constexpr (std::is_same_v<decltype(fn(q)), bool>) {
        if (!fn(q)) return;
      } else {
        fn(q);
      }
    }
  }
  std::vector<Quad> quads(const QuadPattern& pattern = {}) const;
  // Names of the graphs that hold at least one quad, ascending by id.
  std::vector<TermId> graph_names() const;
  bool has_named_graphs() const;

  // Changes on every mutation; unique across stores in the process (a safe cache key).
  uint64_t version() const { return version_; }
  std::shared_ptr<const Statistics> statistics() const;
  MemoryUsage memory_usage() const;

  // Folds the delta into a new base segment (done automatically when the delta grows).
  void compact();

  // Internal state types (defined in the implementation).
  struct Delta;
  struct StatsCache;

 private:
  void bump();
  void maybe_compact();

  std::shared_ptr<Dictionary> dict_;
  std::shared_ptr<const Segment> base_;
  std::unique_ptr<Delta> delta_;
  uint64_t version_ = 0;
  mutable std::unique_ptr<StatsCache> stats_;  // per object: copies start from the same figures
};

}  // namespace ggen::rdf
