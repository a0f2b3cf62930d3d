// ggen-pack.toml: parsing (strict, did-you-mean), linting against the files, the file list that
// goes into an archive, and the scaffold of `ggen pack new`.
#include "ggen/pack/manifest.h"

#include <algorithm>
#include <set>

#include "ggen/gen/frontmatter.h"
#include "ggen/gen/generate.h"
#include "ggen/toml/parse.h"
#include "pack/files.h"

namespace ggen::pack {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

bool valid_id(std::string_view id) {
  if (id.size() < 2 || id.size() > 64) return false;
  if (!std::isalnum(static_cast<unsigned char>(id[0]))) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
  });
}

namespace {

struct Checker {
  const toml::Document& doc;
  std::string file;

  [[noreturn]] void fail(const std::string& key, std::string msg, std::string hint = {}) const {
    Location at = doc.where(key);
    if (at.file.empty()) at = Location{file, 1, 1};
    raise(Error(std::string(kBadManifest), std::move(msg)).at(at).with_hint(std::move(hint)));
  }
  void keys(const ojson& t, const std::string& prefix,
            const std::vector<std::string>& allowed) const {
    if (!t.is_object()) fail(prefix, "`" + prefix + "` must be a table");
    for (auto it = t.begin(); it != t.end(); ++it) {
      if (std::find(allowed.begin(), allowed.end(), it.key()) != allowed.end()) continue;
      std::string guess = gen::closest(it.key(), allowed);
      std::string full = prefix.empty() ? it.key() : prefix + "." + it.key();
      fail(full,
           "unknown " + std::string(prefix.empty() ? "section" : "key") + " `" + full + "` in " +
               std::string(kManifestFile),
           guess.empty() ? "see docs/packs.md for what ggen-pack.toml holds"
                         : "did you mean `" + guess + "`?");
    }
  }
  std::string str(const ojson& t, const std::string& prefix, const char* key, bool required,
                  std::string fallback = {}) const {
    std::string full = prefix + "." + key;
    if (!t.contains(key)) {
      if (required)
        fail(prefix, "`" + full + "` is required",
             "add `" + std::string(key) + " = \"...\"` under [" + prefix + "]");
      return fallback;
    }
    if (!t[key].is_string()) fail(full, "`" + full + "` must be a string");
    return t[key].get<std::string>();
  }
  std::vector<std::string> list(const ojson& t, const std::string& prefix, const char* key) const {
    std::vector<std::string> out;
    if (!t.contains(key)) return out;
    std::string full = prefix + "." + key;
    if (!t[key].is_array()) fail(full, "`" + full + "` must be a list of strings");
    for (const auto& e : t[key]) {
      if (!e.is_string()) fail(full, "`" + full + "` must be a list of strings");
      out.push_back(e.get<std::string>());
    }
    return out;
  }
};

// A relative path inside the pack: no absolute paths, no `..`.
bool inside(const std::string& rel) {
  fs::path p(rel);
  if (rel.empty() || p.is_absolute() || rel.find('\\') != std::string::npos) return false;
  for (const auto& part : p.lexically_normal()) {
    if (part == "..") return false;
  }
  return true;
}

}  // namespace

