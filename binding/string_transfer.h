#pragma once
// Large strings across the JS boundary without needless copies (measured on a 880 KB render
// payload and a 500 KB result, see docs/bench-template.md):
// - in: V8 flattens a string before any Node-API read (UTF-8, Latin-1 or UTF-16 alike), so
//   lib/template.js sends a large payload in pieces that flatten in the young generation; the
//   pieces are read as UTF-8 into buffers recycled between calls (a mostly ASCII payload is half
//   the bytes of its UTF-16 form, for the copy and for the parse that scans it).
// - out: large rendered text is written on the worker straight into a mapping (whole 2 MB pages
//   from 256 KB: see map_huge) that V8 then owns as an external string (ExternalText: no copy on
//   the JS thread; V8's finalizer gives the mapping back to a small pool, and its size is
//   reported to V8 so it collects in time); smaller text is copied by V8.
//   node_api_create_external_string_* exist from Node 20.4 / 18.18; they are looked up at run time
//   and the copying calls are the fallback.
#include <dlfcn.h>
#include <node_api.h>
#include <sys/mman.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ggen::binding {

// A JS string's text as UTF-8 bytes; its storage goes back to a small pool when it is
// destroyed. A render payload is read as UTF-8:
// JSON.stringify's output is well-formed (lone surrogates come out escaped), so the bytes are
// exact, and a mostly ASCII payload is half the bytes to copy and scan than its UTF-16 form.
class Utf8Text {
 public:
  Utf8Text() = default;
  Utf8Text(Utf8Text&& o) noexcept
      : data_(std::move(o.data_)), cap_(std::exchange(o.cap_, 0)), len_(std::exchange(o.len_, 0)) {}
  Utf8Text& operator=(Utf8Text&& o) noexcept {
    if (this != &o) {
      recycle();
      data_ = std::move(o.data_);
      cap_ = std::exchange(o.cap_, 0);
      len_ = std::exchange(o.len_, 0);
    }
    return *this;
  }
  ~Utf8Text() { recycle(); }

  std::string_view view() const { return {data_.get(), len_}; }

  // The text of a JS string (status of the napi calls; napi_string_expected if not one).
  static napi_status read(napi_env env, napi_value v, Utf8Text& out) {
    size_t len = 0;
    napi_status st = units(env, v, &len);
    if (st != napi_ok) return st;
    out = take(len + 1);  // napi writes a terminating NUL
    return write(env, v, out.data_.get(), out.cap_, &out.len_);
  }

  // The concatenated code units of a JS array of strings (lib/template.js sends a large payload
  // in pieces: see jsonPieces there). A number in the array (SLICE_JOIN there) says the next
  // piece continues the JSON array that the previous piece ends: the previous piece's closing
  // `]` becomes `,` and the next one's opening `[` a space. napi_string_expected if an element is
  // neither, napi_invalid_arg if a join has no `]` / `[` to join.
  static napi_status read_pieces(napi_env env, napi_value array, Utf8Text& out) {
    uint32_t n = 0;
    napi_status st = napi_get_array_length(env, array, &n);
    if (st != napi_ok) return st;
    struct Piece {
      napi_value v;
      size_t len;
      bool joins;  // continues the previous piece's array
    };
    std::vector<Piece> pieces;
    pieces.reserve(n);
    size_t total = 0;
    bool join_next = false;
    for (uint32_t i = 0; i < n; ++i) {
      napi_value v;
      if ((st = napi_get_element(env, array, i, &v)) != napi_ok) return st;
      size_t len = 0;
      st = units(env, v, &len);
      if (st == napi_string_expected) {
        napi_valuetype t;
        if (napi_typeof(env, v, &t) != napi_ok || t != napi_number || join_next || pieces.empty())
          return napi_string_expected;
        join_next = true;
        continue;
      }
      if (st != napi_ok) return st;
      pieces.push_back({v, len, join_next});
      join_next = false;
      total += len;
    }
    if (join_next) return napi_invalid_arg;
    out = take(total + 1);  // napi writes a terminating NUL after each piece
    for (const Piece& p : pieces) {
      char* at = out.data_.get() + out.len_;
      size_t got = 0;
      st = write(env, p.v, at, p.len + 1, &got);
      if (st != napi_ok) return st;
      if (p.joins) {
        if (out.len_ == 0 || at[-1] != ']' || got == 0 || at[0] != '[') return napi_invalid_arg;
        at[-1] = ',';
        at[0] = ' ';
      }
      out.len_ += got;
    }
    return napi_ok;
  }

