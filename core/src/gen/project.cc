#include "ggen/gen/project.h"
#include "ggen/gen/frontmatter.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <set>

#include <fcntl.h>
#include <unistd.h>

#include "ggen/rdf/loader.h"
#include "ggen/rdf/parser.h"
#include "ggen/toml/parse.h"

namespace ggen::gen {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

std::optional<fs::path> find_project_file(const fs::path& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec).lexically_normal();
  for (;;) {
    fs::path candidate = dir / "ggen.toml";
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (dir == dir.parent_path() || dir.empty()) return std::nullopt;
    dir = dir.parent_path();
  }
}

namespace {

std::atomic<PackResolver> g_pack_resolver{nullptr};

struct Checker {
  const toml::Document& doc;
  std::string file;

  [[noreturn]] void fail(const std::string& key, std::string msg, std::string hint = {}) const {
    Location at = doc.where(key);
    if (at.file.empty()) at = Location{file, 1, 1};
    raise(Error(std::string(kProjectConfig), std::move(msg)).at(at).with_hint(std::move(hint)));
  }

  void keys(const json& table, const std::string& prefix,
            const std::vector<std::string>& allowed) const {
    for (auto it = table.begin(); it != table.end(); ++it) {
      if (std::find(allowed.begin(), allowed.end(), it.key()) != allowed.end()) continue;
      std::string guess = closest(it.key(), allowed);
      std::string full = prefix.empty() ? it.key() : prefix + "." + it.key();
      fail(full,
           "unknown " + std::string(prefix.empty() ? "section" : "key") + " `" + full +
               "` in ggen.toml",
           guess.empty() ? "see docs/projects.md for what ggen.toml holds"
                         : "did you mean `" + guess + "`?");
    }
  }

  std::string string(const json& t, const std::string& prefix, const char* key,
                     std::string fallback) const {
    if (!t.contains(key)) return fallback;
    if (!t[key].is_string())
      fail(prefix + "." + key, "`" + prefix + "." + key + "` must be a string");
    return t[key].get<std::string>();
  }

  bool boolean(const json& t, const std::string& prefix, const char* key) const {
    if (!t.contains(key)) return false;
    if (!t[key].is_boolean())
      fail(prefix + "." + key, "`" + prefix + "." + key + "` must be true or false");
    return t[key].get<bool>();
  }
};

void add_graphs(const fs::path& root, const fs::path& entry, std::vector<fs::path>& out,
                const Checker& c, const std::string& key) {
  std::error_code ec;
  fs::path p = root / entry;
  if (fs::is_directory(p, ec)) {
    std::vector<fs::path> found;
    for (auto it = fs::recursive_directory_iterator(p, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (it->is_regular_file(ec) && rdf::format_from_path(it->path().string()))
        found.push_back(it->path());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  } else if (fs::is_regular_file(p, ec)) {
    out.push_back(p);
  } else {
    c.fail(key, "the graph `" + entry.generic_string() + "` does not exist",
           "paths in ggen.toml are relative to the folder that holds it");
  }
}

// The first `n` bytes of a file (fewer when it is shorter). POSIX calls: a warm run opens every
// template here, and a stream's construction costs more than the read.
Result<std::string> read_head(const fs::path& p, size_t n) {
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Error(std::string(codes::kIo), "cannot open " + p.string() + ": " + std::strerror(errno))
        .at(Location{p.string(), 0, 0});
  }
  std::string head(n, '\0');
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, head.data() + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += static_cast<size_t>(r);
  }
  ::close(fd);
  head.resize(got);
  return head;
}

// Templates with a frontmatter are run; the others are partials for include/extends/import.
// Only the first five bytes are read: a warm cached run must not read every template here.
Result<bool> runnable(const fs::path& file) {
  auto head = read_head(file, 5);
  if (!head.ok()) return head.error();
  std::string_view t = head.value();
  return t.starts_with("---\n") || t.starts_with("---\r\n");
}

// [generate] packs: "<pack-id>" runs every template of the installed pack that has a frontmatter,
// "<pack-id>:<path>" runs that one; either way the pack's templates join the engine as
// "<pack-id>:<path>". Errors (pack not installed, no such template) point at the key.
Result<void> add_pack_templates(const fs::path& root, const json& packs, const Checker& c,
                                GenerateOptions& o) {
  if (!packs.is_array())
    c.fail("generate.packs", "`generate.packs` must be a list of pack ids or <pack-id>:<path>");
  PackResolver resolve = g_pack_resolver.load();
  std::set<std::string> targets;
  for (const auto& t : o.templates) targets.insert(t.generic_string());
  for (const auto& e : packs) {
    if (!e.is_string())
      c.fail("generate.packs", "`generate.packs` lists pack ids or <pack-id>:<path> (strings)");
    if (!resolve) c.fail("generate.packs", "pack templates are not available in this build");
    auto r = resolve(root, e.get<std::string>());
    if (!r.ok()) {
      Error err = r.error();
      Location at = c.doc.where("generate.packs");
      if (!at.file.empty()) err.at(at);
      return err;
    }
    const PackTemplates& pt = r.value();
    bool known = false;
    for (const auto& [id, dir] : o.packs) known = known || id == pt.id;
    if (!known) o.packs.emplace_back(pt.id, pt.templates_dir);
    std::vector<fs::path> run;
    if (pt.file) {
      run.push_back(*pt.file);
    } else {
      for (const auto& rel : list_templates(pt.templates_dir)) {
        auto yes = runnable(pt.templates_dir / rel);
        if (!yes.ok()) return yes.error();
        if (yes.value()) run.push_back(pt.templates_dir / rel);
      }
    }
    for (auto& f : run) {
      if (targets.insert(f.generic_string()).second) o.templates.push_back(std::move(f));
    }
  }
  return {};
}

}  // namespace

