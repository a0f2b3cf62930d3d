// W3C SPARQL 1.0 / 1.1 query conformance: syntax tests must parse (or be rejected), evaluation
// tests must produce the expected results (see ../shared/reference/rdf-anchors.md section 2).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "ggen/rdf/isomorphism.h"
#include "ggen/rdf/loader.h"
#include "ggen/sparql/engine.h"
#include "ggen/sparql/parser.h"
#include "ggen/sparql/results.h"
#include "sparql/manifest.h"
#include "sparql/rdfxml.h"
#include "sparql/results.h"

using namespace sparql_conf;
namespace rdf = ggen::rdf;
namespace sp = ggen::sparql;

namespace {

std::string read(const std::string& path) {
  auto r = rdf::read_file(path);
  if (!r) throw std::runtime_error("cannot read " + path);
  return *r;
}

bool ends_with(const std::string& s, const char* suf) {
  std::string x(suf);
  return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

// Loads a data file into graph g (kDefaultGraph or a named graph).
void load(rdf::Store& store, const std::string& path, rdf::TermId g) {
  if (ends_with(path, ".rdf")) {
    std::string nt = rdfxml_to_ntriples(read(path), iri_of(path));
    rdf::LoadOptions o;
    o.graph = g;
    o.format = rdf::Format::NTriples;
    auto r = rdf::load_string(store, nt, o);
    if (!r) throw std::runtime_error("cannot load " + path + ": " + r.error().message());
    return;
  }
  rdf::LoadOptions o;
  o.graph = g;
  o.base_iri = iri_of(path);
  auto r = rdf::load_file(store, path, o);
  if (!r) throw std::runtime_error("cannot load " + path + ": " + r.error().message());
}

std::string run_eval(const TestCase& t) {
  std::string text = read(t.query);
  sp::ParseOptions po;
  po.file = t.query;
  po.base = iri_of(t.query);
  auto q = sp::parse_query(text, po);
  if (!q) return "parse error: " + q.error().to_string();
  rdf::Store store;
  for (const auto& d : t.data) load(store, d, rdf::kDefaultGraph);
  for (const auto& d : t.graph_data) load(store, d, store.intern(rdf::TermRef::iri(iri_of(d))));
  // FROM / FROM NAMED name files: load each as the graph its IRI names.
  for (const auto* list : {&(*q)->from, &(*q)->from_named}) {
    for (const auto& iri : *list) {
      rdf::TermId g = store.intern(rdf::TermRef::iri(iri));
      if (store.count({rdf::kAny, rdf::kAny, rdf::kAny, g}) == 0) load(store, path_of(iri), g);
    }
  }
  sp::QueryOptions qo;
  qo.parse = po;
  qo.use_cache = false;
  auto start = std::chrono::steady_clock::now();
  qo.cancelled = [start] {
    return std::chrono::steady_clock::now() - start > std::chrono::seconds(20);
  };
  auto r = sp::execute(store, **q, qo);
  if (!r) return "evaluation error: " + r.error().to_string();
  std::string why;
  if (std::getenv("SPARQL_CONF_VERBOSE")) std::printf("%s", sp::write_table(*r).c_str());
  if (r->kind == sp::QueryResult::Graph) {
    if (!ends_with(t.result, ".ttl") && !ends_with(t.result, ".nt"))
      return "graph result in unsupported format: " + t.result;
    rdf::Store expected;
    load(expected, t.result, rdf::kDefaultGraph);
    std::vector<rdf::TermQuad> a;
    for (const auto& tr : r->triples) {
      rdf::TermQuad x;
      x.s = sp::to_term(tr[0]);
      x.p = sp::to_term(tr[1]);
      x.o = sp::to_term(tr[2]);
      x.g = rdf::Term::iri("");
      a.push_back(std::move(x));
    }
    auto e = rdf::to_term_quads(expected);
    if (!rdf::isomorphic(e, a, &why)) return "graph not isomorphic: " + why;
    return "";
  }
  ResultSet expected;
  if (ends_with(t.result, ".srx")) {
    expected = read_srx(read(t.result));
  } else if (ends_with(t.result, ".srj")) {
    expected = read_srj(read(t.result));
  } else if (ends_with(t.result, ".tsv")) {
    expected = read_tsv(read(t.result));
  } else if (ends_with(t.result, ".csv")) {
    // CSV drops types: compare our CSV output cell by cell, blank nodes up to renaming.
    expected = read_csv(read(t.result));
    ResultSet got = read_csv(sp::write_csv(*r));
    if (!same_results(expected, got, t.lax, &why)) return "CSV: " + why;
    return "";
  } else if (ends_with(t.result, ".rdf")) {
    expected = read_rs_rdfxml(read(t.result));
  } else if (ends_with(t.result, ".ttl")) {
    rdf::Store rs;
    load(rs, t.result, rdf::kDefaultGraph);
    expected = read_rs_graph(rs);
  } else {
    return "unsupported result format: " + t.result;
  }
  if (!same_results(expected, from_result(*r), t.lax, &why)) return why;
  return "";
}

std::string run_syntax(const TestCase& t, bool positive) {
  std::string text = read(t.query);
  sp::ParseOptions po;
  po.file = t.query;
  po.base = iri_of(t.query);
  bool ok;
  std::string err;
  if (ends_with(t.query, ".ru")) {
    auto u = sp::parse_update(text, po);
    ok = u.ok();
    if (!ok) err = u.error().to_string();
  } else {
    auto q = sp::parse_query(text, po);
    ok = q.ok();
    if (!ok) err = q.error().to_string();
  }
  if (positive && !ok) return "should parse: " + err;
  if (!positive && ok) return "should be rejected but parsed";
  return "";
}

struct Tally {
  int pass = 0, total = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::string root = std::string(GGEN_SHARED_DIR) + "/conformance/rdf-tests/sparql/";
  std::string filter = argc > 1 ? argv[1] : "";
  std::vector<TestCase> tests;
  try {
    for (auto& t : read_manifests(root + "sparql10/manifest.ttl", "sparql10")) tests.push_back(t);
    for (auto& t : read_manifests(root + "sparql11/manifest-sparql11-query.ttl", "sparql11"))
      tests.push_back(t);
    for (auto& t : read_manifests(root + "sparql11/manifest-sparql11-results.ttl", "sparql11"))
      tests.push_back(t);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cannot read manifests: %s\n", e.what());
    return 2;
  }
  Tally eval, syntax, other_eval, other_syntax;
  std::map<std::string, Tally> per_suite;  // all tests, approved or not
  for (const auto& t : tests) {
    if (!filter.empty() && t.id.find(filter) == std::string::npos &&
        t.name.find(filter) == std::string::npos)
      continue;
    bool approved = t.approval.empty() || t.approval == "Approved";
    bool is_syntax = t.type.find("SyntaxTest") != std::string::npos;
    bool is_eval = t.type == "QueryEvaluationTest" || t.type == "CSVResultFormatTest";
    if (!is_syntax && !is_eval) continue;
    std::string why;
    try {
      if (is_syntax)
        why = run_syntax(t, t.type.find("Positive") != std::string::npos);
      else
        why = run_eval(t);
    } catch (const std::exception& e) {
      why = std::string("exception: ") + e.what();
    }
    Tally& tally = is_syntax ? (approved ? syntax : other_syntax) : (approved ? eval : other_eval);
    ++tally.total;
    Tally& suite = per_suite[t.suite + (is_syntax ? " syntax" : " eval")];
    ++suite.total;
    if (why.empty()) ++suite.pass;
    if (why.empty()) {
      ++tally.pass;
    } else {
      std::string q = t.query;
      size_t cut = q.find("/sparql/");
      if (cut != std::string::npos) q = q.substr(cut + 8);
      std::printf("FAIL %s%s [%s] %s: %s\n", approved ? "" : "(not approved) ", t.name.c_str(),
                  t.type.c_str(), q.c_str(), why.c_str());
    }
  }
  for (const auto& [name, t] : per_suite)
    std::printf("%s (all statuses): %d/%d\n", name.c_str(), t.pass, t.total);
  double rate = eval.total ? 100.0 * eval.pass / eval.total : 100.0;
  std::printf("not approved: eval %d/%d, syntax %d/%d\n", other_eval.pass, other_eval.total,
              other_syntax.pass, other_syntax.total);
  std::printf("sparql conformance: eval %d/%d (%.1f%%), syntax %d/%d\n", eval.pass, eval.total,
              rate, syntax.pass, syntax.total);
  if (!filter.empty()) return 0;
  return (rate >= 97.0 && syntax.pass == syntax.total) ? 0 : 1;
}
