// A JSON reader that builds template Values directly, in an arena (value_arena.h) that the
// returned root owns. Object members are parsed straight into the object's vector and sorted
// there; array elements are gathered on a scratch stack shared by the whole parse, so each array
// is allocated once at its exact size; string runs without escapes are copied in one go (UTF-16
// input: narrowed while ASCII, encoded to UTF-8 otherwise).
#include "ggen/template/json_value.h"
#include "ggen/text/utf8.h"
#include "template/key_compare.h"
#include "template/value_arena.h"

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

namespace ggen::tmpl {
namespace {

template <class Char>
class Reader {
 public:
  // The arena's first block: about one byte per input code unit (a 10k-row context needs
  // ~0.9 bytes per character of its JSON).
  explicit Reader(std::basic_string_view<Char> s)
      : s_(s), arena_(std::make_shared<ValueArena>(s.size() + s.size() / 8)) {
    elements_.swap(scratch().elements);
  }
  ~Reader() {
    elements_.clear();
    if (elements_.capacity() * sizeof(Value) <= kScratchKeep) elements_.swap(scratch().elements);
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  Result<Value> parse() {
    try {
      skip();
      Value v = value(0);
      skip();
      if (p_ != s_.size()) fail("trailing characters");
      arena_->release_spares();
      return Value::owned_by(arena_, v);
    } catch (const Exception& e) {
      return e.error();
    }
  }

 private:
  static constexpr int kMaxDepth = 512;

  // The scratch stack of array elements, kept per thread between parses (growing it again per
  // call was a malloc and a free of up to a few hundred KB).
  struct Scratch {
    std::vector<Value> elements;
  };
  static constexpr size_t kScratchKeep = size_t{1} << 20;
  static Scratch& scratch() {
    thread_local Scratch s;
    return s;
  }

  [[noreturn]] void fail(const char* what) const {
    raise(Error(std::string(codes::kInvalidArgument),
                std::string("invalid JSON: ") + what + " at offset " + std::to_string(p_)));
  }
  bool more() const { return p_ < s_.size(); }
  Char peek() const { return s_[p_]; }
  void skip() {
    while (more() && (peek() == ' ' || peek() == '\n' || peek() == '\r' || peek() == '\t')) ++p_;
  }
  void expect(Char c, const char* what) {
    skip();
    if (!more() || peek() != c) fail(what);
    ++p_;
  }
  bool word(const char* w) {
    size_t n = std::char_traits<char>::length(w);
    if (s_.size() - p_ < n) return false;
    for (size_t i = 0; i < n; ++i)
      if (s_[p_ + i] != static_cast<Char>(w[i])) return false;
    p_ += n;
    return true;
  }

  Value value(int depth) {
    if (depth > kMaxDepth) fail("nesting too deep");
    if (!more()) fail("unexpected end");
    switch (peek()) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string_value();
      case 't':
        if (word("true")) return Value(true);
        break;
      case 'f':
        if (word("false")) return Value(false);
        break;
      case 'n':
        if (word("null")) return Value();
        break;
      default:
        return number();
    }
    fail("unexpected character");
  }

  // Members are parsed straight into the object's own vector (sized like the previous object:
  // rows of a context usually share their keys), each key written once in place, then sorted
  // there: no scratch list to move every member through.
  Value object(int depth) {
    ++p_;
    skip();
    if (more() && peek() == '}') {
      ++p_;
      return arena_->object(Object{});
    }
    Object o = arena_->object_buffer(last_object_size_ ? last_object_size_ : 4);
    while (true) {
      skip();
      if (!more() || peek() != '"') fail("expected a key");
      string_into(o.emplace_back().first);
      expect(':', "expected ':'");
      skip();
      Value v = value(depth + 1);
      o.back().second = std::move(v);
      skip();
      if (more() && peek() == ',') {
        ++p_;
        continue;
      }
      if (more() && peek() == '}') {
        ++p_;
        break;
      }
      fail("expected ',' or '}'");
    }
    last_object_size_ = o.size();
    if (sort_members(o)) drop_duplicates(o);
    return arena_->object(std::move(o));
  }

  // Stable insertion sort by key (objects are small and often already sorted); true if two keys
  // are equal.
  static bool sort_members(Object& o) {
    bool equal = false;
    for (size_t i = 1; i < o.size(); ++i) {
      if (!name_less(o[i].first, o[i - 1].first)) {
        equal = equal || same_name(o[i].first, o[i - 1].first);
        continue;
      }
      auto kv = std::move(o[i]);
      size_t j = i;
      while (j > 0 && name_less(kv.first, o[j - 1].first)) {
        o[j] = std::move(o[j - 1]);
        --j;
      }
      equal = equal || (j > 0 && same_name(kv.first, o[j - 1].first));
      o[j] = std::move(kv);
    }
    return equal;
  }