  // Frees the storage now (e.g. on the worker, right after parsing) instead of at destruction.
  void release() { recycle(); }

 private:
  static constexpr size_t kKeep = 4;                   // buffers kept for reuse
  static constexpr size_t kKeepMax = size_t{8} << 20;  // bytes; larger ones are freed

  // Room needed for `v`'s text: its UTF-16 length (known to V8 without a scan), times 3 for
  // UTF-8 (the most bytes one UTF-16 unit can take); the exact UTF-8 length would be one more
  // pass over the string.
  static napi_status units(napi_env env, napi_value v, size_t* n) {
    napi_status st = napi_get_value_string_utf16(env, v, nullptr, 0, n);
    if (st == napi_ok) *n *= 3;
    return st;
  }
  static napi_status write(napi_env env, napi_value v, char* buf, size_t cap, size_t* got) {
    return napi_get_value_string_utf8(env, v, buf, cap, got);
  }

  struct Pool {
    std::mutex mu;
    std::vector<std::pair<std::unique_ptr<char[]>, size_t>> free;
  };
  static Pool& pool() {
    static Pool* p = new Pool();  // never destroyed: workers may outlive statics
    return *p;
  }

  static Utf8Text take(size_t need) {
    Utf8Text t;
    {
      Pool& p = pool();
      std::lock_guard lock(p.mu);
      for (auto it = p.free.begin(); it != p.free.end(); ++it) {
        if (it->second >= need) {
          t.data_ = std::move(it->first);
          t.cap_ = it->second;
          p.free.erase(it);
          return t;
        }
      }
    }
    // Round up, so payloads that grow a little still fit a recycled buffer.
    t.cap_ = need + need / 4 + 64;
    t.data_.reset(new char[t.cap_]);
    return t;
  }

  void recycle() {
    if (!data_) return;
    if (cap_ <= kKeepMax) {
      Pool& p = pool();
      std::lock_guard lock(p.mu);
      if (p.free.size() < kKeep) {
        p.free.emplace_back(std::move(data_), cap_);
      } else {
        // Keep the larger buffers: replace the smallest one if this is bigger.
        auto smallest = p.free.begin();
        for (auto it = p.free.begin(); it != p.free.end(); ++it)
          if (it->second < smallest->second) smallest = it;
        if (smallest->second < cap_) *smallest = {std::move(data_), cap_};
      }
    }
    data_.reset();
    cap_ = len_ = 0;
  }

  std::unique_ptr<char[]> data_;
  size_t cap_ = 0;
  size_t len_ = 0;
};

// UTF-16 text in a buffer that grows without zero-filling (std::u16string::resize would, and
// on a fresh half-megabyte buffer that fill was 14% of a render).
class U16Buffer {
 public:
  using value_type = char16_t;
  U16Buffer() = default;
  U16Buffer(U16Buffer&& o) noexcept
      : data_(std::move(o.data_)), cap_(std::exchange(o.cap_, 0)), len_(std::exchange(o.len_, 0)) {}
  U16Buffer& operator=(U16Buffer&& o) noexcept {
    data_ = std::move(o.data_);
    cap_ = std::exchange(o.cap_, 0);
    len_ = std::exchange(o.len_, 0);
    return *this;
  }
  char16_t* data() { return data_.get(); }
  size_t size() const { return len_; }
  size_t capacity() const { return cap_; }
  // Room for `n` units (contents unspecified); set_size() once they are written.
  char16_t* prepare(size_t n) {
    if (n > cap_) {
      data_.reset(new char16_t[n]);
      cap_ = n;
    }
    return data_.get();
  }
  void set_size(size_t n) { len_ = n; }