void set_pack_resolver(PackResolver resolver) {
  g_pack_resolver.store(resolver);
}

std::optional<size_t> parse_byte_size(std::string_view text) {
  size_t i = 0, n = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (n > (SIZE_MAX - 9) / 10) return std::nullopt;
    n = n * 10 + static_cast<size_t>(text[i++] - '0');
  }
  if (i == 0) return std::nullopt;
  std::string unit;
  for (; i < text.size(); ++i) {
    if (text[i] != ' ')
      unit += static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
  }
  size_t scale = unit.empty() || unit == "B" ? 1
                 : unit == "KB"              ? 1u << 10
                 : unit == "MB"              ? 1u << 20
                 : unit == "GB"              ? size_t{1} << 30
                                             : 0;
  if (scale == 0 || n > SIZE_MAX / scale) return std::nullopt;
  return n * scale;
}

Result<Project> load_project(const fs::path& start) {
  auto file = find_project_file(start);
  if (!file) {
    return Error(std::string(kProjectConfig), "no ggen.toml in " +
                                                  fs::absolute(start).generic_string() +
                                                  " or any folder above it")
        .with_hint("create a project with `ggen project init`, or run from inside one");
  }
  auto text = rdf::read_file(file->string());
  if (!text.ok()) return text.error();
  auto doc = toml::parse(text.value(), file->string());
  if (!doc.ok()) return doc.error();
  Project p;
  p.config = *file;
  p.root = file->parent_path();
  try {
    Checker c{doc.value(), file->string()};
    const json& r = doc.value().root;
    // [[hooks]] and [lifecycle.*] are validated by the hooks and lifecycle modules, which
    // read them when they run (see docs/hooks.md, docs/lifecycle.md).
    c.keys(
        r, "",
        {"project", "generate", "prefixes", "vars", "hooks", "lifecycle", "cache", "marketplace"});
    json empty = json::object();
    const json& project = r.contains("project") ? r["project"] : empty;
    const json& generate = r.contains("generate") ? r["generate"] : empty;
    c.keys(project, "project", {"name", "description"});
    c.keys(
        generate, "generate",
        {"templates", "output", "graphs", "base", "jobs", "trim_blocks", "lstrip_blocks", "packs"});
    const json& cache = r.contains("cache") ? r["cache"] : empty;
    c.keys(cache, "cache", {"persistent", "memory"});
    p.cache.persistent = c.boolean(cache, "cache", "persistent");
    if (cache.contains("memory")) {
      const json& m = cache["memory"];
      std::optional<size_t> bytes;
      if (m.is_string()) bytes = parse_byte_size(m.get<std::string>());
      if (m.is_number_unsigned()) bytes = m.get<size_t>();
      if (!bytes || *bytes == 0) {
        c.fail("cache.memory", "`cache.memory` must be a size such as \"64MB\"",
               "units: B, KB, MB, GB");
      }
      p.cache.memory = *bytes;
    }
    p.name = c.string(project, "project", "name", p.root.filename().string());
    p.description = c.string(project, "project", "description", "");
    GenerateOptions& o = p.options;
    o.root = p.root;
    o.templates_dir = p.root / c.string(generate, "generate", "templates", "templates");
    o.output_dir = p.root / c.string(generate, "generate", "output", "generated");
    o.base = c.string(generate, "generate", "base", "");
    o.engine.trim_blocks = c.boolean(generate, "generate", "trim_blocks");
    o.engine.lstrip_blocks = c.boolean(generate, "generate", "lstrip_blocks");
    o.engine.autoescape = false;
    if (generate.contains("jobs")) {
      if (!generate["jobs"].is_number_integer() || generate["jobs"].get<int64_t>() < 0) {
        c.fail("generate.jobs",
               "`generate.jobs` must be a whole number (0: the runtime's threads)");
      }
      o.jobs = generate["jobs"].get<size_t>();
    }
    std::vector<std::string> graphs = {"graphs"};
    bool explicit_graphs = generate.contains("graphs");
    if (explicit_graphs) {
      const json& g = generate["graphs"];
      graphs.clear();
      if (g.is_string())
        graphs.push_back(g.get<std::string>());
      else if (g.is_array()) {
        for (const auto& e : g) {
          if (!e.is_string()) c.fail("generate.graphs", "`generate.graphs` lists paths (strings)");
          graphs.push_back(e.get<std::string>());
        }
      } else {
        c.fail("generate.graphs", "`generate.graphs` must be a path or a list of paths");
      }
    }
    std::error_code ec;
    for (const auto& g : graphs) {
      if (!explicit_graphs && !fs::exists(p.root / g, ec)) continue;  // the default is optional
      add_graphs(p.root, g, o.graphs, c, "generate.graphs");
    }
    if (r.contains("prefixes")) {
      for (auto it = r["prefixes"].begin(); it != r["prefixes"].end(); ++it) {
        if (!it.value().is_string()) c.fail("prefixes." + it.key(), "prefix IRIs are strings");
        o.prefixes.emplace_back(it.key(), it.value().get<std::string>());
      }
      std::sort(o.prefixes.begin(), o.prefixes.end());
    }
    o.vars = r.contains("vars") ? tmpl::Value::from_json(nlohmann::json(r["vars"]))
                                : tmpl::Value(tmpl::Object{});
    if (!fs::is_directory(o.templates_dir, ec)) {
      c.fail("generate.templates",
             "the templates folder `" + o.templates_dir.generic_string() + "` does not exist",
             "create it, or point `generate.templates` at your templates");
    }
    // Templates with a frontmatter are run; the others are partials for include/extends/import.
    for (const auto& rel : list_templates(o.templates_dir)) {
      auto run = runnable(o.templates_dir / rel);
      if (!run.ok()) return run.error();
      if (run.value()) o.templates.push_back(o.templates_dir / rel);
    }
    if (generate.contains("packs")) {
      auto added = add_pack_templates(p.root, generate["packs"], c, o);
      if (!added.ok()) return added.error();
    }
  } catch (const Exception& e) {
    return e.error();
  }
  return p;
}

}  // namespace ggen::gen
