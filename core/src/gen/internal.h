#pragma once
// Shared between the planner's files; not public API.
#include <filesystem>
#include <functional>
#include <optional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "ggen/gen/frontmatter.h"
#include "ggen/gen/generate.h"
#include "ggen/rdf/store.h"
#include "ggen/template/engine.h"

namespace ggen::gen::detail {

namespace fs = std::filesystem;

// One template file: its frontmatter and where its body starts.
struct Unit {
  fs::path path;          // as given (absolute or relative to the cwd)
  std::string name;       // engine name (relative to the templates dir)
  std::string display;    // for reports and error locations
  Frontmatter fm;
  int body_line = 1;
  std::string source;  // the whole file: positions inside frontmatter values map through it
};

// Where each engine template name really lives, to turn engine locations (name, body-relative
// line) into file locations the user can open.
struct SourceMap {
  std::map<std::string, std::pair<std::string, int>> names;  // name -> (display, line offset)
  Error fix(Error e) const;
};

// Everything the render phase produces for one output.
struct Rendered {
  size_t unit = 0;
  int row = -1;
  std::string rel;
  fs::path abs;
  std::string content;
  std::vector<std::string> sh_before, sh_after;
};

// Inputs read while planning (path -> sha256), thread-safe.
struct InputLog {
  std::mutex mu;
  std::map<std::string, std::string> hashes;
  void add(const std::string& rel, std::string_view content);
};

std::string display_path(const fs::path& root, const fs::path& p);

struct Loaded {
  std::vector<Unit> units;
  SourceMap sources;
};
// `ctx`, when given, is polled before each template file (a cancellation raises).
Result<Loaded> load_templates(const GenerateOptions& o, tmpl::Engine& engine, InputLog& inputs,
                              const runtime::Context* ctx = nullptr);

// How a Session (session.h) plugs its caches into render_unit; make_plan passes none. Keys are
// sha256 hex strings built by render_unit from the fields below and what it computes.
class UnitCache {
 public:
  virtual ~UnitCache() = default;
  std::string unit_key;            // the template, what it includes, the generation options
  std::string shared_graph_key;    // the content of the graph files every template sees
  bool render_reads_graph = false; // the template calls sparql() while rendering

  // A cached query result: its hash now, its rows only when a render needs them (a persistent
  // entry is decoded then). keep_query stores rows and returns their hash.
  struct CachedRows {
    std::string sha;
    std::function<tmpl::Value()> rows;  // raises if a stored entry does not decode
  };
  virtual std::optional<CachedRows> find_query(const std::string& key) = 0;
  virtual std::string keep_query(const std::string& key, const tmpl::Value& rows) = 0;
  virtual std::optional<std::vector<Rendered>> find_render(const std::string& key) = 0;
  virtual void keep_render(const std::string& key, const std::vector<Rendered>& outputs) = 0;
  // Whether a graph (by key) parsed without error before, so it may stay unparsed when every
  // query over it is cached; graph_ok records that it did.
  virtual bool graph_known(const std::string& graph_key) = 0;
  virtual void graph_ok(const std::string& graph_key) = 0;
};

// `shared` gives the data every template sees (a Session parses it on first use; it raises on
// a parse error).
Result<std::vector<Rendered>> render_unit(const Unit& unit, const GenerateOptions& o,
                                          const tmpl::Engine& engine,
                                          const std::function<const rdf::Store&()>& shared,
                                          const SourceMap& sources, InputLog& inputs,
                                          const runtime::Context& ctx, UnitCache* cache = nullptr);

// A graph file's text (E_IO / E_NOT_FOUND naming it by `display`).
// With `ctx`, a cancellation stops the read within a megabyte.
Result<std::string> read_graph(const fs::path& g, const std::string& display,
                               const runtime::Context* ctx = nullptr);
// The graph file `g` (read already into `text`) loaded into `store`; `display` names it. With
// `ctx`, a cancellation or deadline stops the parse within a few thousand statements.
Result<void> load_graph_text(rdf::Store& store, const fs::path& g, const std::string& display,
                             std::string_view text, const runtime::Context* ctx = nullptr);
// Shell commands in frontmatter need allow_shell.
Result<void> check_shell(const std::vector<Unit>& units, const GenerateOptions& o);
// Every unit's outputs in order, or the failures (the first, the others chained as causes).
Result<std::vector<Rendered>> gather(std::vector<Result<std::vector<Rendered>>> results,
                                     const runtime::Context& ctx);

// `ctx`, when given, is polled every few hundred outputs (a cancellation raises).
Result<void> decide(Plan& plan, const std::vector<Unit>& units, std::vector<Rendered> rendered,
                    const GenerateOptions& o, const runtime::Context* ctx = nullptr);

inline constexpr const char* kManifestPath = ".ggen/generated.json";

}  // namespace ggen::gen::detail
