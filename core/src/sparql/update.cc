// SPARQL 1.1 Update. Every request runs against a snapshot copy of the store (cheap: it shares
// the base segment and dictionary) that replaces the original only when all operations succeed.
#include <unordered_map>

#include "ggen/error/error.h"
#include "ggen/rdf/loader.h"
#include "ggen/sparql/engine.h"
#include "sparql/eval.h"

namespace ggen::sparql {
namespace {

[[noreturn]] void eval_error(const std::string& msg) {
  raise(Error(std::string(codes::kSparqlEval), msg));
}

class Applier {
 public:
  Applier(rdf::Store& work, const Update& u, const UpdateOptions& o) : w_(work), u_(u), o_(o) {}

  UpdateStats stats;

  void run(const UpdateOp& op) {
    switch (op.kind) {
      case UpdateOp::InsertData: {
        std::vector<rdf::Quad> qs;
        for (const auto& q : op.inserts) qs.push_back(data_quad(q, true));
        for (const auto& q : qs) stats.inserted += w_.insert(q);
        break;
      }
      case UpdateOp::DeleteData:
        for (const auto& q : op.deletes) {
          rdf::Quad x;
          if (find_quad(q, x)) stats.deleted += w_.remove(x);
        }
        break;
      case UpdateOp::Modify:
        modify(op);
        break;
      case UpdateOp::Clear:
      case UpdateOp::Drop:
        clear(op.target, op.target_iri, op.silent);
        break;
      case UpdateOp::Create:
        break;  // graphs exist as soon as they hold a quad
      case UpdateOp::Load:
        load(op);
        break;
      case UpdateOp::Add:
      case UpdateOp::Move:
      case UpdateOp::Copy:
        transfer(op);
        break;
    }
  }

 private:
  rdf::Store& w_;
  const Update& u_;
  const UpdateOptions& o_;
  std::unordered_map<std::string, Id> bnodes_;  // request-scoped blank node labels

  Id intern_value(const Value& v) { return w_.intern(to_term(v).ref()); }

  Id graph_of(const Node& g) {
    if (g.term.lex.empty()) return rdf::kDefaultGraph;
    return intern_value(g.term);
  }

  rdf::Quad data_quad(const UpdateOp::Quad& q, bool insert) {
    auto term = [&](const Node& n) -> Id {
      if (n.term.is_blank()) {
        auto [it, fresh] = bnodes_.emplace(n.term.lex, 0);
        if (fresh) it->second = w_.dictionary().fresh_blank();
        return it->second;
      }
      return intern_value(n.term);
    };
    return {term(q.s), term(q.p), term(q.o), graph_of(q.g)};
  }

  bool find_quad(const UpdateOp::Quad& q, rdf::Quad& out) {
    auto f = [&](const Value& v) { return w_.find(to_term(v).ref()); };
    out.s = f(q.s.term);
    out.p = f(q.p.term);
    out.o = f(q.o.term);
    out.g = q.g.term.lex.empty() ? rdf::kDefaultGraph : f(q.g.term);
    return out.s && out.p && out.o && (q.g.term.lex.empty() || out.g);
  }

  void modify(const UpdateOp& op) {
    rdf::Store snapshot = w_;
    EvalSettings settings;
    settings.cancelled = o_.cancelled;
    settings.cancel_flag = o_.cancel_flag;
    settings.base = u_.base;
    Evaluator ev(snapshot, u_.var_names.size(), settings);
    auto ids = [&](const std::vector<std::string>& iris) {
      std::vector<Id> out;
      for (const auto& i : iris)
        if (Id id = snapshot.find(rdf::TermRef::iri(i))) out.push_back(id);
      return out;
    };
    Id with = 0;
    if (op.with) with = w_.intern(rdf::TermRef::iri(*op.with));
    if (!op.using_.empty() || !op.using_named.empty())
      ev.set_dataset(ids(op.using_), ids(op.using_named));
    else if (op.with)
      ev.set_dataset({with}, snapshot.graph_names());
    else
      ev.set_dataset({rdf::kDefaultGraph}, snapshot.graph_names());
    Rows rows = ev.run(*op.where);
    std::vector<rdf::Quad> dels, ins;
    size_t n = 0;
    for (const auto& row : rows) {
      ++n;
      std::unordered_map<std::string, Id> fresh;
      auto inst = [&](const UpdateOp::Quad& q, bool insert, rdf::Quad& out) {
        Id slots[4];
        const Node* nodes[4] = {&q.s, &q.p, &q.o, &q.g};
        for (int k = 0; k < 4; ++k) {
          const Node& nd = *nodes[k];
          Id id;
          if (nd.is_var) {
            id = row[nd.var];
            if (!id) return false;
            if (Terms::is_local(id)) id = intern_value(ev.terms().value(id));
          } else if (k == 3 && nd.term.lex.empty()) {
            id = with ? with : rdf::kDefaultGraph;
          } else if (nd.term.is_blank()) {
            auto [it, f] = fresh.emplace(nd.term.lex, 0);
            if (f) it->second = w_.dictionary().fresh_blank();
            id = it->second;
          } else {
            id = insert ? intern_value(nd.term) : w_.find(to_term(nd.term).ref());
            if (!id) return false;
          }
          slots[k] = id;
        }
        if (rdf::is_literal(slots[0]) || !rdf::is_iri(slots[1])) return false;
        if (slots[3] != rdf::kDefaultGraph && !rdf::is_iri(slots[3])) return false;
        out = {slots[0], slots[1], slots[2], slots[3]};
        return true;
      };
      for (const auto& q : op.deletes) {
        rdf::Quad x;
        if (inst(q, false, x)) dels.push_back(x);
      }
      for (const auto& q : op.inserts) {
        rdf::Quad x;
        if (inst(q, true, x)) ins.push_back(x);
      }
    }
    stats.deleted += w_.remove_all(dels);
    stats.inserted += w_.insert_all(ins);
  }

