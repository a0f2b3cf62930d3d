// What each template reads: the other templates it names (include/extends/import), and whether
// it queries the graph itself while rendering (the sparql() function).
#include <map>
#include <set>

#include "session_internal.h"

namespace ggen::gen::session {

namespace {

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Every quoted string literal of `source` (single or double quotes), as written.
std::set<std::string> quoted(std::string_view source) {
  std::set<std::string> out;
  for (size_t i = 0; i < source.size(); ++i) {
    char q = source[i];
    if (q != '"' && q != '\'') continue;
    size_t end = source.find(q, i + 1);
    if (end == std::string_view::npos) break;
    size_t nl = source.find('\n', i + 1);
    if (nl < end) continue;  // not a literal on one line: resume after this quote
    out.emplace(source.substr(i + 1, end - i - 1));
    i = end;
  }
  return out;
}

// `sparql(` as a call (not sparql_results, not my_sparql).
bool calls_sparql(std::string_view source) {
  for (size_t at = source.find("sparql"); at != std::string_view::npos;
       at = source.find("sparql", at + 1)) {
    if (at > 0 && ident_char(source[at - 1])) continue;
    size_t k = at + 6;
    while (k < source.size() && (source[k] == ' ' || source[k] == '\t' || source[k] == '\n')) ++k;
    if (k < source.size() && source[k] == '(') return true;
  }
  return false;
}

}  // namespace

void analyse(TemplateSet& set, const std::map<std::string, std::string>& files) {
  std::vector<std::string> names = set.engine.template_names();
  std::set<std::string> known(names.begin(), names.end());
  std::map<std::string, std::vector<std::string>> edges;
  std::map<std::string, bool> direct_sparql;
  for (const auto& n : names) {
    auto src = set.engine.source(n);
    std::string_view text = src ? *src : std::string_view();
    for (const auto& lit : quoted(text)) {
      if (lit != n && known.count(lit)) edges[n].push_back(lit);
    }
    direct_sparql[n] = calls_sparql(text);
  }
  const auto& units = set.loaded.units;
  set.closure.assign(units.size(), {});
  set.reads_graph.assign(units.size(), false);
  for (size_t i = 0; i < units.size(); ++i) {
    std::set<std::string> seen{units[i].name};
    std::vector<std::string> worklist{units[i].name};
    // Frontmatter values (to:, queries, sh_*) render too: scan the whole file once.
    bool reads = calls_sparql(units[i].source);
    while (!worklist.empty()) {
      std::string n = worklist.back();
      worklist.pop_back();
      reads = reads || direct_sparql[n];
      for (const auto& m : edges[n]) {
        if (seen.insert(m).second) worklist.push_back(m);
      }
    }
    for (const auto& n : seen) {
      auto f = files.find(n);
      if (f != files.end()) set.closure[i].push_back(f->second);
    }
    set.reads_graph[i] = reads;
  }
}

}  // namespace ggen::gen::session