 private:
  std::unique_ptr<char16_t[]> data_;
  size_t cap_ = 0, len_ = 0;
};

// Recycled output buffers (std::string for UTF-8/Latin-1, U16Buffer for UTF-16). A render
// writes into warm memory that already has the capacity instead of a fresh allocation whose
// pages fault in on first touch (measured: page faults and regrowth copies were a quarter to a
// half of a 40 KB render).
template <class S>
class BufferPool {
 public:
  static S take() {
    Pool& p = pool();
    std::lock_guard lock(p.mu);
    if (p.free.empty()) return S();
    S s = std::move(p.free.back());
    p.free.pop_back();
    return s;
  }
  static void give(S&& s) {
    const size_t bytes = s.capacity() * sizeof(typename S::value_type);
    if (bytes < kKeepMin || bytes > kKeepMax) return;  // moved-from, or too big to keep around
    Pool& p = pool();
    std::lock_guard lock(p.mu);
    if (p.free.size() < kKeep) p.free.push_back(std::move(s));
  }

 private:
  static constexpr size_t kKeep = 8;
  static constexpr size_t kKeepMin = 256;
  static constexpr size_t kKeepMax = size_t{4} << 20;  // bytes: at most 32 MB kept in all
  struct Pool {
    std::mutex mu;
    std::vector<S> free;
  };
  static Pool& pool() {
    static Pool* p = new Pool();  // never destroyed: workers may outlive statics
    return *p;
  }
};

namespace detail {

using ExternalLatin1 = napi_status (*)(napi_env, char*, size_t, napi_finalize, void*, napi_value*,
                                       bool*);
using ExternalUtf16 = napi_status (*)(napi_env, char16_t*, size_t, napi_finalize, void*,
                                      napi_value*, bool*);

template <class F>
F lookup(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_DEFAULT, name));
}

// Below this size (bytes) V8 copies the text into its young generation, which is cheaper than
// an external string (whose buffer can only be reused after a GC) and keeps our buffer for the
// next render. At or above it V8 would allocate a large object (fresh pages, faults) for the
// copy, so the buffer is handed over instead.
constexpr size_t kExternalMin = size_t{128} << 10;

// Bytes of external strings V8 has freed but not yet been told about: finalizers may run inside
// a GC, so the decrease is reported on the next call from JS instead.
inline std::atomic<int64_t>& released_external() {
  static std::atomic<int64_t> bytes{0};
  return bytes;
}

// Tells V8 about memory it keeps alive but cannot see, so its GC runs (and frees external
// strings) as often as their size calls for: without it, rendered pages piled up between
// collections (peak RSS 238 MB for a 40 KB page rendered 3,000 times a second).
inline void report_external(napi_env env, int64_t added) {
  int64_t freed = released_external().exchange(0, std::memory_order_relaxed);
  int64_t ignored = 0;
  if (added - freed != 0) napi_adjust_external_memory(env, added - freed, &ignored);
}

// A large string handed to V8 lives in its own mapping, written once on the worker (the text is
// copied or widened straight into it) and owned by V8 until its finalizer runs. Mappings come
// back to a small pool when V8 frees their string, so a render repeated at a steady size reuses
// warm, already-mapped memory: mapping afresh cost a zero-filled page per 4 KB (MAP_POPULATE
// does it in one system call, page faults were 15-30% of a render before that), and the copy
// into cold memory on the JS thread was ~12% of a 460 KB UTF-16 page (filters case).
struct MappingPool {
  static constexpr size_t kKeep = 4;
  static constexpr size_t kKeepMax = size_t{16} << 20;  // bytes; larger mappings are unmapped
  std::mutex mu;
  std::vector<std::pair<void*, size_t>> free;
};
inline MappingPool& mapping_pool() {
  static MappingPool* p = new MappingPool();  // never destroyed: workers may outlive statics
  return *p;
}

