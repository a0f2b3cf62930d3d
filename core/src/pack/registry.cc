// Where the registry is and how its files are fetched: a folder is read directly, a URL goes
// through the HTTP client.
#include "ggen/pack/store.h"
#include "ggen/toml/parse.h"
#include "pack/files.h"

namespace ggen::pack {

namespace fs = std::filesystem;

namespace {
bool is_url(const std::string& s) {
  return s.starts_with("http://") || s.starts_with("https://");
}
}  // namespace

Result<std::string> registry_location(const fs::path& workspace,
                                      const std::string& explicit_location, const fs::path& cwd) {
  if (!explicit_location.empty()) {
    if (is_url(explicit_location)) return explicit_location;
    return (cwd / explicit_location).lexically_normal().generic_string();
  }
  fs::path config = workspace / "ggen.toml";
  std::error_code ec;
  if (fs::is_regular_file(config, ec)) {
    auto text = detail::read_all(config);
    if (!text.ok()) return text.error();
    auto doc = toml::parse(text.value(), config.generic_string());
    if (!doc.ok()) return doc.error();
    const auto& r = doc.value().root;
    if (r.contains("marketplace") && r["marketplace"].is_object() &&
        r["marketplace"].contains("registry")) {
      const auto& v = r["marketplace"]["registry"];
      if (!v.is_string() || v.get<std::string>().empty()) {
        return Error(std::string(codes::kConfig),
                     "`marketplace.registry` must be a folder or an http(s) URL")
            .at(doc.value().where("marketplace.registry"));
      }
      std::string loc = v.get<std::string>();
      if (is_url(loc)) return loc;
      return (workspace / loc).lexically_normal().generic_string();
    }
  }
  return Error(std::string(kNoRegistry), "no registry given")
      .with_hint(
          "pass --registry <folder|url>, or set [marketplace] registry = \"...\" in ggen.toml");
}

Result<std::string> registry_fetch(const Registry& r, const std::string& rel,
                                   const runtime::Context& ctx) {
  if (is_url(r.location)) {
    std::string base = r.location.ends_with("/") ? r.location : r.location + "/";
    if (!r.io) return Error(std::string(codes::kInternal), "no I/O thread for HTTP");
    auto resp = http_get(*r.io, join_url(base, rel), r.http, ctx);
    if (!resp.ok()) return resp.error();
    return std::move(resp.value().body);
  }
  std::error_code ec;
  if (!fs::is_directory(r.location, ec)) {
    return Error(std::string(kUnreachable), "the registry folder " + r.location + " does not exist")
        .with_hint("check --registry or [marketplace] registry in ggen.toml");
  }
  if (rel.find("..") != std::string::npos || rel.starts_with("/")) {
    return Error(std::string(codes::kPathEscape),
                 "the registry names a file outside itself: " + rel);
  }
  return detail::read_all(fs::path(r.location) / rel);
}

Result<Index> fetch_index(const Registry& r, const runtime::Context& ctx) {
  auto text = registry_fetch(r, "index.json", ctx);
  if (!text.ok()) {
    if (text.error().code() == codes::kNotFound) {
      return Error(std::string(kBadIndex), "the registry " + r.location + " has no index.json")
          .with_hint(
              "publish a pack into it with `ggen marketplace publish <dir> --registry <folder>`");
    }
    return text.error();
  }
  return parse_index(text.value(), r.location + "/index.json");
}

}  // namespace ggen::pack
