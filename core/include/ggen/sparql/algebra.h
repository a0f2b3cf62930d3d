#pragma once
// The parsed form of a query: SPARQL algebra (spec section 18) with variables numbered per query,
// so solutions are flat rows indexed by variable.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ggen/sparql/value.h"

namespace ggen::sparql {

using VarId = uint32_t;
struct Op;
struct Expr;
struct Path;
using OpPtr = std::shared_ptr<Op>;
using ExprPtr = std::shared_ptr<Expr>;
using PathPtr = std::shared_ptr<Path>;

// A pattern position: a variable or a constant term. Blank nodes in WHERE become variables.
struct Node {
  bool is_var = false;
  VarId var = 0;
  Value term;
  static Node of_var(VarId v) { return {true, v, {}}; }
  static Node of_term(Value t) { return {false, 0, std::move(t)}; }
};

struct Triple {
  Node s, p, o;
};

struct Path {
  enum Kind { Link, Inverse, Sequence, Alternative, ZeroOrMore, OneOrMore, ZeroOrOne, NegatedSet };
  Kind kind = Link;
  Value iri;                       // Link
  std::vector<PathPtr> parts;      // Inverse (1), Sequence, Alternative, modifiers (1)
  std::vector<Value> negated_fwd;  // NegatedSet
  std::vector<Value> negated_inv;
};

struct Function;  // builtin implementation, defined by the evaluator

struct Aggregate {
  enum Kind { Count, Sum, Min, Max, Avg, Sample, GroupConcat };
  Kind kind = Count;
  bool distinct = false;
  ExprPtr arg;  // null for COUNT(*)
  std::string separator = " ";
  VarId result = 0;  // the variable the group operator binds
};

struct Expr {
  enum Kind {
    Var,
    Const,
    Or,
    And,
    Not,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Neg,
    Plus,
    In,
    NotIn,
    Call,
    Exists,
    NotExists,
    Bound,
    If,
    Coalesce,
    Cast,
    Unknown
  };
  Kind kind = Const;
  VarId var = 0;     // Var, Bound
  Value constant;    // Const; Cast: the target datatype in constant.lex
  std::string name;  // Call: uppercase builtin name; Unknown: the function IRI
  const Function* fn = nullptr;
  std::vector<ExprPtr> args;
  OpPtr pattern;  // Exists / NotExists
};

struct OrderKey {
  ExprPtr expr;
  bool descending = false;
};

struct Op {
  enum Kind {
    Bgp,
    PathOp,
    Join,
    LeftJoin,
    Filter,
    Union,
    Minus,
    Graph,
    Extend,
    Values,
    Group,
    OrderBy,
    Project,
    Distinct,
    Reduced,
    Slice,
    Unit
  };
  Kind kind = Unit;
  std::vector<Triple> triples;  // Bgp
  Node subject, object;         // PathOp
  PathPtr path;
  std::vector<OpPtr> kids;     // Join/LeftJoin/Union/Minus: 2; others: 1
  std::vector<ExprPtr> exprs;  // Filter conditions (conjunction); LeftJoin condition
  Node graph;                  // Graph
  VarId var = 0;               // Extend
  ExprPtr expr;                // Extend
  std::vector<VarId> vars;     // Values columns; Project list; Group: key variables
  std::vector<std::vector<std::optional<Value>>> rows;  // Values
  std::vector<ExprPtr> group_keys;                      // Group: one per vars entry
  std::vector<Aggregate> aggregates;                    // Group
  std::vector<OrderKey> order;                          // OrderBy
  uint64_t offset = 0;                                  // Slice
  std::optional<uint64_t> limit;                        // Slice
};

struct Query {
  enum Form { Select, Ask, Construct, Describe };
  Form form = Select;
  OpPtr where;                         // the complete algebra, solution modifiers included
  std::vector<std::string> var_names;  // index = VarId; names starting with '.' are internal
  std::vector<VarId> projection;       // SELECT result variables, in order
  std::vector<Triple> construct_template;
  std::vector<Node> describe;
  std::vector<std::string> from, from_named;
  std::string base;
};

// SPARQL Update operations (section 3 of the Update spec).
struct UpdateOp {
  enum Kind { InsertData, DeleteData, Modify, Clear, Drop, Create, Load, Add, Move, Copy };
  Kind kind = InsertData;
  // Quad templates: graph is a constant IRI, a variable, or (is_var=false, empty lex) default.
  struct Quad {
    Node s, p, o, g;
  };
  std::vector<Quad> inserts, deletes;
  OpPtr where;
  std::vector<std::string> using_, using_named;
  std::optional<std::string> with;
  // Graph management: target = "DEFAULT", "NAMED", "ALL" or an IRI in target_iri.
  std::string target;
  std::string target_iri;
  std::string dest, dest_iri;  // ADD/MOVE/COPY destination; LOAD INTO graph
  std::string source;          // LOAD source IRI
  bool silent = false;
};

struct Update {
  std::vector<UpdateOp> ops;
  std::vector<std::string> var_names;
  std::string base;
};

}  // namespace ggen::sparql
