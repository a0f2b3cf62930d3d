#include "ggen/rdf/dictionary.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "rdf/hash.h"

namespace ggen::rdf {

// Record layout in the arena (unaligned, read with memcpy):
//   IRI / blank: u32 length, bytes
//   literal:     u32 length, u32 datatype id (0 for rdf:langString), u32 lang length, bytes, lang
namespace {

constexpr size_t kArenaChunk = size_t{1} << 20;

uint32_t read_u32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// memcpy with an empty view may get a null pointer, which memcpy does not allow.
void copy_bytes(char* to, std::string_view from) {
  if (!from.empty()) std::memcpy(to, from.data(), from.size());
}

bool has_upper(std::string_view s) {
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') return true;
  }
  return false;
}

// Normalizes the parts of a term that have more than one spelling.
struct Normalized {
  TermRef t;
  std::string lang_buf;
  explicit Normalized(TermRef in) : t(in) {
    if (t.kind != TermKind::Literal) {
      t.datatype = {};
      t.lang = {};
      return;
    }
    if (!t.lang.empty()) {
      t.datatype = vocab::kRdfLangString;
      if (has_upper(t.lang)) {
        lang_buf = lowercase_ascii(t.lang);
        t.lang = lang_buf;
      }
    } else if (t.datatype.empty()) {
      t.datatype = vocab::kXsdString;
    }
  }
};

uint32_t hash_term(TermRef t) {
  return static_cast<uint32_t>(TermHash()(t)) | 1u;
}

}  // namespace

Dictionary::Dictionary() : chunks_(new const char**[kMaxChunks]()), index_(1024, Slot{0, kNoTerm}) {
  count_.store(1, std::memory_order_relaxed);  // index 0 is reserved for kNoTerm
  chunks_[0] = new const char*[kChunkSize]();
}

Dictionary::~Dictionary() {
  for (size_t i = 0; i < kMaxChunks && chunks_[i] != nullptr; ++i) delete[] chunks_[i];
}

char* Dictionary::allocate(size_t bytes) {
  if (bytes > arena_left_) {
    size_t size = bytes > kArenaChunk / 4 ? bytes : kArenaChunk;
    arena_.emplace_back(new char[size]);
    arena_bytes_ += size;
    if (size == bytes && bytes != kArenaChunk) {
      return arena_.back().get();  // oversized record: its own block, keep the current one
    }
    arena_pos_ = arena_.back().get();
    arena_left_ = size;
  }
  char* p = arena_pos_;
  arena_pos_ += bytes;
  arena_left_ -= bytes;
  return p;
}

TermRef Dictionary::term(TermId id) const {
  // Ids this dictionary never issued (kNoTerm, wildcards, another dictionary's) give an empty
  // IRI rather than a wild read.
  if ((id & kIndexMask) == 0 || (id & kIndexMask) >= count_.load(std::memory_order_acquire) ||
      is_wildcard(id) || (id >> kKindShift) == 0) {
    return TermRef{};
  }
  const char* r = record(id);
  TermRef t;
  t.kind = kind_of(id);
  uint32_t len = read_u32(r);
  if (t.kind != TermKind::Literal) {
    t.value = std::string_view(r + 4, len);
    return t;
  }
  TermId dt = read_u32(r + 4);
  uint32_t lang_len = read_u32(r + 8);
  t.value = std::string_view(r + 12, len);
  if (lang_len > 0) {
    t.lang = std::string_view(r + 12 + len, lang_len);
    t.datatype = vocab::kRdfLangString;
  } else {
    t.datatype = term(dt).value;
  }
  return t;
}

TermId Dictionary::find_locked(TermRef t, uint32_t h, size_t* slot_out) const {
  size_t mask = index_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& s = index_[i];
    if (s.id == kNoTerm) {
      if (slot_out) *slot_out = i;
      return kNoTerm;
    }
    if (s.hash != h || kind_of(s.id) != t.kind) continue;
    if (term(s.id) == t) return s.id;
  }
}

TermId Dictionary::find(TermRef in) const {
  Normalized n(in);
  uint32_t h = hash_term(n.t);
  std::shared_lock lock(mu_);
  return find_locked(n.t, h, nullptr);
}