  // Equal neighbours after the stable sort: the later one wins (as JSON.parse).
  static void drop_duplicates(Object& o) {
    size_t w = 0;
    for (size_t i = 0; i < o.size(); ++i) {
      if (i + 1 < o.size() && same_name(o[i].first, o[i + 1].first)) continue;
      if (w != i) o[w] = std::move(o[i]);
      ++w;
    }
    o.erase(o.begin() + static_cast<std::ptrdiff_t>(w), o.end());
  }

  Value array(int depth) {
    ++p_;
    size_t base = elements_.size();
    skip();
    if (more() && peek() == ']') {
      ++p_;
      return arena_->array(Array{});
    }
    while (true) {
      skip();
      Value v = value(depth + 1);
      elements_.push_back(std::move(v));
      skip();
      if (more() && peek() == ',') {
        ++p_;
        continue;
      }
      if (more() && peek() == ']') {
        ++p_;
        break;
      }
      fail("expected ',' or ']'");
    }
    Array a = arena_->array_buffer(elements_.size() - base);
    a.insert(a.end(),
             std::make_move_iterator(elements_.begin() + static_cast<std::ptrdiff_t>(base)),
             std::make_move_iterator(elements_.end()));
    elements_.resize(base);
    return arena_->array(std::move(a));
  }

  unsigned hex4() {
    if (s_.size() - p_ < 4) fail("bad \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      Char c = s_[p_++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<unsigned>(c - 'A' + 10);
      else
        fail("bad \\u escape");
    }
    return v;
  }

  // A run of plain characters [from, to) appended as UTF-8.
  void append_run(std::string& out, size_t from, size_t to) {
    if constexpr (sizeof(Char) == 1) {
      out.append(s_.data() + from, to - from);
    } else {
      size_t i = from;
      while (i < to) {
        size_t ascii_end = i;
        while (ascii_end < to && s_[ascii_end] < 0x80) ++ascii_end;
        if (ascii_end > i) {
          size_t at = out.size();
          out.resize(at + (ascii_end - i));
          char* dst = out.data() + at;
          for (size_t k = i; k < ascii_end; ++k) *dst++ = static_cast<char>(s_[k]);
          i = ascii_end;
          continue;
        }
        std::uint32_t cp = s_[i++];
        if (cp >= 0xD800 && cp < 0xDC00 && i < to && s_[i] >= 0xDC00 && s_[i] < 0xE000)
          cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<std::uint32_t>(s_[i++]) - 0xDC00);
        text::append_utf8(out, cp);  // a lone surrogate stays as is (WTF-8), like the \u path
      }
    }
  }

  // A string value, placed in the arena (with a recycled buffer when it is long).
  Value string_value() {
    const Char* d = s_.data();
    const size_t i = plain_run_end(d, p_ + 1, s_.size());
    if (i < s_.size() && d[i] == '"') {  // the common case: ASCII without escapes
      std::string* s = arena_->new_string(i - p_ - 1);
      assign_ascii(*s, d + p_ + 1, i - p_ - 1);
      p_ = i + 1;
      return arena_->string_value(s);
    }
    std::string* s = arena_->new_tracked_string();
    string_into(*s);
    return ValueArena::borrowed_string(s);
  }

  // `out` (any capacity) becomes the ASCII units [d, d + n).
  static void assign_ascii(std::string& out, const Char* d, size_t n) {
    if constexpr (sizeof(Char) == 1) {
      out.assign(d, n);
    } else {
      out.resize(n);  // within a recycled buffer's capacity: no allocation
      char* w = out.data();
      for (size_t k = 0; k < n; ++k) w[k] = static_cast<char>(d[k]);  // ASCII: narrows
    }
  }

