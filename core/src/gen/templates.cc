// Loading a run's templates: every template file of the templates folder goes into one engine
// (so include/extends/import resolve by relative name); the ones to run also get their
// frontmatter parsed and validated.
#include <algorithm>
#include <optional>
#include <set>

#include "ggen/rdf/loader.h"
#include "ggen/yaml/frontmatter.h"
#include "ggen/yaml/parse.h"
#include "internal.h"

namespace ggen::gen {

namespace fs = std::filesystem;

std::vector<fs::path> list_templates(const fs::path& dir) {
  static const std::set<std::string> kExt = {".tmpl", ".tera", ".tpl", ".j2"};
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file(ec) && kExt.count(it->path().extension().string())) {
      out.push_back(it->path().lexically_relative(dir));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::pair<fs::path, std::string>> pack_template_files(const GenerateOptions& o) {
  std::vector<std::pair<fs::path, std::string>> out;
  for (const auto& [id, dir] : o.packs) {
    for (const auto& rel : list_templates(dir))
      out.emplace_back(dir / rel, id + ":" + rel.generic_string());
  }
  return out;
}

namespace detail {

std::string display_path(const fs::path& root, const fs::path& p) {
  if (root.empty() || p.is_relative()) return p.lexically_normal().generic_string();
  fs::path rel = p.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return p.generic_string();
  return rel.generic_string();
}

void InputLog::add(const std::string& rel, std::string_view content) {
  std::string h = sha256_hex(content);
  std::lock_guard lock(mu);
  hashes[rel] = std::move(h);
}

Error SourceMap::fix(Error e) const {
  const Location& loc = e.location();
  auto it = names.find(loc.file);
  if (it == names.end()) return e;
  Location fixed = loc;
  fixed.file = it->second.first;
  if (fixed.line > 0) fixed.line += it->second.second;
  if (fixed.end_line > 0) fixed.end_line += it->second.second;
  return std::move(e).at(fixed);
}

Result<Loaded> load_templates(const GenerateOptions& o, tmpl::Engine& engine, InputLog& inputs,
                              const runtime::Context* ctx) {
  Loaded out;
  std::error_code ec;
  fs::path tdir = o.templates_dir;
  // The templates to run, by absolute path; by canonical path (symlinks resolved, a syscall per
  // path component) only for the ones another spelling of the same file might name.
  auto lexical = [](const fs::path& p) {
    std::error_code e;
    return fs::absolute(p, e).lexically_normal().string();
  };
  std::set<std::string> targets;
  for (const auto& t : o.templates) {
    if (!fs::is_regular_file(t, ec)) {
      return Error(std::string(codes::kNotFound), "template not found: " + t.generic_string())
          .with_hint("check the path; `ggen template list` shows the templates");
    }
    targets.insert(lexical(t));
  }
  // Every template of the folder, then the targets that live elsewhere.
  std::vector<std::pair<fs::path, std::string>> files;  // (path, engine name)
  std::set<std::string> loaded;                         // lexical paths
  if (!tdir.empty()) {
    for (const auto& rel : list_templates(tdir)) {
      fs::path p = tdir / rel;
      files.emplace_back(p, rel.generic_string());
      loaded.insert(lexical(p));
    }
  }
  for (auto& [p, name] : pack_template_files(o)) {
    loaded.insert(lexical(p));
    files.emplace_back(std::move(p), std::move(name));
  }
  std::optional<std::set<std::string>> canonical_loaded;
  for (const auto& t : o.templates) {
    if (loaded.count(lexical(t))) continue;
    if (!canonical_loaded) {
      canonical_loaded.emplace();
      for (const auto& [p, name] : files)
        canonical_loaded->insert(fs::weakly_canonical(p, ec).string());
    }
    if (!canonical_loaded->count(fs::weakly_canonical(t, ec).string())) {
      files.emplace_back(t, t.filename().generic_string());
    }
  }
  // Another spelling of a target (only a symlink, once every target is found by its own path).
  std::set<std::string> file_paths;
  for (const auto& [p, name] : files) file_paths.insert(lexical(p));
  bool all_found = std::all_of(targets.begin(), targets.end(),
                               [&](const std::string& t) { return file_paths.count(t) > 0; });
  std::optional<std::set<std::string>> canonical_targets;
  auto is_target = [&](const fs::path& p) {
    if (targets.count(lexical(p))) return true;
    if (all_found && !fs::is_symlink(p, ec)) return false;
    if (!canonical_targets) {
      canonical_targets.emplace();
      for (const auto& t : o.templates)
        canonical_targets->insert(fs::weakly_canonical(t, ec).string());
    }
    return canonical_targets->count(fs::weakly_canonical(p, ec).string()) > 0;
  };
  for (size_t i = 0; i < files.size(); ++i) {
    const auto& [path, name] = files[i];
    if (ctx) {
      ctx->report({"templates", i, files.size()});
      ctx->check();
    }
    auto text = rdf::read_file(path.string());
    if (!text.ok()) return text.error();
    std::string display = display_path(o.root, path);
    inputs.add(display, text.value());
    auto split = yaml::split_frontmatter(text.value(), display);
    if (!split.ok()) return split.error();
    const yaml::Frontmatter& parts = split.value();
    out.sources.names[name] = {display, parts.body_line - 1};
    auto added = engine.add(name, std::string(parts.body));
    if (!added.ok()) {
      Error e = out.sources.fix(added.error());
      if (e.hint().empty()) e.with_hint("see docs/templates.md for the tag and expression syntax");
      return e;
    }
    if (!is_target(path)) continue;
    Unit u;
    u.path = path;
    u.name = name;
    u.display = display;
    u.body_line = parts.body_line;
    u.source = text.value();
    auto node = yaml::parse(parts.yaml, display, parts.yaml_line > 0 ? parts.yaml_line - 1 : 0);
    if (!node.ok()) return node.error();
    auto fm = parse_frontmatter(node.value(), display);
    if (!fm.ok()) return fm.error();
    u.fm = std::move(fm).value();
    out.units.push_back(std::move(u));
  }
  auto checked = engine.check();
  if (!checked.ok()) return out.sources.fix(checked.error());
  std::sort(out.units.begin(), out.units.end(),
            [](const Unit& a, const Unit& b) { return a.display < b.display; });
  return out;
}

}  // namespace detail
}  // namespace ggen::gen
