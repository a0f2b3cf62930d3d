#pragma once
// The parsed form of a template. Built once by the parser, then only read: renders on many
// threads share one Ast without locks.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ggen/template/callable.h"
#include "ggen/template/value.h"

namespace ggen::tmpl {

struct Span {
  std::uint32_t line = 0, col = 0, end_line = 0, end_col = 0;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Kwarg {
  std::string name;
  ExprPtr value;
};

struct BuiltinFilter;
struct BuiltinTest;
struct BuiltinFunction;

// Arguments that are all literals, built once at parse time so a filter call in a loop does not
// rebuild them per row. Owns the names the Kwargs views point at; heap-held, so never moves.
struct ConstKwargs {
  std::vector<std::string> names;
  Kwargs args;
};

struct FilterCall {
  std::string name;
  // `safe` and `default` are handled by the renderer, not called; flagged at parse time so a
  // render does not compare names per call.
  bool is_safe = false, is_default = false;
  std::vector<Kwarg> args;
  const BuiltinFilter* builtin = nullptr;  // resolved at parse time when the name is built in
  std::shared_ptr<const ConstKwargs> const_args;  // set when every argument is a plain literal
  Span span;
};

enum class ExprKind : std::uint8_t {
  Literal,    // lit
  Array,      // kids = items
  Path,       // name + segs
  Call,       // name(kwargs)
  MacroCall,  // ns::name(kwargs)
  Test,       // kids[0] = subject path, name, kids[1..] = args, negated
  Math,       // op, kids[0..1]
  Compare,    // op, kids[0..1]
  And,
  Or,
  Not,      // kids[0]
  In,       // kids[0] in kids[1], negated
  Concat,   // kids = parts
  Ternary,  // kids = then, cond, else
  Super,    // super()
};

enum class Op : std::uint8_t { Add, Sub, Mul, Div, Mod, Eq, Ne, Lt, Gt, Le, Ge };

// One step of a variable path: `.name`, `.0`, `['key']`, `[expr]`.
struct PathSeg {
  std::string name;      // static key (also set for numeric segments)
  long long index = -1;  // >= 0 when the static key is all digits
  ExprPtr dynamic;       // `[expr]`
  bool bracket = false;  // written as `[...]` (error messages echo it that way)
};

struct Expr {
  ExprKind kind = ExprKind::Literal;
  Op op = Op::Add;
  bool negated = false;        // `not in`, `is not`
  bool float_literal = false;  // literal written as a float (concat prints it Rust-style)
  Span span;
  Value lit;
  std::string name;  // path root, function/test/macro name
  std::string ns;    // macro namespace
  std::vector<PathSeg> segs;
  std::vector<ExprPtr> kids;
  std::vector<Kwarg> kwargs;
  std::vector<FilterCall> filters;
  const BuiltinFunction* fn = nullptr;
  const BuiltinTest* test = nullptr;

  bool has_default_filter() const { return !filters.empty() && filters[0].is_default; }
  bool marked_safe() const { return !filters.empty() && filters.back().is_safe; }
};

enum class NodeKind : std::uint8_t {
  Text,
  Print,
  Set,
  If,
  For,
  Break,
  Continue,
  Include,
  Block,
  FilterSection,
};

struct Node;
using Body = std::vector<Node>;

struct IfBranch {
  ExprPtr cond;
  Body body;
};

struct Node {
  NodeKind kind = NodeKind::Text;
  bool global = false;          // set_global
  bool ignore_missing = false;  // include
  Span span;
  std::string text;     // text, set target, block name, for value var
  std::string key_var;  // for key, value
  ExprPtr expr;         // print, set value, for container
  std::vector<IfBranch> branches;
  Body body;
  Body else_body;
  std::vector<std::string> names;  // include candidates
  FilterCall filter;               // filter section
};

struct MacroParam {
  std::string name;
  std::optional<Value> default_value;
};

struct MacroDef {
  std::string name;
  std::vector<MacroParam> params;
  Body body;
  Span span;
};

struct Ast {
  std::string source;
  Body body;
  std::string parent;  // extends target, empty if none
  Span parent_span;
  struct Import {
    std::string file, ns;
    Span span;
  };
  std::vector<Import> imports;
  std::map<std::string, MacroDef, std::less<>> macros;
  std::map<std::string, const Node*, std::less<>> blocks;  // every block, nested ones too
};

struct ParseOptions {
  bool trim_blocks = false;
  bool lstrip_blocks = false;
};

}  // namespace ggen::tmpl
