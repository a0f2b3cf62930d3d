// N-Triples and N-Quads: one statement per line, absolute IRIs only, no abbreviations.
#include "ggen/rdf/iri.h"
#include "rdf/parsers.h"
#include "rdf/reader.h"

namespace ggen::rdf::detail {

namespace {

class LineParser {
 public:
  LineParser(std::string_view text, const ParseOptions& opts, QuadSink& sink)
      : r_(text, opts.file), sink_(sink), quads_(opts.format == Format::NQuads) {}

  void run() {
    for (;;) {
      r_.skip_blanks();
      if (r_.at_end()) return;
      char c = r_.peek();
      if (c == '#') {
        skip_comment();
      } else if (c != '\n' && c != '\r') {
        statement();
      }
      end_of_line();
    }
  }

 private:
  void skip_comment() {
    while (!r_.at_end() && r_.peek() != '\n' && r_.peek() != '\r') r_.advance();
  }

  void end_of_line() {
    r_.skip_blanks();
    if (r_.peek() == '#') skip_comment();
    if (r_.at_end()) return;
    if (r_.consume('\r')) {
      r_.consume('\n');
    } else if (!r_.consume('\n')) {
      r_.expected("end of line", quads_ ? "N-Quads has one statement per line"
                                        : "N-Triples has one triple per line");
    }
  }

  void iri(Slot& s, std::string& buf, const char* role) {
    const char* at = r_.pos();
    std::string_view v = r_.read_iriref(buf);
    if (!has_scheme(v)) {
      r_.fail_at(at, std::string("relative IRI <") + std::string(v) + "> in " + role,
                 std::string(format_name(quads_ ? Format::NQuads : Format::NTriples)) +
                     " needs absolute IRIs such as <http://example.org/x>");
    }
    s.kind = TermKind::Iri;
    s.value = v;
  }

  void blank(Slot& s) {
    s.kind = TermKind::Blank;
    s.value = r_.read_blank_label();
  }

  bool at_blank() const { return r_.peek() == '_' && r_.peek(1) == ':'; }

  void statement() {
    if (r_.peek() == '<') {
      iri(s_, s_.vbuf, "subject");
    } else if (at_blank()) {
      blank(s_);
    } else {
      r_.expected("a subject (IRI or blank node)", "a statement starts with <iri> or _:label");
    }
    r_.skip_blanks();
    if (r_.peek() != '<') {
      r_.expected("a predicate IRI", "predicates are IRIs written in full: <http://...>");
    }
    iri(p_, p_.vbuf, "predicate");
    r_.skip_blanks();
    object();
    r_.skip_blanks();
    const TermRef* g = nullptr;
    TermRef gref;
    if (quads_ && r_.peek() != '.') {
      if (r_.peek() == '<') {
        iri(g_, g_.vbuf, "graph label");
      } else if (at_blank()) {
        blank(g_);
      } else {
        r_.expected("a graph label or '.'",
                    "an N-Quads statement ends with an optional graph "
                    "IRI or blank node, then '.'");
      }
      gref = g_.ref();
      g = &gref;
      r_.skip_blanks();
    }
    if (!r_.consume('.')) {
      r_.expected("'.'", quads_ ? "a quad must end with '.'" : "a triple must end with '.'");
    }
    sink_.quad(s_.ref(), p_.ref(), o_.ref(), g);
  }

  void object() {
    char c = r_.peek();
    if (c == '<') {
      iri(o_, o_.vbuf, "object");
      return;
    }
    if (at_blank()) {
      blank(o_);
      return;
    }
    if (c != '"') {
      r_.expected("an object (IRI, blank node or literal)",
                  "literals are double-quoted in N-Triples: \"text\"");
    }
    o_.kind = TermKind::Literal;
    o_.value = r_.read_string(o_.vbuf, false);
    o_.lang = {};
    o_.datatype = vocab::kXsdString;
    if (r_.peek() == '@') {
      o_.lang = r_.read_langtag();
      o_.datatype = vocab::kRdfLangString;
    } else if (r_.peek() == '^' && r_.peek(1) == '^') {
      r_.advance(2);
      if (r_.peek() != '<') r_.expected("a datatype IRI after '^^'", "write \"v\"^^<http://...>");
      Slot dt;
      iri(dt, o_.dbuf, "datatype");
      o_.datatype = dt.value;
    }
  }

  Reader r_;
  QuadSink& sink_;
  bool quads_;
  Slot s_, p_, o_, g_;
};

}  // namespace

void parse_line_based(std::string_view text, const ParseOptions& opts, QuadSink& sink) {
  LineParser(text, opts, sink).run();
}

}  // namespace ggen::rdf::detail
