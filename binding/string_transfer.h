#pragma once
// Large strings across the JS boundary without needless copies (measured on a 880 KB render
// payload and a 500 KB result, see docs/bench-template.md):
// - in: a string from JSON.stringify is a tree of pieces. Reading it as UTF-8 makes V8 flatten it
//   first (a fresh large-object allocation, page faults, a copy) and then convert it; reading its
//   UTF-16 code units copies the pieces straight into our buffer. The buffers are recycled, so a
//   repeated call touches warm memory.
// - out: the rendered text is handed to V8 as an external string (no copy on the JS thread; freed
//   by V8's finalizer). node_api_create_external_string_* exist from Node 20.4 / 18.18; they are
//   looked up at run time and the copying calls are the fallback.
#include <dlfcn.h>
#include <node_api.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ggen::binding {

// A block of UTF-16 code units; its storage goes back to a small pool when it is destroyed.
class Utf16Text {
 public:
  Utf16Text() = default;
  Utf16Text(Utf16Text&& o) noexcept
      : data_(std::move(o.data_)), cap_(std::exchange(o.cap_, 0)), len_(std::exchange(o.len_, 0)) {}
  Utf16Text& operator=(Utf16Text&& o) noexcept {
    if (this != &o) {
      recycle();
      data_ = std::move(o.data_);
      cap_ = std::exchange(o.cap_, 0);
      len_ = std::exchange(o.len_, 0);
    }
    return *this;
  }
  ~Utf16Text() { recycle(); }

  std::u16string_view view() const { return {data_.get(), len_}; }

  // The code units of a JS string (status of the napi calls; napi_string_expected if not one).
  static napi_status read(napi_env env, napi_value v, Utf16Text& out) {
    size_t len = 0;
    napi_status st = napi_get_value_string_utf16(env, v, nullptr, 0, &len);
    if (st != napi_ok) return st;
    out = take(len + 1);  // napi writes a terminating NUL
    st = napi_get_value_string_utf16(env, v, out.data_.get(), out.cap_, &out.len_);
    return st;
  }

  // Frees the storage now (e.g. on the worker, right after parsing) instead of at destruction.
  void release() { recycle(); }

 private:
  static constexpr size_t kKeep = 4;                   // buffers kept for reuse
  static constexpr size_t kKeepMax = size_t{8} << 20;  // code units; larger ones are freed

  struct Pool {
    std::mutex mu;
    std::vector<std::pair<std::unique_ptr<char16_t[]>, size_t>> free;
  };
  static Pool& pool() {
    static Pool* p = new Pool();  // never destroyed: workers may outlive statics
    return *p;
  }

  static Utf16Text take(size_t need) {
    Utf16Text t;
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
    t.data_.reset(new char16_t[t.cap_]);
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

  std::unique_ptr<char16_t[]> data_;
  size_t cap_ = 0;
  size_t len_ = 0;
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

// Below this size a copy is as cheap as the bookkeeping of an external string.
constexpr size_t kExternalMin = 4096;

template <class S>
void delete_string(napi_env, void*, void* hint) {
  delete static_cast<S*>(hint);
}

}  // namespace detail

// `text` (ASCII, or any Latin-1) as a JS string; takes the characters without copying them.
inline napi_status latin1_to_js(napi_env env, std::string&& text, napi_value* result) {
  static const auto create =
      detail::lookup<detail::ExternalLatin1>("node_api_create_external_string_latin1");
  if (create && text.size() >= detail::kExternalMin) {
    auto* owned = new std::string(std::move(text));
    bool copied = false;
    napi_status st = create(env, owned->data(), owned->size(), &detail::delete_string<std::string>,
                            owned, result, &copied);
    // Copied: node has already run the finalizer. Failed: it never will.
    if (st != napi_ok) delete owned;
    return st;
  }
  return napi_create_string_latin1(env, text.data(), text.size(), result);
}

// `text` (UTF-16) as a JS string; takes the code units without copying them.
inline napi_status utf16_to_js(napi_env env, std::u16string&& text, napi_value* result) {
  static const auto create =
      detail::lookup<detail::ExternalUtf16>("node_api_create_external_string_utf16");
  if (create && text.size() >= detail::kExternalMin) {
    auto* owned = new std::u16string(std::move(text));
    bool copied = false;
    napi_status st = create(env, owned->data(), owned->size(),
                            &detail::delete_string<std::u16string>, owned, result, &copied);
    if (st != napi_ok) delete owned;
    return st;
  }
  return napi_create_string_utf16(env, text.data(), text.size(), result);
}

}  // namespace ggen::binding
