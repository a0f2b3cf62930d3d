#include "ggen/rdf/term.h"

#include "ggen/text/escape.h"
#include "rdf/hash.h"

namespace ggen::rdf {

size_t TermHash::operator()(const TermRef& t) const {
  uint64_t h = detail::hash_bytes(t.value, static_cast<uint64_t>(t.kind));
  if (t.kind == TermKind::Literal) {
    h ^= detail::hash_bytes(t.datatype, 0x51) + (h << 6);
    if (!t.lang.empty()) h ^= detail::hash_bytes(t.lang, 0x77) + (h >> 2);
  }
  return static_cast<size_t>(h);
}

std::string lowercase_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

namespace {

void append_uchar(std::string& out, unsigned c) {
  text::append_u_escape(out, c, true);
}

// Canonical escaping (RDF 1.2 c14n): ECHAR for \b \t \n \f \r " \, UCHAR for other controls
// and DEL.
void append_string_body(std::string& out, std::string_view s) {
  text::append_escaped(out, s, text::EscapeStyle{true, true});
}

// IRIs from parsers never need escapes; ones built by hand might, and the output must re-parse.
void append_iri_body(std::string& out, std::string_view s) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (!(c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
          c == '^' || c == '`' || c == '\\')) {
      continue;
    }
    out.append(s.data() + run, i - run);
    run = i + 1;
    append_uchar(out, c);
  }
  out.append(s.data() + run, s.size() - run);
}

}  // namespace

void append_ntriples(std::string& out, TermRef t) {
  switch (t.kind) {
    case TermKind::Iri:
      out += '<';
      append_iri_body(out, t.value);
      out += '>';
      break;
    case TermKind::Blank:
      out += "_:";
      out += t.value;
      break;
    case TermKind::Literal:
      out += '"';
      append_string_body(out, t.value);
      out += '"';
      if (!t.lang.empty()) {
        out += '@';
        out += t.lang;
      } else if (!t.datatype.empty() && t.datatype != vocab::kXsdString) {
        out += "^^<";
        append_iri_body(out, t.datatype);
        out += '>';
      }
      break;
  }
}

std::string to_ntriples(TermRef t) {
  std::string out;
  append_ntriples(out, t);
  return out;
}

}  // namespace ggen::rdf
