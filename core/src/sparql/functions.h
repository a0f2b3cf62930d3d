#pragma once
// The builtin function library. Each family lives in its own file (fn_string.cc, fn_numeric.cc,
// fn_datetime.cc, fn_hash.cc, fn_term.cc); the table in functions.cc maps names to them.
// A function returns nullopt for a type error, which SPARQL treats as an unbound result.
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ggen/sparql/value.h"

namespace ggen::sparql {

// Per-query state functions need: a fixed NOW(), BNODE(label) stable within one solution.
struct FnEnv {
  std::string now;  // xsd:dateTime lexical form, fixed for the whole query
  std::string base;
  uint64_t row = 0;  // solution counter: BNODE("x") is the same node within one solution
  std::map<std::pair<uint64_t, std::string>, std::string> bnode_labels;  // (solution, arg)
  uint64_t bnode_counter = 0;
  std::mt19937_64 rng{0x5eed};
};

using FnImpl = std::optional<Value> (*)(std::vector<Value>& args, FnEnv& env);

struct Function {
  const char* name;
  int min_args;
  int max_args;  // -1 = variadic
  FnImpl impl;
};

const Function* find_function(std::string_view upper_name);

// Families register their functions into the table through these.
void register_string_functions(std::vector<Function>& out);
void register_numeric_functions(std::vector<Function>& out);
void register_datetime_functions(std::vector<Function>& out);
void register_hash_functions(std::vector<Function>& out);
void register_term_functions(std::vector<Function>& out);

}  // namespace ggen::sparql
