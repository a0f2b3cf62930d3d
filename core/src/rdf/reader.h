#pragma once
// Reader: the byte-level half shared by all RDF parsers. It walks a buffer, decodes the
// terminals (IRIREF, strings, language tags, blank-node labels, escapes, UTF-8) and raises
// E_RDF_SYNTAX errors whose location it computes only when an error happens.
#include <cstdint>
#include <string>
#include <string_view>

#include "ggen/rdf/term.h"

namespace ggen::rdf::detail {

// A term under construction. The views point into the input when no decoding was needed and
// into the owned buffers otherwise; a Slot is never copied, so the views stay valid.
struct Slot {
  TermKind kind = TermKind::Iri;
  std::string_view value, datatype, lang;
  std::string vbuf, dbuf;

  Slot() = default;
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  TermRef ref() const { return TermRef{kind, value, datatype, lang}; }
  void set_buffered(TermKind k) {
    kind = k;
    value = vbuf;
  }
};

class Reader {
 public:
  Reader(std::string_view text, std::string_view file)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), file_(file) {}

  bool at_end() const { return p_ >= end_; }
  char peek() const { return p_ < end_ ? *p_ : '\0'; }
  char peek(size_t ahead) const { return p_ + ahead < end_ ? p_[ahead] : '\0'; }
  const char* pos() const { return p_; }
  void advance(size_t n = 1) { p_ += n; }
  void reset(const char* p) { p_ = p; }
  bool consume(char c) {
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }

  [[noreturn]] void fail_at(const char* at, std::string message, std::string hint = {}) const;
  [[noreturn]] void fail(std::string message, std::string hint = {}) const {
    fail_at(p_, std::move(message), std::move(hint));
  }
  // "expected X" with the found character or "end of input" spelled out.
  [[noreturn]] void expected(std::string_view what, std::string hint = {}) const;
  std::string describe_here() const;

  // Turtle whitespace and '#' comments.
  void skip_ws();
  // N-Triples: spaces and tabs only.
  void skip_blanks() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t')) ++p_;
  }

  // At '<': reads an IRIREF and returns its decoded text (a view of the input or of `buf`).
  std::string_view read_iriref(std::string& buf);
  // At a quote: reads a string literal. Turtle allows ' and the long forms; N-Triples only "...".
  std::string_view read_string(std::string& buf, bool turtle);
  // At '@': reads a LANGTAG and returns it without the '@'.
  std::string_view read_langtag();
  // At "_:": reads a BLANK_NODE_LABEL and returns it without the "_:".
  std::string_view read_blank_label();

  // Decodes one UTF-8 sequence at `p` (advancing it); fails on malformed input.
  uint32_t decode_utf8(const char*& p) const;
  // At '\' followed by 'u' or 'U': decodes the UCHAR; rejects surrogates and out-of-range values.
  uint32_t read_uchar();

 private:
  const char* begin_;
  const char* p_;
  const char* end_;
  std::string_view file_;
};

// Character classes of the Turtle grammar (code points).
bool is_pn_chars_base(uint32_t c);
inline bool is_pn_chars_u(uint32_t c) {
  return c == '_' || is_pn_chars_base(c);
}
inline bool is_pn_chars(uint32_t c) {
  return is_pn_chars_u(c) || c == '-' || (c >= '0' && c <= '9') || c == 0xB7 ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}
inline bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace ggen::rdf::detail
