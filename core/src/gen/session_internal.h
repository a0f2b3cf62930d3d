#pragma once
// Session internals shared by session*.cc; not public API.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ggen/cache/disk.h"
#include "ggen/cache/lru.h"
#include "ggen/gen/paths.h"
#include "ggen/gen/session.h"
#include "internal.h"

namespace ggen::gen::session {

namespace fs = std::filesystem;

// The names of the caches, as stats() reports them.
inline constexpr const char* kGraphs = "graphs";
inline constexpr const char* kTemplates = "templates";
inline constexpr const char* kQueries = "queries";
inline constexpr const char* kRenders = "renders";
inline constexpr const char* kPlans = "plans";  // the whole previous plan (persistent only)

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

// Length-prefixed fields ("<size>:<bytes>") for the persistent payloads; get_* advance `pos`
// and return false on anything malformed.
void put_field(std::string& out, std::string_view s);
bool get_field(std::string_view in, size_t& pos, std::string& out);
bool get_count(std::string_view in, size_t& pos, long long& n);

// The previous plan as a whole, for the "nothing changed" path (session_fast.cc): stored only
// for a plan whose every output is a whole file (after apply, each target holds `content` and
// the manifest is the plan's manifest_after), replayed only when every input still hashes the
// same and the output folder is exactly as that plan leaves it.
struct LastPlan {
  std::string key;                            // the options and the template files' names
  std::map<std::string, std::string> files;   // absolute path -> sha256 of every file read
  std::map<std::string, std::string> inputs;  // plan.inputs
  std::string manifest_sha;                   // sha256 of plan.manifest_after
  struct Output {
    std::string rel, abs, template_path, sha, content;
    int row = -1;
    bool backup = false;
    std::vector<std::string> sh_before, sh_after;
  };
  std::vector<Output> outputs;
};
// `poll` (may raise to stop) is called every few hundred outputs.
std::string encode_last_plan(const LastPlan& last, const std::function<void()>& poll = nullptr);
std::optional<LastPlan> decode_last_plan(std::string_view in);
// nullopt when `plan` has an output that is not a whole file written or kept as it is
// (an injection, a skip): such a plan is not replayed. `poll` as above.
std::optional<LastPlan> last_plan_of(const Plan& plan, std::string key,
                                     std::map<std::string, std::string> files,
                                     const std::function<void()>& poll = nullptr);
// The file's sha256 now (nullopt: missing or unreadable), by its stat stamp when trusted.
using ShaOf = std::function<std::optional<std::string>(const std::string& abs_path)>;
// The plan a run over the inputs of `last` makes now, when every input hashes as `last` says
// and the output folder is as `last` leaves it: every output unchanged. `plan` carries root,
// output_root and allow_shell. nullopt when anything differs (the caller plans in full).
std::optional<Plan> replay(const LastPlan& last, Plan plan, const ShaOf& input_sha,
                           const ShaOf& target_sha);

// Whether every output still lands where it was rendered to: each path confined again (the
// output folder's symlinks may have changed since), as render_unit does. Outputs reused without
// rendering (memory, cache, replay) must pass this, or be rendered again so that an escape is
// reported exactly as make_plan reports it.
bool still_confined(const OutputRoot& root, const std::vector<detail::Rendered>& outputs);

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

  const OutputRoot* out_root = nullptr;  // when set, a render hit must still_confined() there
  std::function<void()> poll;            // may raise to stop; called while storing big renders

 private:
  std::optional<std::vector<detail::Rendered>> find_render_anywhere(const std::string& key);

  cache::Lru& lru_;
  cache::DiskCache* disk_;
  std::set<std::string>& known_;
  std::mutex& known_mu_;
};

}  // namespace ggen::gen::session