void Dictionary::grow_index() {
  std::vector<Slot> bigger(index_.size() * 2, Slot{0, kNoTerm});
  size_t mask = bigger.size() - 1;
  for (const Slot& s : index_) {
    if (s.id == kNoTerm) continue;
    size_t i = s.hash & mask;
    while (bigger[i].id != kNoTerm) i = (i + 1) & mask;
    bigger[i] = s;
  }
  index_.swap(bigger);
}

TermId Dictionary::intern(TermRef in) {
  Normalized n(in);
  uint32_t h = hash_term(n.t);
  // One exclusive lock per call: interning is the loader's hot path, and a shared-then-exclusive
  // dance costs more than it saves when most terms are new.
  std::unique_lock lock(mu_);
  return intern_locked(n.t, h);
}

void Dictionary::intern_all(std::span<const TermRef> terms, TermId* ids) {
  constexpr size_t kBatch = 8;
  for (size_t base = 0; base < terms.size(); base += kBatch) {
    size_t n = std::min(kBatch, terms.size() - base);
    std::array<std::optional<Normalized>, kBatch> norm;
    uint32_t hashes[kBatch];
    for (size_t i = 0; i < n; ++i) {
      norm[i].emplace(terms[base + i]);
      hashes[i] = hash_term(norm[i]->t);
    }
    std::unique_lock lock(mu_);
    size_t mask = index_.size() - 1;
    for (size_t i = 0; i < n; ++i) __builtin_prefetch(&index_[hashes[i] & mask]);
    for (size_t i = 0; i < n; ++i) ids[base + i] = intern_locked(norm[i]->t, hashes[i]);
  }
}

TermId Dictionary::intern_locked(TermRef t, uint32_t h) {
  size_t slot = 0;
  TermId found = find_locked(t, h, &slot);
  if (found != kNoTerm) return found;
  // The datatype is itself an IRI term, interned first (this may grow the index: re-probe).
  TermId dt = kNoTerm;
  if (t.kind == TermKind::Literal && t.lang.empty()) {
    TermRef dt_term = TermRef::iri(t.datatype);
    dt = intern_locked(dt_term, hash_term(dt_term));
    find_locked(t, h, &slot);
  }

  size_t n_index = count_.load(std::memory_order_relaxed);
  if (n_index > kIndexMask - 2) throw std::length_error("rdf dictionary full");
  size_t bytes = 4 + t.value.size();
  if (t.kind == TermKind::Literal) bytes += 8 + t.lang.size();
  char* r = allocate(bytes);
  auto len = static_cast<uint32_t>(t.value.size());
  std::memcpy(r, &len, 4);
  if (t.kind == TermKind::Literal) {
    auto lang_len = static_cast<uint32_t>(t.lang.size());
    std::memcpy(r + 4, &dt, 4);
    std::memcpy(r + 8, &lang_len, 4);
    copy_bytes(r + 12, t.value);
    copy_bytes(r + 12 + len, t.lang);
  } else {
    copy_bytes(r + 4, t.value);
  }
  size_t chunk = n_index >> kChunkBits;
  if (chunks_[chunk] == nullptr) chunks_[chunk] = new const char*[kChunkSize]();
  chunks_[chunk][n_index & (kChunkSize - 1)] = r;
  TermId id = (static_cast<TermId>(t.kind) << kKindShift) | static_cast<TermId>(n_index);
  index_[slot] = Slot{h, id};
  count_.store(n_index + 1, std::memory_order_release);
  if ((n_index + 1) * 10 > index_.size() * 7) grow_index();
  return id;
}

TermId Dictionary::fresh_blank() {
  std::unique_lock lock(mu_);
  std::string label;
  for (;;) {
    label.clear();
    label.push_back('b');
    label.append(std::to_string(++next_blank_));
    TermRef t = TermRef::blank(label);
    uint32_t h = hash_term(t);
    if (find_locked(t, h, nullptr) == kNoTerm) return intern_locked(t, h);
  }
}

size_t Dictionary::memory_bytes() const {
  std::shared_lock lock(mu_);
  size_t chunks = (count_.load() >> kChunkBits) + 1;
  return arena_bytes_ + chunks * kChunkSize * sizeof(const char*) + kMaxChunks * sizeof(void*) +
         index_.size() * sizeof(Slot);
}

}  // namespace ggen::rdf
