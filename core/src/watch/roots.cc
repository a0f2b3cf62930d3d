#include "ggen/watch/roots.h"

#include <algorithm>

#include "ggen/rdf/loader.h"
#include "ggen/rdf/parser.h"
#include "ggen/toml/parse.h"

namespace ggen::watch {

namespace fs = std::filesystem;

namespace {

bool inside(const fs::path& p, const fs::path& dir) {
  auto rel = p.lexically_relative(dir);
  return !rel.empty() && *rel.begin() != "..";
}

bool under_or_at(const fs::path& p, const fs::path& dir) {
  return p == dir || inside(p, dir);
}

// Editors save through temporary files and leave backups: none of them is an input.
bool editor_noise(const fs::path& file) {
  std::string name = file.filename().string();
  if (name.empty() || name.front() == '.' || name.back() == '~' || name == "4913") return true;
  for (const char* ext : {".swp", ".swx", ".tmp", ".bak", ".orig"}) {
    if (name.ends_with(ext)) return true;
  }
  return name.front() == '#' && name.back() == '#';
}

}  // namespace

bool WatchRoots::covers_dir(const fs::path& dir) const {
  for (const auto& d : template_dirs) {
    if (under_or_at(dir, d)) return !under_or_at(dir, output);
  }
  for (const auto& d : graph_dirs) {
    if (under_or_at(dir, d)) return !under_or_at(dir, output);
  }
  return false;
}

bool WatchRoots::relevant(const fs::path& file) const {
  if (std::find(files.begin(), files.end(), file) != files.end()) return true;
  if (editor_noise(file) || under_or_at(file, output) || under_or_at(file, root / ".ggen")) {
    return false;
  }
  for (const auto& d : template_dirs) {
    if (inside(file, d)) return true;
  }
  for (const auto& d : graph_dirs) {
    if (inside(file, d) && rdf::format_from_path(file.string())) return true;
  }
  return false;
}

std::vector<fs::path> WatchRoots::file_parents() const {
  std::vector<fs::path> out;
  for (const auto& f : files) {
    if (std::find(out.begin(), out.end(), f.parent_path()) == out.end()) {
      out.push_back(f.parent_path());
    }
  }
  return out;
}

Result<WatchRoots> watch_roots(const fs::path& config, const std::optional<fs::path>& output) {
  WatchRoots r;
  std::error_code ec;
  auto norm = [&](const fs::path& p) { return fs::absolute(p, ec).lexically_normal(); };
  r.config = norm(config);
  r.root = r.config.parent_path();
  r.files.push_back(r.config);
  // Read from ggen.toml as written, not from a loaded project: folders that do not exist yet
  // (and so fail loading) are watched too, and are picked up when they are created.
  auto text = rdf::read_file(r.config.string());
  if (!text.ok()) return text.error();
  auto doc = toml::parse(text.value(), r.config.string());
  if (!doc.ok()) return doc.error();
  using json = nlohmann::ordered_json;
  const json& top = doc.value().root;
  const json empty = json::object();
  const json& g = top.contains("generate") && top["generate"].is_object() ? top["generate"] : empty;
  auto str = [&](const char* key, const char* fallback) {
    return g.contains(key) && g[key].is_string() ? g[key].get<std::string>()
                                                 : std::string(fallback);
  };
  r.template_dirs.push_back(norm(r.root / str("templates", "templates")));
  // [generate] packs resolve through ggen.lock: an install or update there regenerates.
  if (g.contains("packs")) r.files.push_back(norm(r.root / "ggen.lock"));
  r.output = output ? norm(*output) : norm(r.root / str("output", "generated"));
  std::vector<std::string> entries = {"graphs"};
  if (g.contains("graphs")) {
    entries.clear();
    if (g["graphs"].is_string()) entries.push_back(g["graphs"].get<std::string>());
    for (const auto& e : g["graphs"].is_array() ? g["graphs"] : json::array()) {
      if (e.is_string()) entries.push_back(e.get<std::string>());
    }
  }
  for (const auto& e : entries) {
    fs::path p = norm(r.root / e);
    if (fs::is_regular_file(p, ec) || (!fs::exists(p, ec) && rdf::format_from_path(p.string()))) {
      r.files.push_back(p);
    } else {
      r.graph_dirs.push_back(p);
    }
  }
  return r;
}

}  // namespace ggen::watch
