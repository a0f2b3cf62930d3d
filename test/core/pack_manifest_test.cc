#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ggen/pack/manifest.h"
#include "ggen/pack/store.h"

using namespace ggen::pack;
namespace fs = std::filesystem;

namespace {

ggen::Error fails(const std::string& text) {
  auto r = parse_manifest(text, "ggen-pack.toml");
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? ggen::Error() : r.error();
}

fs::path fresh(const std::string& name) {
  fs::path p =
      fs::temp_directory_path() / ("ggen_pack_manifest_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p;
}

}  // namespace

TEST(PackManifest, ParsesEveryField) {
  auto m = parse_manifest(
               "[pack]\nid = \"rust-models\"\nversion = \"1.2.0\"\nname = \"Rust "
               "models\"\ndescription = \"d\"\n"
               "keywords = [\"rust\"]\nlicense = \"MIT\"\nggen = "
               "\">=0.1.0\"\n[contents]\ntemplates = \"tpl\"\n"
               "graphs = [\"g.ttl\"]\nqueries = [\"q\"]\n[dependencies]\nbase = \"^1.0.0\"\n",
               "ggen-pack.toml")
               .value();
  EXPECT_EQ(m.id, "rust-models");
  EXPECT_EQ(m.version.to_string(), "1.2.0");
  EXPECT_EQ(m.name, "Rust models");
  EXPECT_EQ(m.templates, "tpl");
  EXPECT_EQ(m.dependencies.at("base"), "^1.0.0");
  auto minimal = parse_manifest("[pack]\nid = \"ab\"\nversion = \"0.1.0\"\n", "x").value();
  EXPECT_EQ(minimal.name, "ab");
  EXPECT_EQ(minimal.templates, "templates");
  EXPECT_EQ(minimal.ggen, "*");
}

TEST(PackManifest, StrictErrorsPointAtTheKey) {
  auto e = fails("[pack]\nid = \"ab\"\nversion = \"0.1.0\"\nlicence = \"MIT\"\n");
  EXPECT_EQ(e.code(), "E_PACK_MANIFEST");
  EXPECT_EQ(e.location().line, 4);
  EXPECT_NE(e.hint().find("license"), std::string::npos);
  EXPECT_NE(fails("[pakc]\nid = \"ab\"\n").hint().find("pack"), std::string::npos);
  EXPECT_EQ(fails("[pack]\nversion = \"0.1.0\"\n").code(), "E_PACK_MANIFEST");          // no id
  EXPECT_EQ(fails("[pack]\nid = \"Bad!\"\nversion = \"0.1.0\"\n").location().line, 2);  // bad id
  EXPECT_EQ(fails("[pack]\nid = \"ab\"\nversion = \"1.0\"\n").location().line, 3);  // bad version
  EXPECT_EQ(fails("[pack]\nid = \"ab\"\nversion = \"1.0.0\"\nkeywords = \"x\"\n").code(),
            "E_PACK_MANIFEST");
  EXPECT_EQ(fails("[pack]\nid = \"ab\"\nversion = \"1.0.0\"\nggen = \">>1\"\n").code(),
            "E_PACK_MANIFEST");
  EXPECT_EQ(
      fails("[pack]\nid = \"ab\"\nversion = \"1.0.0\"\n[contents]\ntemplates = \"../x\"\n").code(),
      "E_PACK_MANIFEST");
  EXPECT_EQ(fails("[pack]\nid = \"ab\"\nversion = \"1.0.0\"\n[dependencies]\nab = \"*\"\n").code(),
            "E_PACK_MANIFEST");
  EXPECT_EQ(fails("[pack]\nid = \"ab\"\nversion = \"1.0.0\"\n[dependencies]\ncd = 1\n").code(),
            "E_PACK_MANIFEST");
  EXPECT_EQ(fails("[pack]\nid = \"ab\"\nversion = \"1.0.0\"\n[dependencies]\ncd = \"^^1\"\n")
                .location()
                .line,
            5);
  EXPECT_EQ(fails("[pack\n").code(), "E_TOML_SYNTAX");
}

TEST(PackManifest, IdsAndTemplateRefs) {
  EXPECT_TRUE(valid_id("rust-models"));
  EXPECT_TRUE(valid_id("a1.b_c"));
  EXPECT_FALSE(valid_id("a"));  // one letter would read as a drive
  EXPECT_FALSE(valid_id("Rust"));
  EXPECT_FALSE(valid_id("-ab"));
  EXPECT_TRUE(is_template_ref("rust-models:model.tmpl"));
  EXPECT_FALSE(is_template_ref("C:/x.tmpl"));
  EXPECT_FALSE(is_template_ref("templates/x:y.tmpl"));
  EXPECT_FALSE(is_template_ref("http://host/x"));
  EXPECT_FALSE(is_template_ref("plain.tmpl"));
}

TEST(PackManifest, ScaffoldLintsCleanAndLintFindsProblems) {
  fs::path dir = fresh("scaffold");
  ASSERT_TRUE(scaffold_pack(dir, "my-pack").ok());
  auto issues = lint_pack(dir, parse_version("0.1.0").value());
  EXPECT_TRUE(issues.empty()) << issues.front().message;
  EXPECT_EQ(scaffold_pack(dir, "my-pack").error().code(), "E_INVALID_ARGUMENT");  // not empty
  // A ggen outside the range is a warning; an empty templates folder and a symlink are errors.
  EXPECT_EQ(lint_pack(dir, parse_version("0.0.1").value()).front().severity, "warning");
  fs::create_symlink("/etc/hostname", dir / "templates" / "link.tmpl");
  bool symlink_error = false;
  for (const auto& i : lint_pack(dir, parse_version("0.1.0").value()))
    symlink_error |= i.severity == "error";
  EXPECT_TRUE(symlink_error);
  fs::remove_all(dir / "templates");
  fs::create_directories(dir / "templates");
  auto empty = lint_pack(dir, parse_version("0.1.0").value());
  ASSERT_FALSE(empty.empty());
  EXPECT_NE(empty.front().message.find("holds no templates"), std::string::npos);
  fs::remove_all(dir);
}

TEST(PackStore, PublishInstallRemoveThroughAFolderRegistry) {
  fs::path root = fresh("store");
  ASSERT_TRUE(scaffold_pack(root / "src", "my-pack").ok());
  auto v = parse_version("0.1.0").value();
  auto pub = publish(root / "src", root / "registry", v).value();
  EXPECT_EQ(pub.archive, "my-pack-0.1.0.tgz");
  EXPECT_TRUE(publish(root / "src", root / "registry", v).value().unchanged);
  fs::create_directories(root / "ws");
  Registry reg{(root / "registry").string(), {}, nullptr};
  auto installed = install(root / "ws", reg, "my-pack", v, {}).value();
  ASSERT_EQ(installed.changes.size(), 1u);
  EXPECT_EQ(installed.lock.requested.at("my-pack"), "^0.1.0");
  auto file = resolve_template_ref(root / "ws", "my-pack:hello.tmpl").value();
  EXPECT_TRUE(fs::is_regular_file(file));
  EXPECT_EQ(resolve_template_ref(root / "ws", "my-pack:../ggen-pack.toml").error().code(),
            "E_PATH_ESCAPE");
  EXPECT_EQ(resolve_template_ref(root / "ws", "other:x.tmpl").error().code(),
            "E_PACK_NOT_INSTALLED");
  // The lock round-trips byte for byte.
  EXPECT_EQ(lock_to_json(read_lock(root / "ws").value()), lock_to_json(installed.lock));
  ASSERT_TRUE(remove(root / "ws", "my-pack").ok());
  EXPECT_FALSE(fs::exists(root / "ws" / ".ggen" / "packs" / "my-pack"));
  EXPECT_EQ(remove(root / "ws", "my-pack").error().code(), "E_PACK_NOT_INSTALLED");
  Registry missing{(root / "nowhere").string(), {}, nullptr};
  EXPECT_EQ(install(root / "ws", missing, "my-pack", v, {}).error().code(),
            "E_REGISTRY_UNREACHABLE");
  fs::remove_all(root);
}