  void clear(const std::string& target, const std::string& iri, bool silent) {
    rdf::QuadPattern p;
    if (target == "ALL") {
      stats.deleted += w_.size();
      w_.clear();
      return;
    }
    if (target == "DEFAULT") {
      p.g = rdf::kDefaultGraph;
    } else if (target == "NAMED") {
      p.g = rdf::kAnyNamed;
    } else {
      Id g = w_.find(rdf::TermRef::iri(iri));
      if (!g || w_.count({rdf::kAny, rdf::kAny, rdf::kAny, g}) == 0) {
        if (silent) return;
        eval_error("graph <" + iri + "> does not exist");
      }
      p.g = g;
    }
    stats.deleted += w_.remove_matching(p);
  }

  void load(const UpdateOp& op) {
    Id g = op.dest_iri.empty() ? rdf::kDefaultGraph : w_.intern(rdf::TermRef::iri(op.dest_iri));
    Result<void> r;
    if (o_.loader) {
      r = o_.loader(w_, op.source, g);
    } else {
      std::string path = op.source;
      if (path.rfind("file://", 0) == 0) path = path.substr(7);
      if (path.find("://") != std::string::npos) {
        r = Error(std::string(codes::kSparqlEval), "LOAD supports local files only: " + op.source);
      } else {
        rdf::LoadOptions lo;
        lo.graph = g;
        auto lr = rdf::load_file(w_, path, lo);
        if (!lr)
          r = lr.error();
        else
          stats.inserted += lr->added;
      }
    }
    if (!r && !op.silent) raise(r.error());
  }

  void transfer(const UpdateOp& op) {
    auto gid = [&](const std::string& kw, const std::string& iri) -> Id {
      return kw == "DEFAULT" ? rdf::kDefaultGraph : w_.intern(rdf::TermRef::iri(iri));
    };
    Id from = gid(op.target, op.target_iri), to = gid(op.dest, op.dest_iri);
    if (from == to) return;
    if (from != rdf::kDefaultGraph && w_.count({rdf::kAny, rdf::kAny, rdf::kAny, from}) == 0 &&
        !op.silent)
      eval_error("graph <" + op.target_iri + "> does not exist");
    auto quads = w_.quads({rdf::kAny, rdf::kAny, rdf::kAny, from});
    if (op.kind != UpdateOp::Add)
      stats.deleted += w_.remove_matching({rdf::kAny, rdf::kAny, rdf::kAny, to});
    for (auto& q : quads) q.g = to;
    stats.inserted += w_.insert_all(quads);
    if (op.kind == UpdateOp::Move)
      stats.deleted += w_.remove_matching({rdf::kAny, rdf::kAny, rdf::kAny, from});
  }
};

}  // namespace

Result<UpdateStats> update(rdf::Store& store, std::string_view text, const UpdateOptions& o) {
  auto parsed = parse_update(text, o.parse);
  if (!parsed) return parsed.error();
  try {
    rdf::Store work = store;
    Applier a(work, **parsed, o);
    for (const auto& op : (*parsed)->ops) a.run(op);
    store = std::move(work);
    return a.stats;
  } catch (const Exception& e) {
    return e.error();
  }
}

}  // namespace ggen::sparql
