// Turtle and TriG: a recursive-descent parser over the Reader. Terms are built in pooled Slots
// (views into the input when possible) and handed to the sink as soon as a triple is complete.
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ggen/rdf/iri.h"
#include "rdf/parsers.h"
#include "rdf/reader.h"

namespace ggen::rdf::detail {

namespace {

constexpr int kMaxDepth = 256;

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};
using PrefixMap = std::unordered_map<std::string, std::string, StringHash, std::equal_to<>>;

bool word_is(std::string_view word, std::string_view keyword) {
  if (word.size() != keyword.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != keyword[i]) return false;
  }
  return true;
}

class TurtleParser {
 public:
  TurtleParser(std::string_view text, const ParseOptions& opts, QuadSink& sink)
      : r_(text, opts.file), sink_(sink), trig_(opts.format == Format::TriG), base_(opts.base_iri) {
    set_const(type_, vocab::kRdfType);
    set_const(first_, vocab::kRdfFirst);
    set_const(rest_, vocab::kRdfRest);
    set_const(nil_, vocab::kRdfNil);
  }

  void run() {
    for (;;) {
      r_.skip_ws();
      if (r_.at_end()) return;
      statement();
    }
  }

 private:
  // RAII use of a pooled Slot; slots are taken and given back in stack order.
  class Lease {
   public:
    explicit Lease(TurtleParser& p) : p_(p) {
      if (p.used_ == p.pool_.size()) p.pool_.push_back(std::make_unique<Slot>());
      slot_ = p.pool_[p.used_++].get();
    }
    ~Lease() { --p_.used_; }
    Slot& operator*() const { return *slot_; }
    Slot* operator->() const { return slot_; }

   private:
    TurtleParser& p_;
    Slot* slot_;
  };

  static void set_const(Slot& s, std::string_view iri) {
    s.kind = TermKind::Iri;
    s.value = iri;
  }

  void emit(const Slot& s, const Slot& p, const Slot& o) {
    sink_.quad(s.ref(), p.ref(), o.ref(), graph_ ? &graph_ref_ : nullptr);
  }

  void fresh_blank(Slot& s) {
    s.vbuf.clear();
    s.vbuf.push_back('!');
    s.vbuf.append(std::to_string(++anon_));
    s.set_buffered(TermKind::Blank);
  }

  // Copies `from` (an IRI or blank node) into `to`'s own buffer.
  static void copy_node(Slot& to, const Slot& from) {
    to.vbuf.assign(from.value);
    to.set_buffered(from.kind);
  }

  void enter() {
    if (++depth_ > kMaxDepth) r_.fail("nesting too deep", "flatten the nested [] and () terms");
  }

  // --- words and keywords

  // ASCII letters at the cursor, when they form a whole word: not the start of a prefixed name
  // ("true:x", "a.b:c") nor of a longer word. A '.' may end the word ("true." ends a triple).
  std::string_view keyword_here() const {
    size_t n = 0;
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    auto name_char = [&](char c) {
      return letter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
             static_cast<unsigned char>(c) >= 0x80;
    };
    while (letter(r_.peek(n))) ++n;
    if (n == 0) return {};
    char next = r_.peek(n);
    if (next == ':' || name_char(next)) return {};
    if (next == '.') {
      size_t m = n;
      while (name_char(r_.peek(m)) || r_.peek(m) == '.') ++m;
      if (r_.peek(m) == ':') return {};
    }
    return std::string_view(r_.pos(), n);
  }

  // --- directives and statements

  void statement() {
    char c = r_.peek();
    if (c == '@') {
      at_directive();
      return;
    }
    std::string_view word = keyword_here();
    if (word_is(word, "PREFIX")) {
      r_.advance(word.size());
      prefix_directive(false);
      return;
    }
    if (word_is(word, "BASE")) {
      r_.advance(word.size());
      base_directive(false);
      return;
    }
    if (trig_) {
      block(word);
      return;
    }
    triples();
    r_.skip_ws();
    if (!r_.consume('.')) r_.expected("'.'", "a triple must end with '.'");
  }

