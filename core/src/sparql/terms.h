#pragma once
// Term ids for evaluation: the store's dictionary ids, plus a per-query overlay for terms that
// expressions create. Store ids always carry a kind in their two high bits, so overlay ids use
// kind bits 00 and never collide. A term the store knows always gets the store's id, which keeps
// id equality equal to term equality across both spaces.
#include <unordered_map>
#include <vector>

#include "ggen/rdf/store.h"
#include "ggen/sparql/value.h"

namespace ggen::sparql {

using Id = rdf::TermId;

Value to_value(rdf::TermRef t);
rdf::Term to_term(const Value& v);

class Terms {
 public:
  explicit Terms(const rdf::Store& store) : store_(store) {}

  static bool is_local(Id id) { return id != 0 && (id >> rdf::kKindShift) == 0; }
  // The id of v, adding it to the overlay when neither space has it.
  Id intern(const Value& v);
  // The store id of v, or 0 when the store does not know it (overlay not consulted).
  Id store_id(const Value& v) const;
  Value value(Id id) const;
  Kind kind(Id id) const;

 private:
  const rdf::Store& store_;
  std::vector<Value> local_;
  std::unordered_map<Value, Id, ValueHash> local_index_;
};

}  // namespace ggen::sparql
