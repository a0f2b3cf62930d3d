// Ranked search over an index; ties are broken by id so the order never depends on the index's
// layout or the platform.
#include <algorithm>
#include <cctype>

#include "ggen/pack/index.h"

namespace ggen::pack {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// The best field a term matches, as (score, field name); (0, "") when none.
std::pair<int, const char*> score_term(const IndexPack& p, const std::string& t) {
  std::string id = lower(p.id), name = lower(p.name);
  if (id == t) return {100, "id"};
  if (name == t) return {80, "name"};
  if (contains(id, t)) return {60, "id"};
  if (contains(name, t)) return {60, "name"};
  int best = 0;
  for (const auto& k : p.keywords) {
    std::string kw = lower(k);
    if (kw == t)
      best = std::max(best, 40);
    else if (contains(kw, t))
      best = std::max(best, 30);
  }
  if (best) return {best, "keyword"};
  if (contains(lower(p.description), t)) return {20, "description"};
  return {0, ""};
}

}  // namespace

std::vector<SearchHit> search(const Index& index, std::string_view query) {
  std::vector<std::string> terms;
  std::string q = lower(query);
  for (size_t i = 0; i < q.size();) {
    size_t j = q.find_first_of(" \t", i);
    if (j == std::string::npos) j = q.size();
    if (j > i) terms.push_back(q.substr(i, j - i));
    i = j + 1;
  }
  std::vector<SearchHit> hits;
  for (const auto& [id, p] : index.packs) {
    int total = 0;
    std::string first;
    bool all = true;
    // The whole query as one exact id outranks any sum of its words.
    if (terms.size() > 1 && lower(p.id) == q) {
      hits.push_back({&p, 100 * static_cast<int>(terms.size()), "id"});
      continue;
    }
    for (const auto& t : terms) {
      auto [s, field] = score_term(p, t);
      if (s == 0) {
        all = false;
        break;
      }
      if (first.empty()) first = field;
      total += s;
    }
    if (all) hits.push_back({&p, total, first});
  }
  std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.pack->id < b.pack->id;
  });
  return hits;
}

}  // namespace ggen::pack