  void at_directive() {
    const char* at = r_.pos();
    r_.advance();
    size_t n = 0;
    while ((r_.peek(n) >= 'a' && r_.peek(n) <= 'z') || (r_.peek(n) >= 'A' && r_.peek(n) <= 'Z'))
      ++n;
    std::string_view word(r_.pos(), n);  // "@prefix:" is fine: the word ends at any non-letter
    if (word == "prefix") {
      r_.advance(word.size());
      prefix_directive(true);
    } else if (word == "base") {
      r_.advance(word.size());
      base_directive(true);
    } else {
      r_.fail_at(at, "unknown directive", "directives are @prefix and @base (or PREFIX and BASE)");
    }
  }

  void prefix_directive(bool turtle_style) {
    r_.skip_ws();
    const char* at = r_.pos();
    std::string name;
    if (r_.peek() != ':') {
      const char* q = r_.pos();
      uint32_t c = r_.decode_utf8(q);
      if (!is_pn_chars_base(c))
        r_.expected("a prefix name", "write @prefix ex: <http://example.org/> .");
      while (!r_.at_end() && r_.peek() != ':') {
        q = r_.pos();
        c = r_.decode_utf8(q);
        if (!(is_pn_chars(c) || c == '.')) break;
        r_.reset(q);
      }
      name.assign(at, r_.pos());
      if (name.back() == '.')
        r_.fail_at(at, "a prefix name cannot end with '.'", "drop the trailing '.' of the prefix");
    }
    if (!r_.consume(':'))
      r_.expected("':' after the prefix name", "write @prefix ex: <http://example.org/> .");
    r_.skip_ws();
    if (r_.peek() != '<')
      r_.expected("an IRI in <...>", "write @prefix ex: <http://example.org/> .");
    std::string iri(read_iriref(scratch_));
    sink_.prefix(name, iri);
    prefixes_[std::move(name)] = std::move(iri);
    if (turtle_style) directive_end("@prefix");
  }

  void base_directive(bool turtle_style) {
    r_.skip_ws();
    if (r_.peek() != '<') r_.expected("an IRI in <...>", "write @base <http://example.org/> .");
    std::string iri(read_iriref(scratch_));
    base_ = std::move(iri);
    sink_.base(base_);
    if (turtle_style) directive_end("@base");
  }

  void directive_end(const char* name) {
    r_.skip_ws();
    if (!r_.consume('.')) {
      r_.expected("'.'", std::string("a ") + name + " directive must end with '.'");
    }
  }

  // TriG: a block is a graph, or triples in the default graph.
  void block(std::string_view word) {
    if (word_is(word, "GRAPH")) {
      r_.advance(word.size());
      r_.skip_ws();
      Lease label(*this);
      char c = r_.peek();
      if (c == '[') {
        if (!anon_here()) r_.expected("a graph name", "GRAPH takes an IRI or a blank node");
        fresh_blank(*label);
      } else if (c == '<' || (c == '_' && r_.peek(1) == ':') || c == ':' || starts_name(c)) {
        node(*label, "a graph name");
      } else {
        r_.expected("a graph name", "GRAPH takes an IRI or a blank node: GRAPH <g> { ... }");
      }
      r_.skip_ws();
      if (r_.peek() != '{') r_.expected("'{'", "a graph's triples go inside { ... }");
      wrapped_graph(&*label);
      return;
    }
    char c = r_.peek();
    if (c == '{') {
      wrapped_graph(nullptr);
      return;
    }
    Lease subject(*this);
    if (c == '[' && anon_here()) {
      fresh_blank(*subject);
      r_.skip_ws();
      if (r_.peek() == '{') {
        wrapped_graph(&*subject);
        return;
      }
      predicate_object_list(*subject);
    } else if (c == '[' || c == '(') {
      triples_from(*subject);
    } else {
      if (c == '"' || c == '\'' || starts_number(c)) literal_subject();
      node(*subject, "a subject");
      r_.skip_ws();
      if (r_.peek() == '{') {
        wrapped_graph(&*subject);
        return;
      }
      predicate_object_list(*subject);
    }
    r_.skip_ws();
    if (!r_.consume('.')) r_.expected("'.'", "a triple must end with '.'");
  }

  void wrapped_graph(const Slot* label) {
    r_.advance();  // '{'
    if (label) {
      graph_ref_ = label->ref();
      graph_ = true;
    }
    for (;;) {
      r_.skip_ws();
      if (r_.peek() == '}') break;
      if (r_.at_end()) r_.expected("'}'", "a graph block must end with '}'");
      if (r_.peek() == '@' || word_is(keyword_here(), "PREFIX") ||
          word_is(keyword_here(), "BASE")) {
        r_.fail("directives are not allowed inside a graph block",
                "move @prefix and @base before the graph");
      }
      triples();
      r_.skip_ws();
      if (r_.consume('.')) continue;
      if (r_.peek() != '}') r_.expected("'.' or '}'", "triples in a graph are separated by '.'");
    }
    r_.advance();  // '}'
    graph_ = false;
  }