  // The string at p_ (its opening quote) into `out`, which is empty.
  void string_into(std::string& out) {
    ++p_;
    // Fast path, most strings: ASCII without escapes, built in one step from the input.
    {
      const Char* d = s_.data();
      size_t i = plain_run_end(d, p_, s_.size()), n = s_.size();
      if (i < n && d[i] == '"') {
        assign_ascii(out, d + p_, i - p_);
        p_ = i + 1;
        return;
      }
    }
    while (true) {
      size_t stop = p_;
      while (stop < s_.size() && s_[stop] != '"' && s_[stop] != '\\') ++stop;
      append_run(out, p_, stop);
      p_ = stop;
      if (!more()) fail("unterminated string");
      if (s_[p_++] == '"') return;
      if (!more()) fail("unterminated string");
      Char e = s_[p_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && s_.size() - p_ >= 2 && s_[p_] == '\\' &&
              s_[p_ + 1] == 'u') {
            size_t save = p_;
            p_ += 2;
            unsigned lo = hex4();
            if (lo >= 0xDC00 && lo < 0xE000)
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            else
              p_ = save;  // a lone surrogate; keep it as is (WTF-8)
          }
          text::append_utf8(out, cp);
          break;
        }
        default:
          --p_;
          fail("bad escape");
      }
    }
  }

  Value number() {
    // Plain integers of up to 17 digits (most numbers in a context): accumulated directly.
    {
      const Char* d = s_.data();
      const size_t n = s_.size();
      size_t i = p_;
      const bool neg = i < n && d[i] == '-';
      if (neg) ++i;
      const size_t first = i;
      std::uint64_t v = 0;
      while (i < n && i - first < 18 && d[i] >= '0' && d[i] <= '9')
        v = v * 10 + static_cast<std::uint64_t>(d[i++] - '0');
      const size_t digits = i - first;
      const bool ends = i == n || !((d[i] >= '0' && d[i] <= '9') || d[i] == '.' || d[i] == 'e' ||
                                    d[i] == 'E' || d[i] == '+' || d[i] == '-');
      if (digits > 0 && digits < 18 && ends) {
        p_ = i;
        auto iv = static_cast<long long>(v);
        return Value(neg ? -iv : iv);
      }
    }
    size_t start = p_;
    bool is_float = false;
    if (more() && peek() == '-') ++p_;
    while (more()) {
      Char c = peek();
      if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')
        is_float = true;
      else if (c < '0' || c > '9')
        break;
      ++p_;
    }
    size_t n = p_ - start;
    if (n == 0 || (n == 1 && s_[start] == '-')) {
      p_ = start;
      fail("unexpected character");
    }
    // Narrowed into a NUL-terminated buffer: on the stack for the usual short numbers.
    char small[64];
    std::string large;
    char* buf = small;
    if (n >= sizeof small) {
      large.resize(n);
      buf = large.data();
    }
    for (size_t i = 0; i < n; ++i) buf[i] = static_cast<char>(s_[start + i]);
    buf[n] = '\0';
    const char* end = buf + n;
    if (!is_float) {
      std::int64_t i = 0;
      auto r = std::from_chars(buf, end, i);
      if (r.ec == std::errc() && r.ptr == end) return Value(static_cast<long long>(i));
    }
    double d = 0;
    auto r = std::from_chars(buf, end, d);
    if (r.ptr != end || (r.ec != std::errc() && r.ec != std::errc::result_out_of_range)) {
      p_ = start;
      fail("bad number");
    }
    if (r.ec == std::errc::result_out_of_range) d = std::strtod(buf, nullptr);  // +-inf or 0
    return Value(d);
  }

  // The end of the run of plain characters (ASCII but '"' and '\\') from `i`: four UTF-16 units
  // or eight bytes tested at a time, then one by one up to the exact position.
  static size_t plain_run_end(const Char* d, size_t i, size_t n) {
    using U = std::uint64_t;
    constexpr size_t per = 8 / sizeof(Char);
    constexpr U ones = sizeof(Char) == 1 ? 0x0101010101010101ULL : 0x0001000100010001ULL;
    constexpr U highs = sizeof(Char) == 1 ? 0x8080808080808080ULL : 0x8000800080008000ULL;
    constexpr U non_ascii = sizeof(Char) == 1 ? highs : 0xFF80FF80FF80FF80ULL;
    for (; i + per <= n; i += per) {
      U x;
      std::memcpy(&x, d + i, 8);
      if (x & non_ascii) break;
      // A lane equal to '"' or '\\' (the classic has-zero-lane test, exact for ASCII lanes).
      const U q = x ^ (ones * '"'), b = x ^ (ones * '\\');
      if (((q - ones) & ~q & highs) | ((b - ones) & ~b & highs)) break;
    }
    for (; i < n; ++i) {
      auto c = static_cast<std::make_unsigned_t<Char>>(d[i]);
      if (c == '"' || c == '\\' || c >= 0x80) break;
    }
    return i;
  }

  std::basic_string_view<Char> s_;
  size_t p_ = 0;
  std::shared_ptr<ValueArena> arena_;
  size_t last_object_size_ = 0;  // members of the last object parsed: the next one's guess
  std::vector<Value> elements_;
};

}  // namespace

Result<Value> parse_json(std::string_view utf8) {
  return Reader<char>(utf8).parse();
}

Result<Value> parse_json(std::u16string_view utf16) {
  return Reader<char16_t>(utf16).parse();
}

}  // namespace ggen::tmpl