// Fresh memory is what a large page costs most: V8 frees external strings only at its
// collections, so most renders get a new mapping, and on a virtual machine every new 4 KB page
// is a fault the hypervisor handles too (measured on the shared 2-CPU VM: mapping and writing
// 930 KB of fresh 4 KB pages ~2 ms; the same bytes into a reused mapping 0.08 ms, into one
// transparent huge page 0.19 ms). So a large page of text gets whole 2 MB pages, aligned so
// the kernel backs them with huge pages (transparent huge pages in "always" or "madvise" mode).
// Where it would not (mode "never", or no such setting), take_mapping keeps 4 KB pages made
// present at once by MAP_POPULATE. Returns nullptr if the mapping fails.
constexpr size_t kHuge = size_t{2} << 20;
constexpr size_t kHugeMin = size_t{256} << 10;
inline size_t huge_size(size_t need) {
  return (need + kHuge - 1) & ~(kHuge - 1);
}
inline bool huge_pages_available() {
  static const bool on = [] {
    char mode[128] = {};
    FILE* f = std::fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (!f) return false;
    const size_t n = std::fread(mode, 1, sizeof mode - 1, f);
    std::fclose(f);
    const std::string_view m(mode, n);
    return m.find("[always]") != m.npos || m.find("[madvise]") != m.npos;
  }();
  return on;
}
inline void* map_huge(size_t need, size_t* bytes) {
  if (!huge_pages_available()) return nullptr;
  const size_t size = huge_size(need);
  void* raw =
      mmap(nullptr, size + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  auto* base = static_cast<char*>(raw);
  auto* at =
      reinterpret_cast<char*>((reinterpret_cast<uintptr_t>(base) + kHuge - 1) & ~(kHuge - 1));
  // Trim the unaligned head and the tail, so the mapping is exactly [at, at + size).
  if (at > base) munmap(base, static_cast<size_t>(at - base));
  const size_t tail = static_cast<size_t>(base + size + kHuge - (at + size));
  if (tail) munmap(at + size, tail);
  madvise(at, size, MADV_HUGEPAGE);
  *bytes = size;
  return at;
}

// A mapping of at least `need` bytes (its size in `*bytes`), or nullptr.
inline void* take_mapping(size_t need, size_t* bytes) {
  MappingPool& pool = mapping_pool();
  const bool huge = need >= kHugeMin && huge_pages_available();
  {
    std::lock_guard lock(pool.mu);
    auto best = pool.free.end();
    for (auto it = pool.free.begin(); it != pool.free.end(); ++it) {
      // Big enough, and not so big that a small page pins a large mapping (a huge-page mapping
      // serves what it would have been made for).
      if (it->second >= need &&
          (it->second / 2 <= need || (huge && it->second <= huge_size(need))) &&
          (best == pool.free.end() || it->second < best->second))
        best = it;
    }
    if (best != pool.free.end()) {
      auto m = *best;
      pool.free.erase(best);
      *bytes = m.second;
      return m.first;
    }
  }
  if (huge) {
    if (void* p = map_huge(need, bytes)) return p;
  }
  size_t size = (need + need / 8 + 0xFFFF) & ~size_t{0xFFFF};  // room to grow a little
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
                 -1, 0);
  if (p == MAP_FAILED) return nullptr;
  *bytes = size;
  return p;
}

inline void give_mapping(void* p, size_t bytes) {
  MappingPool& pool = mapping_pool();
  if (bytes <= MappingPool::kKeepMax) {
    std::lock_guard lock(pool.mu);
    if (pool.free.size() < MappingPool::kKeep) {
      pool.free.emplace_back(p, bytes);
      return;
    }
  }
  munmap(p, bytes);
}

inline void release_string(napi_env, void* data, void* hint) {
  auto bytes = reinterpret_cast<size_t>(hint);
  give_mapping(data, bytes);
  released_external().fetch_add(static_cast<int64_t>(bytes), std::memory_order_relaxed);
}

// Text under kExternalMin: V8 copies it, and the buffer goes back to the pool at once.
template <class S, class Copy>
napi_status copy_to_js(napi_env env, S&& text, Copy copy, napi_value* result) {
  report_external(env, 0);
  napi_status st = copy(env, text.data(), text.size(), result);
  BufferPool<S>::give(std::move(text));
  return st;
}