  void triples() {
    Lease subject(*this);
    char c = r_.peek();
    if (c == '[' && anon_here()) {
      fresh_blank(*subject);
      r_.skip_ws();
      predicate_object_list(*subject);
      return;
    }
    if (c == '[' || c == '(') {
      triples_from(*subject);
      return;
    }
    if (c == '"' || c == '\'' || starts_number(c)) literal_subject();
    node(*subject, "a subject");
    r_.skip_ws();
    predicate_object_list(*subject);
  }

  // Subject that is a blank node property list (predicates optional after it) or a collection.
  void triples_from(Slot& subject) {
    if (r_.peek() == '[') {
      property_list(subject);
      r_.skip_ws();
      char c = r_.peek();
      if (c == '.' || c == '}' || r_.at_end()) return;
      predicate_object_list(subject);
      return;
    }
    collection(subject);
    r_.skip_ws();
    predicate_object_list(subject);
  }

  [[noreturn]] void literal_subject() {
    r_.fail("a literal cannot be a subject", "subjects are IRIs or blank nodes");
  }

  // --- predicate/object lists

  void predicate_object_list(Slot& subject) {
    Lease pred(*this);
    for (;;) {
      verb(*pred);
      r_.skip_ws();
      object_list(subject, *pred);
      r_.skip_ws();
      if (!r_.consume(';')) return;
      r_.skip_ws();
      while (r_.consume(';')) r_.skip_ws();
      char c = r_.peek();
      if (c == '.' || c == ']' || c == '}' || r_.at_end()) return;
    }
  }

  void verb(Slot& pred) {
    char c = r_.peek();
    if (c == 'a') {
      char n = r_.peek(1);
      bool name_continues = n == ':' || n == '.' || n == '-' || n == '_' ||
                            (n >= '0' && n <= '9') || (n >= 'a' && n <= 'z') ||
                            (n >= 'A' && n <= 'Z') || static_cast<unsigned char>(n) >= 0x80;
      if (!name_continues) {
        r_.advance();
        set_const(pred, vocab::kRdfType);
        return;
      }
    }
    if (c == '<' || c == ':' || starts_name(c)) {
      iri(pred);
      return;
    }
    if (c == '_' || c == '[') {
      r_.fail("a blank node cannot be a predicate", "predicates are IRIs (or 'a' for rdf:type)");
    }
    if (c == '"' || c == '\'' || starts_number(c)) {
      r_.fail("a literal cannot be a predicate", "predicates are IRIs (or 'a' for rdf:type)");
    }
    r_.expected("a predicate", "predicates are IRIs, prefixed names or 'a'");
  }

  void object_list(Slot& subject, Slot& pred) {
    for (;;) {
      object(subject, pred);
      r_.skip_ws();
      if (!r_.consume(',')) return;
      r_.skip_ws();
    }
  }

  void object(Slot& subject, Slot& pred) {
    Lease o(*this);
    char c = r_.peek();
    switch (c) {
      case '[':
        if (anon_here()) {
          fresh_blank(*o);
          break;
        }
        fresh_blank(*o);
        emit(subject, pred, *o);
        property_list_body(*o);
        return;
      case '(':
        collection(*o);
        break;
      case '"':
      case '\'':
        literal(*o);
        break;
      default:
        if (starts_number(c)) {
          number(*o);
        } else if (!boolean(*o)) {
          node(*o, "an object");
        }
    }
    emit(subject, pred, *o);
  }

  // At '[' that is not ANON: a fresh blank node described by the list inside.
  void property_list(Slot& node) {
    fresh_blank(node);
    property_list_body(node);
  }

  void property_list_body(Slot& node) {
    enter();
    r_.advance();  // '['
    r_.skip_ws();
    predicate_object_list(node);
    r_.skip_ws();
    if (!r_.consume(']')) r_.expected("']'", "a blank node property list must end with ']'");
    --depth_;
  }

