#pragma once
// Dictionary: the append-only, thread-safe mapping between terms and TermIds. Stores and their
// snapshots share one dictionary; a term once interned keeps its id and its bytes never move, so
// a TermRef from term() stays valid as long as the dictionary lives, and term() takes no lock.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <span>
#include <string_view>
#include <vector>

#include "ggen/rdf/term.h"

namespace ggen::rdf {

class Dictionary {
 public:
  Dictionary();
  ~Dictionary();
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;

  // Id of the term, adding it when new. Language tags are stored lowercased; a literal whose
  // datatype is empty is taken as xsd:string (or rdf:langString when it has a language).
  TermId intern(TermRef t);
  // intern() for several terms under one lock, with their hash slots prefetched together (the
  // loader's hot path: a triple's terms cost about one cache miss instead of three).
  void intern_all(std::span<const TermRef> terms, TermId* ids);
  // Id of the term, or kNoTerm when it was never interned.
  TermId find(TermRef t) const;
  // A fresh blank node whose label no interned blank node uses ("b<N>").
  TermId fresh_blank();
  // The term of an id from intern/find/a store scan; an empty IRI for kNoTerm or an unknown id.
  // Lock-free.
  TermRef term(TermId id) const;

  size_t size() const { return count_.load(std::memory_order_acquire); }
  // Bytes held by term data, the id table and the hash index.
  size_t memory_bytes() const;

 private:
  struct Slot {
    uint32_t hash;
    TermId id;
  };
  static constexpr int kChunkBits = 16;
  static constexpr size_t kChunkSize = size_t{1} << kChunkBits;
  static constexpr size_t kMaxChunks = (size_t{1} << kKindShift) / kChunkSize;

  const char* record(TermId id) const {
    uint32_t n = id & kIndexMask;
    return chunks_[n >> kChunkBits][n & (kChunkSize - 1)];
  }
  TermId find_locked(TermRef t, uint32_t h, size_t* slot) const;
  TermId intern_locked(TermRef t, uint32_t h);  // `t` normalized
  char* allocate(size_t bytes);
  void grow_index();

  mutable std::shared_mutex mu_;
  std::unique_ptr<const char**[]> chunks_;  // id index -> record; chunks never move
  std::atomic<size_t> count_{0};            // terms interned; index 0 is unused
  std::vector<std::unique_ptr<char[]>> arena_;
  char* arena_pos_ = nullptr;
  size_t arena_left_ = 0;
  size_t arena_bytes_ = 0;
  std::vector<Slot> index_;  // open addressing, power-of-two size; id 0 = empty
  uint64_t next_blank_ = 0;
};

}  // namespace ggen::rdf