inline ExternalLatin1 external_latin1() {
  static const auto f = lookup<ExternalLatin1>("node_api_create_external_string_latin1");
  return f;
}
inline ExternalUtf16 external_utf16() {
  static const auto f = lookup<ExternalUtf16>("node_api_create_external_string_utf16");
  return f;
}

}  // namespace detail

// Large text written on a worker straight into memory that V8 will own as an external string
// (see MappingPool above): no copy on the JS thread. Empty (!ok()) when the text is under
// kExternalMin or this Node has no external strings; the caller then copies as usual.
template <class Char>
class ExternalText {
 public:
  static_assert(sizeof(Char) == 1 || sizeof(Char) == 2);
  ExternalText() = default;
  ExternalText(ExternalText&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)),
        bytes_(std::exchange(o.bytes_, 0)),
        len_(std::exchange(o.len_, 0)) {}
  ExternalText& operator=(ExternalText&& o) noexcept {
    if (this != &o) {
      reset();
      data_ = std::exchange(o.data_, nullptr);
      bytes_ = std::exchange(o.bytes_, 0);
      len_ = std::exchange(o.len_, 0);
    }
    return *this;
  }
  ~ExternalText() { reset(); }

  // Room for up to `units` characters, if the text should go out as an external string.
  static ExternalText reserve(size_t units) {
    ExternalText t;
    const size_t need = units * sizeof(Char);
    if (need < detail::kExternalMin || !available()) return t;
    t.data_ = static_cast<Char*>(detail::take_mapping(need, &t.bytes_));
    if (!t.data_) t.bytes_ = 0;
    return t;
  }
  bool ok() const { return data_ != nullptr; }
  Char* data() { return data_; }
  void set_size(size_t units) { len_ = units; }

  // Hands the text to V8 (JS thread only); afterwards this is empty.
  napi_status to_js(napi_env env, napi_value* result) {
    bool copied = false;
    napi_status st;
    const size_t bytes = bytes_;
    if constexpr (sizeof(Char) == 1) {
      st = detail::external_latin1()(env, reinterpret_cast<char*>(data_), len_,
                                     &detail::release_string, reinterpret_cast<void*>(bytes),
                                     result, &copied);
    } else {
      st = detail::external_utf16()(env, reinterpret_cast<char16_t*>(data_), len_,
                                    &detail::release_string, reinterpret_cast<void*>(bytes), result,
                                    &copied);
    }
    if (st != napi_ok) return st;  // failed: ours still, freed by reset()
    data_ = nullptr;               // V8's (or, if it copied, already given back by the finalizer)
    bytes_ = len_ = 0;
    if (copied) released_external_bytes(-static_cast<int64_t>(bytes));
    detail::report_external(env, copied ? 0 : static_cast<int64_t>(bytes));
    return st;
  }

 private:
  static bool available() {
    if constexpr (sizeof(Char) == 1)
      return detail::external_latin1() != nullptr;
    else
      return detail::external_utf16() != nullptr;
  }
  static void released_external_bytes(int64_t d) {
    detail::released_external().fetch_add(d, std::memory_order_relaxed);
  }
  void reset() {
    if (data_) detail::give_mapping(data_, bytes_);
    data_ = nullptr;
    bytes_ = len_ = 0;
  }

  Char* data_ = nullptr;
  size_t bytes_ = 0;  // of the mapping
  size_t len_ = 0;    // characters written
};

// `text` (ASCII, or any Latin-1) as a JS string, copied by V8; the buffer goes back to the pool.
inline napi_status latin1_to_js(napi_env env, std::string&& text, napi_value* result) {
  return detail::copy_to_js(env, std::move(text), &napi_create_string_latin1, result);
}

// `text` (UTF-16) as a JS string, likewise.
inline napi_status utf16_to_js(napi_env env, U16Buffer&& text, napi_value* result) {
  return detail::copy_to_js(env, std::move(text), &napi_create_string_utf16, result);
}

}  // namespace ggen::binding