  // '[' WS* ']'
  bool anon_here() {
    size_t n = 1;
    for (;;) {
      char c = r_.peek(n);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++n;
      } else if (c == '#') {  // comments count as whitespace
        while (r_.peek(n) != '\n' && r_.peek(n) != '\r' && r_.peek(n) != '\0') ++n;
      } else {
        break;
      }
    }
    if (r_.peek(n) != ']') return false;
    r_.advance(n + 1);
    return true;
  }

  void collection(Slot& head) {
    enter();
    r_.advance();  // '('
    r_.skip_ws();
    if (r_.consume(')')) {
      set_const(head, vocab::kRdfNil);
      --depth_;
      return;
    }
    fresh_blank(head);
    Lease cur(*this), next(*this);
    copy_node(*cur, head);
    for (;;) {
      object(*cur, first_);
      r_.skip_ws();
      if (r_.consume(')')) {
        emit(*cur, rest_, nil_);
        break;
      }
      if (r_.at_end()) r_.expected("')'", "a collection must end with ')'");
      fresh_blank(*next);
      emit(*cur, rest_, *next);
      copy_node(*cur, *next);
    }
    --depth_;
  }

  // --- terms

  static bool starts_name(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           static_cast<unsigned char>(c) >= 0x80;
  }
  bool starts_number(char c) const {
    if (c >= '0' && c <= '9') return true;
    if (c == '+' || c == '-') return true;
    return c == '.' && r_.peek(1) >= '0' && r_.peek(1) <= '9';
  }

  // An IRI or a blank node label.
  void node(Slot& s, const char* role) {
    char c = r_.peek();
    if (c == '_' && r_.peek(1) == ':') {
      s.kind = TermKind::Blank;
      s.value = r_.read_blank_label();
      return;
    }
    if (c == '<' || c == ':' || starts_name(c)) {
      iri(s);
      return;
    }
    r_.expected(std::string(role) + " (an IRI or blank node)",
                "write <http://...>, prefix:name, _:label or [ ... ]");
  }

  void iri(Slot& s) {
    s.kind = TermKind::Iri;
    s.datatype = s.lang = {};
    s.value = r_.peek() == '<' ? read_iriref(s.vbuf) : prefixed_name(s.vbuf);
  }

  // An IRIREF resolved against the base; the result views the input or `buf`.
  std::string_view read_iriref(std::string& buf) {
    std::string_view v = r_.read_iriref(buf);
    if (base_.empty() || has_scheme(v)) return v;
    resolve_iri(base_, v, tmp_);
    buf.swap(tmp_);
    return buf;
  }

  // PNAME_NS PN_LOCAL?, expanded into `buf`.
  std::string_view prefixed_name(std::string& buf) {
    const char* at = r_.pos();
    while (!r_.at_end() && r_.peek() != ':') {
      const char* q = r_.pos();
      uint32_t c = r_.decode_utf8(q);
      bool ok =
          q - r_.pos() > 0 && (r_.pos() == at ? is_pn_chars_base(c) : (is_pn_chars(c) || c == '.'));
      if (!ok) break;
      r_.reset(q);
    }
    if (r_.peek() != ':') {
      r_.reset(at);
      std::string_view word = keyword_here();
      if (!word.empty()) {
        r_.fail_at(
            at, "unexpected word '" + std::string(word) + "'",
            "IRIs are written <http://...> or as prefixed names like ex:" + std::string(word));
      }
      r_.expected("an IRI or prefixed name", "write <http://...> or prefix:name");
    }
    std::string_view prefix(at, r_.pos() - at);
    if (!prefix.empty() && prefix.back() == '.')
      r_.fail_at(at, "a prefix name cannot end with '.'", "drop the trailing '.' of the prefix");
    auto it = prefixes_.find(prefix);
    if (it == prefixes_.end()) {
      std::string p(prefix);
      r_.fail_at(at, "undefined prefix `" + p + ":`", "declare it with @prefix " + p + ": <...> .");
    }
    r_.advance();  // ':'
    buf.assign(it->second);
    local_name(buf);
    return buf;
  }

  void local_name(std::string& buf) {
    size_t good_len = buf.size();
    const char* good_pos = r_.pos();
    bool first = true;
    while (!r_.at_end()) {
      char c = r_.peek();
      if (c == '%') {
        if (!is_hex(r_.peek(1)) || !is_hex(r_.peek(2))) {
          r_.fail("invalid percent escape in a local name", "write % followed by two hex digits");
        }
        buf.append(r_.pos(), 3);
        r_.advance(3);
      } else if (c == '\\') {
        char e = r_.peek(1);
        if (std::string_view("_~.-!$&'()*+,;=/?#@%").find(e) == std::string_view::npos || e == 0) {
          r_.fail("invalid escape in a local name",
                  "escapable characters are _~.-!$&'()*+,;=/?#@%");
        }
        buf += e;
        r_.advance(2);
      } else if (c == '.' && !first) {
        buf += c;
        r_.advance();
        first = false;
        continue;  // a trailing '.' is not part of the name
      } else if (c == ':') {
        buf += c;
        r_.advance();
      } else {
        const char* q = r_.pos();
        uint32_t cp = r_.decode_utf8(q);
        bool ok = first ? (is_pn_chars_u(cp) || (cp >= '0' && cp <= '9')) : is_pn_chars(cp);
        if (!ok) break;
        buf.append(r_.pos(), q);
        r_.reset(q);
      }
      first = false;
      good_len = buf.size();
      good_pos = r_.pos();
    }
    buf.resize(good_len);
    r_.reset(good_pos);
  }

  void literal(Slot& s) {
    s.kind = TermKind::Literal;
    s.value = r_.read_string(s.vbuf, true);
    s.lang = {};
    s.datatype = vocab::kXsdString;
    if (r_.peek() == '@') {
      s.lang = r_.read_langtag();
      s.datatype = vocab::kRdfLangString;
    } else if (r_.peek() == '^' && r_.peek(1) == '^') {
      r_.advance(2);
      char c = r_.peek();
      if (c == '<') {
        s.datatype = read_iriref(s.dbuf);
      } else if (c == ':' || starts_name(c)) {
        s.datatype = prefixed_name(s.dbuf);
      } else {
        r_.expected("a datatype IRI after '^^'", "write \"v\"^^xsd:integer or \"v\"^^<http://...>");
      }
    }
  }

  bool boolean(Slot& s) {
    std::string_view word = keyword_here();
    if (word != "true" && word != "false") return false;
    r_.advance(word.size());
    s.kind = TermKind::Literal;
    s.value = word;
    s.lang = {};
    s.datatype = vocab::kXsdBoolean;
    return true;
  }

  void number(Slot& s) {
    const char* start = r_.pos();
    auto digit = [&](size_t ahead) {
      char c = r_.peek(ahead);
      return c >= '0' && c <= '9';
    };
    auto digits = [&] {
      size_t n = 0;
      while (digit(0)) r_.advance(), ++n;
      return n;
    };
    if (r_.peek() == '+' || r_.peek() == '-') r_.advance();
    size_t int_digits = digits();
    size_t frac_digits = 0;
    bool dot = false, exp = false;
    auto exponent_ahead = [&](size_t at) {
      char e = r_.peek(at);
      if (e != 'e' && e != 'E') return false;
      char n = r_.peek(at + 1);
      return (n >= '0' && n <= '9') || ((n == '+' || n == '-') && digit(at + 2));
    };
    if (r_.peek() == '.' && (digit(1) || (int_digits > 0 && exponent_ahead(1)))) {
      dot = true;
      r_.advance();
      frac_digits = digits();
    }
    if (int_digits + frac_digits == 0) r_.fail_at(start, "invalid number", "a number needs digits");
    if (r_.peek() == 'e' || r_.peek() == 'E') {
      if (!exponent_ahead(0)) r_.fail_at(start, "invalid number exponent", "write 1.5e10 or 2E-3");
      exp = true;
      r_.advance();
      if (r_.peek() == '+' || r_.peek() == '-') r_.advance();
      digits();
    }
    s.kind = TermKind::Literal;
    s.value = std::string_view(start, r_.pos() - start);
    s.lang = {};
    s.datatype = exp ? vocab::kXsdDouble : dot ? vocab::kXsdDecimal : vocab::kXsdInteger;
  }

  Reader r_;
  QuadSink& sink_;
  bool trig_;
  std::string base_;
  PrefixMap prefixes_;
  std::string scratch_, tmp_;
  uint64_t anon_ = 0;
  int depth_ = 0;
  std::vector<std::unique_ptr<Slot>> pool_;
  size_t used_ = 0;
  bool graph_ = false;
  TermRef graph_ref_;
  Slot type_, first_, rest_, nil_;
};

}  // namespace

void parse_turtle(std::string_view text, const ParseOptions& opts, QuadSink& sink) {
  TurtleParser(text, opts, sink).run();
}

}  // namespace ggen::rdf::detail