Result<Manifest> parse_manifest(std::string_view text, const std::string& file) {
  auto doc = toml::parse(text, file);
  if (!doc.ok()) return doc.error();
  Manifest m;
  try {
    Checker c{doc.value(), file};
    const ojson& r = doc.value().root;
    c.keys(r, "", {"pack", "contents", "dependencies"});
    if (!r.contains("pack"))
      c.fail("", "the [pack] section is missing",
             "start the file with [pack] id = \"...\" version = \"...\"");
    const ojson& p = r["pack"];
    c.keys(p, "pack", {"id", "version", "name", "description", "keywords", "license", "ggen"});
    m.id = c.str(p, "pack", "id", true);
    if (!valid_id(m.id)) {
      c.fail("pack.id", "invalid pack id `" + m.id + "`",
             "ids are 2-64 characters of a-z 0-9 - . _ starting with a letter or digit");
    }
    std::string v = c.str(p, "pack", "version", true);
    auto version = parse_version(v);
    if (!version.ok()) c.fail("pack.version", version.error().message(), version.error().hint());
    m.version = version.value();
    m.name = c.str(p, "pack", "name", false, m.id);
    m.description = c.str(p, "pack", "description", false);
    m.keywords = c.list(p, "pack", "keywords");
    m.license = c.str(p, "pack", "license", false);
    m.ggen = c.str(p, "pack", "ggen", false, "*");
    if (auto range = parse_range(m.ggen); !range.ok())
      c.fail("pack.ggen", range.error().message(), range.error().hint());
    ojson empty = ojson::object();
    const ojson& contents = r.contains("contents") ? r["contents"] : empty;
    c.keys(contents, "contents", {"templates", "graphs", "queries"});
    m.templates = c.str(contents, "contents", "templates", false, "templates");
    m.graphs = c.list(contents, "contents", "graphs");
    m.queries = c.list(contents, "contents", "queries");
    std::vector<std::string> all = m.graphs;
    all.insert(all.end(), m.queries.begin(), m.queries.end());
    all.push_back(m.templates);
    for (const auto& rel : all) {
      if (!inside(rel)) {
        c.fail("contents", "`" + rel + "` is not a relative path inside the pack",
               "paths in [contents] are relative to ggen-pack.toml and stay below it");
      }
    }
    if (r.contains("dependencies")) {
      const ojson& d = r["dependencies"];
      if (!d.is_object())
        c.fail("dependencies", "[dependencies] must be a table of `id = \"range\"`");
      for (auto it = d.begin(); it != d.end(); ++it) {
        std::string key = "dependencies." + it.key();
        if (!valid_id(it.key())) c.fail(key, "invalid dependency id `" + it.key() + "`");
        if (it.key() == m.id)
          c.fail(key, "pack `" + m.id + "` depends on itself", "remove the entry");
        if (!it.value().is_string())
          c.fail(key, "`" + key + "` must be a version range string such as \"^1.0.0\"");
        auto range = parse_range(it.value().get<std::string>());
        if (!range.ok()) c.fail(key, range.error().message(), range.error().hint());
        m.dependencies[it.key()] = it.value().get<std::string>();
      }
    }
  } catch (const Exception& e) {
    return e.error();
  }
  return m;
}

Result<Manifest> read_manifest(const fs::path& pack_dir) {
  fs::path file = pack_dir / kManifestFile;
  auto text = detail::read_all(file);
  if (!text.ok()) {
    if (text.error().code() == codes::kNotFound) {
      return Error(std::string(kBadManifest),
                   "no " + std::string(kManifestFile) + " in " + pack_dir.generic_string())
          .with_hint("create one with `ggen pack new <id>`");
    }
    return text.error();
  }
  return parse_manifest(text.value(), file.generic_string());
}

