// Query execution entry points: dataset set-up, the query forms, and the two caches.
#include <algorithm>
#include <list>
#include <mutex>
#include <set>
#include <unordered_map>

#include "ggen/rdf/poll.h"
#include "ggen/sparql/engine.h"
#include "sparql/cache.h"
#include "sparql/eval.h"
#include "sparql/value_ops.h"

namespace ggen::sparql {
namespace {

std::optional<Value> cell(Evaluator& ev, Id id) {
  if (!id) return std::nullopt;
  return ev.terms().value(id);
}

// Instantiates the CONSTRUCT template once per solution; template blank nodes get a fresh
// label per solution. Invalid triples (literal subject, unbound slot) are skipped.
void construct(Evaluator& ev, const Query& q, const Rows& rows, QueryResult& out) {
  std::set<std::array<std::string, 3>> seen;
  size_t n = 0;
  for (const auto& row : rows) {
    ++n;
    for (const auto& t : q.construct_template) {
      std::array<Value, 3> tr;
      bool ok = true;
      const Node* nodes[3] = {&t.s, &t.p, &t.o};
      for (int k = 0; k < 3 && ok; ++k) {
        const Node& nd = *nodes[k];
        if (nd.is_var) {
          auto v = cell(ev, row[nd.var]);
          if (!v)
            ok = false;
          else
            tr[k] = std::move(*v);
        } else if (nd.term.is_blank()) {
          std::string label = "c";
          label += std::to_string(n);
          label += '_';
          label += nd.term.lex;
          tr[k] = Value::blank(std::move(label));
        } else {
          tr[k] = nd.term;
        }
      }
      if (!ok || tr[0].is_literal() || !tr[1].is_iri()) continue;
      std::array<std::string, 3> key{tr[0].to_string(), tr[1].to_string(), tr[2].to_string()};
      if (seen.insert(key).second) out.triples.push_back(std::move(tr));
    }
  }
}

// DESCRIBE: the resource's outgoing triples, following blank-node objects (a concise bounded
// description).
void describe(Evaluator& ev, const Query& q, const Rows& rows, QueryResult& out) {
  std::vector<Id> targets;
  auto add = [&](Id id) {
    if (id && std::find(targets.begin(), targets.end(), id) == targets.end()) targets.push_back(id);
  };
  if (q.describe.empty()) {
    for (const auto& row : rows)
      for (Id id : row) add(id);
  }
  for (const auto& n : q.describe) {
    if (n.is_var) {
      for (const auto& row : rows) add(row[n.var]);
    } else {
      add(ev.terms().intern(n.term));
    }
  }
  std::set<std::array<Id, 3>> seen;
  for (size_t i = 0; i < targets.size(); ++i) {
    Id s = targets[i];
    if (Terms::is_local(s)) continue;
    ev.scan(s, 0, 0, [&](Id xs, Id xp, Id xo) {
      if (!seen.insert({xs, xp, xo}).second) return;
      out.triples.push_back({ev.terms().value(xs), ev.terms().value(xp), ev.terms().value(xo)});
      if (rdf::is_blank(xo)) add(xo);
    });
  }
}

std::vector<Id> graph_ids(const rdf::Store& store, const std::vector<std::string>& iris) {
  std::vector<Id> out;
  for (const auto& iri : iris) {
    Id id = store.find(rdf::TermRef::iri(iri));
    if (id && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

bool has_order_by(const Op* op) {
  while (op) {
    if (op->kind == Op::OrderBy) return true;
    if (op->kind != Op::Slice && op->kind != Op::Distinct && op->kind != Op::Reduced &&
        op->kind != Op::Project)
      return false;
    op = op->kids.empty() ? nullptr : op->kids[0].get();
  }
  return false;
}

bool volatile_query(std::string_view text) {
  std::string up(text);
  for (auto& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const char* f : {"NOW", "RAND", "UUID", "STRUUID", "BNODE"})
    if (up.find(f) != std::string::npos) return true;
  return false;
}

}  // namespace

Result<QueryResult> execute(const rdf::Store& store, const Query& q, const QueryOptions& o) {
  try {
    EvalSettings settings;
    settings.cancelled = o.cancelled;
    settings.cancel_flag = o.cancel_flag;
    settings.now = o.now;
    settings.base = q.base;
    // The store's lazy work for this query (statistics, a lazily built index order) polls this.
    std::function<void()> poll;
    if (o.cancelled || o.cancel_flag) {
      poll = [&o] {
        if ((o.cancel_flag && o.cancel_flag->load(std::memory_order_relaxed)) ||
            (o.cancelled && o.cancelled())) {
          raise(Error(std::string(codes::kCancelled), "query evaluation was cancelled"));
        }
      };
    }
    rdf::PollScope polled(std::move(poll));
    Evaluator ev(store, q.var_names.size(), settings);
    const auto& from = o.default_graphs ? *o.default_graphs : q.from;
    const auto& named = o.named_graphs ? *o.named_graphs : q.from_named;
    if (o.default_graphs || o.named_graphs || !q.from.empty() || !q.from_named.empty()) {
      ev.set_dataset(graph_ids(store, from), graph_ids(store, named));
    } else {
      ev.set_dataset({rdf::kDefaultGraph}, store.graph_names());
    }
    Rows rows = ev.run(*q.where);
    QueryResult out;
    switch (q.form) {
      case Query::Select:
        out.kind = QueryResult::Bindings;
        for (VarId v : q.projection) out.variables.push_back(q.var_names[v]);
        out.rows.reserve(rows.size());
        for (const auto& r : rows) {
          std::vector<std::optional<Value>> cells;
          cells.reserve(q.projection.size());
          for (VarId v : q.projection) cells.push_back(cell(ev, r[v]));
          out.rows.push_back(std::move(cells));
        }
        if (o.sort_unordered && !has_order_by(q.where.get())) {
          std::stable_sort(out.rows.begin(), out.rows.end(), [](const auto& a, const auto& b) {
            for (size_t i = 0; i < a.size(); ++i) {
              int c = order_compare(a[i] ? &*a[i] : nullptr, b[i] ? &*b[i] : nullptr);
              if (c) return c < 0;
            }
            return false;
          });
        }
        break;
      case Query::Ask:
        out.kind = QueryResult::Boolean;
        out.boolean = !rows.empty();
        break;
      case Query::Construct:
        out.kind = QueryResult::Graph;
        construct(ev, q, rows, out);
        break;
      case Query::Describe:
        out.kind = QueryResult::Graph;
        describe(ev, q, rows, out);
        break;
    }
    return out;
  } catch (const Exception& e) {
    return e.error();
  } catch (const std::exception& e) {
    return Error(std::string(codes::kSparqlEval), e.what());
  }
}

Result<QueryResult> query(const rdf::Store& store, std::string_view text, const QueryOptions& o) {
  std::shared_ptr<const Query> q;
  std::string key;
  if (o.use_cache) {
    key = cache_key(text, o.parse);
    q = parse_cache_get(key);
  }
  if (!q) {
    auto parsed = parse_query(text, o.parse);
    if (!parsed) return parsed.error();
    q = *parsed;
    if (o.use_cache) parse_cache_put(key, q);
  }
  bool cacheable =
      o.use_cache && !o.default_graphs && !o.named_graphs && o.now.empty() && !volatile_query(text);
  std::string result_key = key;
  if (o.sort_unordered) result_key += "\x01sorted";
  if (cacheable) {
    if (auto hit = result_cache_get(store.version(), result_key)) return *hit;
  }
  auto r = execute(store, *q, o);
  if (r && cacheable) result_cache_put(store.version(), result_key, r.value());
  return r;
}

}  // namespace ggen::sparql
