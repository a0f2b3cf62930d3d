#pragma once
// Splits a template into chunks (text, `{{ }}`, `{% %}`, comments, raw blocks) and tokenizes the
// code inside delimiters. Offsets are bytes into the source; the parser turns them into spans.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ggen::tmpl {

enum class TokKind : std::uint8_t { Ident, Int, Float, Str, Sym };

struct Token {
  TokKind kind;
  bool space_before;
  std::uint32_t pos, end;
  std::string_view text;  // for Str: the content without quotes
};

enum class ChunkKind : std::uint8_t { Text, Expr, Tag, Comment, Raw };

struct Chunk {
  ChunkKind kind;
  bool trim_left = false;                             // `{{-` / `{%-` / `{#-`
  bool trim_right = false;                            // `-}}` / `-%}` / `-#}`
  bool raw_trim_start = false, raw_trim_end = false;  // `raw -%}` / `{%- endraw`
  std::uint32_t pos = 0, end = 0;                     // whole chunk, delimiters included
  std::string_view text;                              // Text / Raw content
  std::vector<Token> toks;                            // Expr / Tag
  // A tokenizing error inside this chunk (lexing stopped there). The parser reports whichever
  // comes first: this, or a syntax error in the tokens before it.
  bool has_error = false;
  std::uint32_t error_pos = 0;
  std::string error;
};

struct LexError {
  std::uint32_t pos;
  std::string message;
};

// Throws LexError for unclosed comments/raw blocks; errors inside `{{ }}`/`{% %}` end the
// chunk list with a chunk that has_error.
std::vector<Chunk> lex(std::string_view src);

}  // namespace ggen::tmpl
