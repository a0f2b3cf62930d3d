// publish: lint, pack reproducibly, write the archive and the updated index (index last, so a
// reader never sees an index entry without its archive).
#include "ggen/gen/plan.h"
#include "ggen/pack/archive.h"
#include "ggen/pack/store.h"
#include "pack/files.h"

namespace ggen::pack {

namespace fs = std::filesystem;

Result<PublishReport> publish(const fs::path& dir, const fs::path& registry_dir,
                              const Version& ggen) {
  for (const auto& issue : lint_pack(dir, ggen)) {
    if (issue.severity == "error") {
      return Error(issue.code, issue.message)
          .at(issue.location)
          .with_hint(issue.hint.empty() ? "run `ggen pack lint` for every problem" : issue.hint);
    }
  }
  auto m = read_manifest(dir);
  if (!m.ok()) return m.error();
  PublishReport rep;
  try {
    rep.files = pack_files(dir, m.value());
  } catch (const Exception& e) {
    return e.error();
  }
  auto bytes = pack_archive(dir, rep.files);
  if (!bytes.ok()) return bytes.error();
  rep.id = m.value().id;
  rep.version = m.value().version.to_string();
  rep.archive = rep.id + "-" + rep.version + ".tgz";
  rep.sha256 = gen::sha256_hex(bytes.value());
  rep.size = bytes.value().size();
  std::error_code ec;
  fs::create_directories(registry_dir, ec);
  if (ec) return detail::io_error("cannot create the registry folder", registry_dir, ec);
  Index index;
  fs::path index_file = registry_dir / "index.json";
  if (fs::exists(index_file, ec)) {
    auto text = detail::read_all(index_file);
    if (!text.ok()) return text.error();
    auto parsed = parse_index(text.value(), index_file.generic_string());
    if (!parsed.ok()) return parsed.error();
    index = std::move(parsed).value();
  }
  auto pack = index.packs.find(rep.id);
  if (pack != index.packs.end()) {
    if (const IndexVersion* v = pack->second.find(m.value().version); v && v->sha256 == rep.sha256)
      rep.unchanged = true;
  }
  auto added = add_to_index(index, m.value(), rep.archive, rep.sha256, rep.size);
  if (!added.ok()) return added.error();
  if (rep.unchanged) return rep;
  auto w = detail::write_atomic(registry_dir / rep.archive, bytes.value());
  if (!w.ok()) return w.error();
  w = detail::write_atomic(index_file, index_to_json(index));
  if (!w.ok()) return w.error();
  return rep;
}

}  // namespace ggen::pack
