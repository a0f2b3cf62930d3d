#pragma once
// SPARQL tokenizer. Numbers are lexed unsigned: the parser decides whether a leading sign is an
// operator or part of a literal, which the grammar makes context dependent.
#include <string>
#include <string_view>
#include <vector>

namespace ggen::sparql {

enum class Tok {
  End,
  Iri,      // text = IRI without brackets, escapes resolved
  PName,    // text = prefix, text2 = local (unescaped)
  Blank,    // text = label
  Var,      // text = name
  LangTag,  // text = tag without '@'
  Integer,
  Decimal,
  Double,
  String,  // text = unescaped value
  Word,    // keyword or 'a', text as written
  Punct,   // text = the punctuation
};

struct Token {
  Tok kind = Tok::End;
  std::string text;
  std::string text2;
  int line = 1;
  int column = 1;
  bool space_before = false;  // whitespace precedes this token (e.g. "[ ]" vs "[]" don't care)
};

// Throws ggen::Exception(E_SPARQL_SYNTAX) on a malformed token.
std::vector<Token> tokenize(std::string_view text, const std::string& file);

}  // namespace ggen::sparql
