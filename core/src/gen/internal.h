#pragma once
// Shared between the planner's files; not public API.
#include <filesystem>
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
Result<Loaded> load_templates(const GenerateOptions& o, tmpl::Engine& engine, InputLog& inputs);

Result<std::vector<Rendered>> render_unit(const Unit& unit, const GenerateOptions& o,
                                          const tmpl::Engine& engine, const rdf::Store& shared,
                                          const SourceMap& sources, InputLog& inputs,
                                          const runtime::Context& ctx);

Result<void> decide(Plan& plan, const std::vector<Unit>& units, std::vector<Rendered> rendered,
                    const GenerateOptions& o);

inline constexpr const char* kManifestPath = ".ggen/generated.json";

}  // namespace ggen::gen::detail
