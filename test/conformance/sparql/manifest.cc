#include "sparql/manifest.h"

#include <stdexcept>

#include "ggen/rdf/loader.h"
#include "ggen/rdf/store.h"

namespace sparql_conf {
namespace {

using namespace ggen::rdf;

const std::string kMf = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const std::string kQt = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#";
const std::string kDawgt = "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#";
const std::string kRdft = "http://www.w3.org/ns/rdftest#";
const std::string kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

std::string local(std::string_view iri) {
  size_t k = iri.find_last_of("#/");
  return std::string(k == std::string_view::npos ? iri : iri.substr(k + 1));
}

struct Reader {
  Store store;
  TermId id(const std::string& iri) const { return store.find(TermRef::iri(iri)); }
  std::vector<TermId> objects(TermId s, const std::string& p) const {
    std::vector<TermId> out;
    TermId pid = id(p);
    if (s && pid) store.for_each({s, pid, kAny, kAny}, [&](const Quad& q) { out.push_back(q.o); });
    return out;
  }
  TermId object(TermId s, const std::string& p) const {
    auto o = objects(s, p);
    return o.empty() ? kNoTerm : o[0];
  }
  std::string text(TermId t) const { return t ? std::string(store.term(t).value) : ""; }
  std::vector<TermId> list(TermId head) const {
    std::vector<TermId> out;
    TermId nil = id(kRdf + "nil");
    while (head && head != nil) {
      TermId first = object(head, kRdf + "first");
      if (first) out.push_back(first);
      head = object(head, kRdf + "rest");
    }
    return out;
  }
};

void walk(const std::string& path, const std::string& suite, std::vector<TestCase>& out) {
  Reader r;
  auto loaded = load_file(r.store, path);
  if (!loaded) throw std::runtime_error("cannot load " + path + ": " + loaded.error().to_string());
  std::vector<TermId> manifests;
  TermId type = r.id(kRdf + "type");
  TermId man = r.id(kMf + "Manifest");
  if (type && man)
    r.store.for_each({kAny, type, man, kAny}, [&](const Quad& q) { manifests.push_back(q.s); });
  for (TermId m : manifests) {
    for (TermId inc : r.objects(m, kMf + "include"))
      for (TermId f : r.list(inc)) walk(path_of(r.text(f)), suite, out);
    for (TermId entries : r.objects(m, kMf + "entries")) {
      for (TermId t : r.list(entries)) {
        TestCase tc;
        tc.suite = suite;
        tc.id = r.text(t);
        tc.name = r.text(r.object(t, kMf + "name"));
        tc.type = local(r.text(r.object(t, kRdf + "type")));
        TermId appr = r.object(t, kDawgt + "approval");
        if (!appr) appr = r.object(t, kRdft + "approval");
        tc.approval = appr ? local(r.text(appr)) : "";
        TermId action = r.object(t, kMf + "action");
        if (action && is_iri(action)) {
          tc.query = path_of(r.text(action));
        } else if (action) {
          tc.query = path_of(r.text(r.object(action, kQt + "query")));
          for (TermId d : r.objects(action, kQt + "data")) tc.data.push_back(path_of(r.text(d)));
          for (TermId d : r.objects(action, kQt + "graphData"))
            tc.graph_data.push_back(path_of(r.text(d)));
        }
        TermId res = r.object(t, kMf + "result");
        if (res) tc.result = path_of(r.text(res));
        TermId card = r.object(t, kMf + "resultCardinality");
        tc.lax = card && local(r.text(card)) == "LaxCardinality";
        out.push_back(std::move(tc));
      }
    }
  }
}

}  // namespace

std::string path_of(const std::string& iri) {
  if (iri.rfind("file://", 0) == 0) return iri.substr(7);
  return iri;
}

std::string iri_of(const std::string& path) {
  return "file://" + path;
}

std::vector<TestCase> read_manifests(const std::string& root, const std::string& suite) {
  std::vector<TestCase> out;
  walk(root, suite, out);
  return out;
}

}  // namespace sparql_conf