namespace {

void add_tree(const fs::path& root, const std::string& rel, std::set<std::string>& out) {
  std::error_code ec;
  fs::path p = root / rel;
  auto st = fs::symlink_status(p, ec);
  if (fs::is_symlink(st)) {
    raise(Error(std::string(kBadManifest), "`" + rel + "` is a symbolic link")
              .with_hint("packs hold regular files only"));
  }
  if (fs::is_regular_file(st)) {
    out.insert(fs::path(rel).lexically_normal().generic_string());
    return;
  }
  if (!fs::is_directory(st)) return;
  for (auto it = fs::recursive_directory_iterator(p, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    auto s = it->symlink_status(ec);
    std::string r = it->path().lexically_relative(root).generic_string();
    if (fs::is_symlink(s)) {
      raise(Error(std::string(kBadManifest), "`" + r + "` is a symbolic link")
                .with_hint("packs hold regular files only"));
    }
    if (fs::is_regular_file(s)) out.insert(r);
  }
}

}  // namespace

std::vector<std::string> pack_files(const fs::path& pack_dir, const Manifest& m) {
  std::set<std::string> out{std::string(kManifestFile)};
  add_tree(pack_dir, m.templates, out);
  for (const auto& g : m.graphs) add_tree(pack_dir, g, out);
  for (const auto& q : m.queries) add_tree(pack_dir, q, out);
  for (const char* extra : {"README.md", "LICENSE"}) {
    std::error_code ec;
    if (fs::is_regular_file(fs::symlink_status(pack_dir / extra, ec))) out.insert(extra);
  }
  return {out.begin(), out.end()};
}

std::vector<LintIssue> lint_pack(const fs::path& pack_dir, const Version& ggen_version) {
  std::vector<LintIssue> issues;
  fs::path file = pack_dir / kManifestFile;
  auto m = read_manifest(pack_dir);
  if (!m.ok()) {
    const Error& e = m.error();
    issues.push_back({"error", e.code(), e.message(), e.location(), e.hint()});
    return issues;
  }
  auto at = [&](int line = 1) { return Location{file.generic_string(), line, 1}; };
  const Manifest& man = m.value();
  std::error_code ec;
  auto err = [&](std::string msg, std::string hint) {
    issues.push_back({"error", std::string(kBadManifest), std::move(msg), at(), std::move(hint)});
  };
  if (!fs::is_directory(pack_dir / man.templates, ec)) {
    err("the templates folder `" + man.templates + "` does not exist",
        "create it or set [contents] templates");
  } else if (gen::list_templates(pack_dir / man.templates).empty()) {
    err("the templates folder `" + man.templates + "` holds no templates (.tmpl .tera .tpl .j2)",
        "add a template");
  }
  for (const auto* group : {&man.graphs, &man.queries}) {
    for (const auto& p : *group) {
      if (!fs::exists(pack_dir / p, ec))
        err("`" + p + "` does not exist",
            "fix the path in [contents]; it is relative to ggen-pack.toml");
    }
  }
  try {
    (void)pack_files(pack_dir, man);
  } catch (const Exception& e) {
    issues.push_back({"error", e.error().code(), e.error().message(), at(), e.error().hint()});
  }
  auto range = parse_range(man.ggen);
  if (range.ok() && !range.value().satisfied_by(ggen_version)) {
    issues.push_back({"warning", "E_PACK_GGEN_VERSION",
                      "this ggen (" + ggen_version.to_string() +
                          ") is outside the pack's ggen range `" + man.ggen + "`",
                      at(), "widen [pack] ggen"});
  }
  if (man.description.empty())
    issues.push_back({"warning", "W_PACK_DESCRIPTION", "no description: search ranks packs by it",
                      at(), "add [pack] description"});
  if (man.license.empty())
    issues.push_back(
        {"warning", "W_PACK_LICENSE", "no license", at(), "add [pack] license, e.g. \"MIT\""});
  return issues;
}

Result<std::vector<std::string>> scaffold_pack(const fs::path& dir, const std::string& id) {
  if (!valid_id(id)) {
    return Error(std::string(codes::kInvalidArgument), "invalid pack id `" + id + "`")
        .with_hint("ids are 2-64 characters of a-z 0-9 - . _ starting with a letter or digit");
  }
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return Error(std::string(codes::kInvalidArgument),
                 "the folder " + dir.generic_string() + " exists and is not empty")
        .with_hint("choose a new folder");
  }
  std::vector<std::pair<std::string, std::string>> files = {
      {std::string(kManifestFile),
       "[pack]\nid = \"" + id + "\"\nversion = \"0.1.0\"\ndescription = \"Templates for " + id +
           "\"\nkeywords = []\nlicense = \"MIT\"\nggen = \">=0.1.0\"\n\n[contents]\ntemplates = "
           "\"templates\"\n"
           "graphs = []\nqueries = []\n\n[dependencies]\n"},
      {"templates/hello.tmpl",
       "---\nto: \"{{ name | default(value='hello') }}.txt\"\n---\nHello from the " + id +
           " pack, {{ name | default(value='world') }}!\n"},
      {"README.md", "# " + id + "\n\nA ggen pack. Use its templates as `" + id + ":hello.tmpl`.\n"},
  };
  std::vector<std::string> written;
  for (const auto& [rel, text] : files) {
    auto w = detail::write_atomic(dir / rel, text);
    if (!w.ok()) return w.error();
    written.push_back(rel);
  }
  return written;
}

}  // namespace ggen::pack
