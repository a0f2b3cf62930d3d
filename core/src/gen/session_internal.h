#pragma once
// Session internals shared by session*.cc; not public API.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "ggen/cache/disk.h"
#include "ggen/cache/lru.h"
#include "ggen/gen/session.h"
#include "internal.h"

namespace ggen::gen::session {

namespace fs = std::filesystem;

// The names of the caches, as stats() reports them.
inline constexpr const char* kGraphs = "graphs";
inline constexpr const char* kTemplates = "templates";
inline constexpr const char* kQueries = "queries";
inline constexpr const char* kRenders = "renders";

// A run's templates, loaded into one engine, with what each template to run reads.
struct TemplateSet {
  tmpl::Engine engine;
  detail::Loaded loaded;
  std::vector<std::vector<std::string>>
      closure;                    // per unit: abs paths of the template files it reads
  std::vector<bool> reads_graph;  // per unit: calls sparql() while rendering
  size_t bytes = 0;               // estimate, for the cache budget
};

// Fills closure and reads_graph. A template reads another when its source names it in quotes
// (include/extends/import take literal names), followed transitively; `files` maps engine
// names to absolute paths.
void analyse(TemplateSet& set, const std::map<std::string, std::string>& files);

// sha256 of the parts joined by NUL bytes.
std::string key_of(std::initializer_list<std::string_view> parts);

// The session's caches as render_unit sees them: memory first, then the persistent store.
class Caches : public detail::UnitCache {
 public:
  Caches(cache::Lru& lru, cache::DiskCache* disk, std::set<std::string>& known,
         std::mutex& known_mu)
      : lru_(lru), disk_(disk), known_(known), known_mu_(known_mu) {}

  std::optional<CachedRows> find_query(const std::string& key) override;
  std::string keep_query(const std::string& key, const tmpl::Value& rows) override;
  std::optional<std::vector<detail::Rendered>> find_render(const std::string& key) override;
  void keep_render(const std::string& key, const std::vector<detail::Rendered>& outputs) override;
  bool graph_known(const std::string& graph_key) override;
  void graph_ok(const std::string& graph_key) override;

 private:
  cache::Lru& lru_;
  cache::DiskCache* disk_;
  std::set<std::string>& known_;
  std::mutex& known_mu_;
};

}  // namespace ggen::gen::session
