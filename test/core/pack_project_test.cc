// ggen.toml [generate] packs through the pack module's resolver: a pack published to a folder
// registry and installed, then a project that lists it; and the errors when it is not installed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ggen/gen/project.h"
#include "ggen/pack/store.h"

using namespace ggen;
namespace fs = std::filesystem;

namespace {

fs::path fresh(const std::string& name) {
  fs::path p =
      fs::temp_directory_path() / ("ggen_pack_project_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// A project in `root` listing `packs`, and the pack `models` published into root/registry.
void setup(const fs::path& root, const std::string& packs) {
  write(root / "src/ggen-pack.toml",
        "[pack]\nid = \"models\"\nversion = \"1.0.0\"\ndescription = \"d\"\nlicense = \"MIT\"\n");
  write(root / "src/templates/rust/model.tera", "---\nto: model.rs\n---\nx\n");
  write(root / "src/templates/partials/head.tera", "head\n");
  auto published = pack::publish(root / "src", root / "registry", pack::Version{0, 1, 0, {}});
  ASSERT_TRUE(published.ok()) << published.error().to_string();
  write(root / "proj/ggen.toml", "[project]\nname = \"p\"\n\n[generate]\npacks = " + packs + "\n");
  fs::create_directories(root / "proj/templates");
}

}  // namespace

TEST(PackProject, ListedPackTemplatesJoinTheRun) {
  gen::set_pack_resolver(&pack::project_pack_templates);
  fs::path root = fresh("listed");
  setup(root, "[\"models\"]");
  pack::Registry reg;
  reg.location = (root / "registry").generic_string();
  auto installed =
      pack::install(root / "proj", reg, "models", pack::Version{0, 1, 0, {}}, runtime::Context{});
  ASSERT_TRUE(installed.ok()) << installed.error().to_string();

  auto p = gen::load_project(root / "proj");
  ASSERT_TRUE(p.ok()) << p.error().to_string();
  const auto& o = p.value().options;
  fs::path tdir = root / "proj/.ggen/packs/models/1.0.0/templates";
  ASSERT_EQ(o.packs.size(), 1u);
  EXPECT_EQ(o.packs[0].first, "models");
  EXPECT_EQ(o.packs[0].second, tdir);
  // Only the template with a frontmatter runs; the partial is in the engine by name.
  ASSERT_EQ(o.templates.size(), 1u);
  EXPECT_EQ(o.templates[0], tdir / "rust/model.tera");
  auto files = gen::pack_template_files(o);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].second, "models:partials/head.tera");
  EXPECT_EQ(files[1].second, "models:rust/model.tera");

  // One template by reference.
  write(root / "proj/ggen.toml",
        "[project]\nname = \"p\"\n[generate]\npacks = [\"models:partials/head.tera\"]\n");
  auto one = gen::load_project(root / "proj");
  ASSERT_TRUE(one.ok()) << one.error().to_string();
  ASSERT_EQ(one.value().options.templates.size(), 1u);
  EXPECT_EQ(one.value().options.templates[0], tdir / "partials/head.tera");
  fs::remove_all(root);
}

TEST(PackProject, ErrorsPointAtThePacksKey) {
  gen::set_pack_resolver(&pack::project_pack_templates);
  fs::path root = fresh("errors");
  setup(root, "[\"models\"]");
  auto missing = gen::load_project(root / "proj");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), "E_PACK_NOT_INSTALLED");
  EXPECT_EQ(missing.error().location().line, 5);
  EXPECT_NE(missing.error().hint().find("ggen marketplace install models"), std::string::npos);

  write(root / "proj/ggen.toml", "[project]\nname = \"p\"\n[generate]\npacks = \"models\"\n");
  EXPECT_EQ(gen::load_project(root / "proj").error().code(), "E_PROJECT");
  write(root / "proj/ggen.toml", "[project]\nname = \"p\"\n[generate]\npacks = [\"Bad Id\"]\n");
  EXPECT_EQ(gen::load_project(root / "proj").error().code(), "E_INVALID_ARGUMENT");
  write(root / "proj/ggen.toml", "[project]\nname = \"p\"\n[generate]\npackz = [\"models\"]\n");
  auto typo = gen::load_project(root / "proj");
  EXPECT_EQ(typo.error().code(), "E_PROJECT");
  EXPECT_NE(typo.error().hint().find("packs"), std::string::npos);

  // Without the pack module's resolver (gen alone), a packs list is a clear error.
  gen::set_pack_resolver(nullptr);
  write(root / "proj/ggen.toml", "[project]\nname = \"p\"\n[generate]\npacks = [\"models\"]\n");
  EXPECT_EQ(gen::load_project(root / "proj").error().code(), "E_PROJECT");
  gen::set_pack_resolver(&pack::project_pack_templates);
  fs::remove_all(root);
}
