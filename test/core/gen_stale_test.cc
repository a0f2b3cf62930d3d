// Stale outputs: files ggen wrote that a run no longer produces are deleted, atomically with the
// rest of the batch; hand-edited ones are a conflict unless forced.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "ggen/gen/generate.h"
#include "ggen/gen/vars.h"
#include "ggen/gen/writer.h"

namespace fs = std::filesystem;
using namespace ggen;
using namespace ggen::gen;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

const char* kMatrix = R"(---
to: "models/{{ row.name }}.txt"
prefixes: { ex: "http://example.org/" }
sparql:
  things: "SELECT ?name WHERE { ?t a ex:Thing ; ex:name ?name } ORDER BY ?name"
matrix: things
---
model {{ row.name }}
)";

class Stale : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() /
           ("ggen-stale-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    write("templates/model.tmpl", kMatrix);
    write("templates/readme.tmpl", "---\nto: README.txt\n---\nreadme\n");
    graph({"a", "b", "c"});
  }
  void TearDown() override { fs::remove_all(root); }

  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel, std::ios::binary) << text;
  }
  void graph(std::vector<std::string> names) {
    std::string ttl = "@prefix ex: <http://example.org/> .\n";
    for (auto& n : names) ttl += "ex:" + n + " a ex:Thing ; ex:name \"" + n + "\" .\n";
    write("graphs/g.ttl", ttl);
  }
  GenerateOptions options(std::vector<std::string> templates = {"model.tmpl", "readme.tmpl"}) {
    GenerateOptions o;
    o.root = root;
    o.templates_dir = root / "templates";
    for (auto& t : templates) o.templates.push_back(root / "templates" / t);
    o.graphs.push_back(root / "graphs/g.ttl");
    o.output_dir = root / "out";
    o.vars = tmpl::Value(tmpl::Object{});
    return o;
  }
  Result<Plan> plan(const GenerateOptions& o) { return make_plan(o, {}); }
  void generate(const GenerateOptions& o) {
    auto p = make_plan(o, {});
    ASSERT_TRUE(p.ok()) << p.error().to_string();
    auto a = apply_plan(p.value(), {}, {});
    ASSERT_TRUE(a.ok()) << a.error().to_string();
  }
  const PlannedOutput* find(const Plan& p, const std::string& path) {
    for (const auto& o : p.outputs) {
      if (o.path == path) return &o;
    }
    return nullptr;
  }

  fs::path root;
};

}  // namespace

TEST_F(Stale, ARemovedMatrixRowDeletesItsFile) {
  generate(options());
  ASSERT_TRUE(fs::exists(root / "out/models/b.txt"));
  graph({"a", "c"});
  auto p = plan(options());
  ASSERT_TRUE(p.ok()) << p.error().to_string();
  const PlannedOutput* del = find(p.value(), "models/b.txt");
  ASSERT_NE(del, nullptr);
  EXPECT_EQ(del->action, Action::kDelete);
  EXPECT_NE(del->reason.find("no longer produces it"), std::string::npos) << del->reason;
  EXPECT_EQ(p.value().count(Action::kDelete), 1u);
  // The plan's JSON and diff show it.
  auto j = plan_to_json(p.value(), true);
  EXPECT_EQ(j["summary"]["delete"], 1);
  EXPECT_NE(plan_diff(p.value()).find("+++ /dev/null"), std::string::npos) << plan_diff(p.value());
  EXPECT_TRUE(fs::exists(root / "out/models/b.txt"));  // planning writes nothing
  auto a = apply_plan(p.value(), {}, {});
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_EQ(a.value().deleted, 1u);
  EXPECT_FALSE(fs::exists(root / "out/models/b.txt"));
  EXPECT_TRUE(fs::exists(root / "out/models/a.txt"));
  EXPECT_EQ(slurp(root / "out/.ggen/generated.json").find("models/b.txt"), std::string::npos);
  // Re-running is a no-op.
  auto again = plan(options());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().count(Action::kDelete), 0u);
}

TEST_F(Stale, ARemovedTemplateDeletesItsOutputsAndEmptyFolders) {
  generate(options());
  fs::remove(root / "templates/model.tmpl");
  auto p = plan(options({"readme.tmpl"}));
  ASSERT_TRUE(p.ok()) << p.error().to_string();
  EXPECT_EQ(p.value().count(Action::kDelete), 3u);
  const PlannedOutput* del = find(p.value(), "models/a.txt");
  ASSERT_NE(del, nullptr);
  EXPECT_NE(del->reason.find("was removed"), std::string::npos) << del->reason;
  EXPECT_EQ(del->template_path, "templates/model.tmpl");
  ASSERT_TRUE(apply_plan(p.value(), {}, {}).ok());
  EXPECT_FALSE(fs::exists(root / "out/models"));
  EXPECT_TRUE(fs::exists(root / "out/README.txt"));
}

TEST_F(Stale, AnotherTemplatesOutputsAreLeftAlone) {
  generate(options());
  // Running only readme.tmpl: model.tmpl still exists, so its outputs are not this run's concern.
  auto p = plan(options({"readme.tmpl"}));
  ASSERT_TRUE(p.ok()) << p.error().to_string();
  EXPECT_EQ(p.value().count(Action::kDelete), 0u);
  ASSERT_TRUE(apply_plan(p.value(), {}, {}).ok());
  // And the manifest still knows them: a later removal of a row is still found.
  graph({"a"});
  auto later = plan(options());
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later.value().count(Action::kDelete), 2u);
}

TEST_F(Stale, AHandEditedStaleFileIsAConflictUnlessForced) {
  generate(options());
  write("out/models/b.txt", "my own edits\n");
  graph({"a", "c"});
  auto p = plan(options());
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code(), "E_CONFLICT");
  EXPECT_NE(p.error().message().find("models/b.txt"), std::string::npos);
  EXPECT_NE(p.error().hint().find("--force"), std::string::npos);
  auto o = options();
  o.force = true;
  auto forced = plan(o);
  ASSERT_TRUE(forced.ok()) << forced.error().to_string();
  const PlannedOutput* del = find(forced.value(), "models/b.txt");
  ASSERT_NE(del, nullptr);
  EXPECT_EQ(del->action, Action::kDelete);
  EXPECT_NE(del->reason.find("forced"), std::string::npos);
}

TEST_F(Stale, AFileAlreadyGoneIsJustForgotten) {
  generate(options());
  fs::remove(root / "out/models/b.txt");
  graph({"a", "c"});
  auto p = plan(options());
  ASSERT_TRUE(p.ok()) << p.error().to_string();
  EXPECT_EQ(p.value().count(Action::kDelete), 0u);
  EXPECT_EQ(p.value().manifest_after.find("models/b.txt"), std::string::npos);
}

TEST_F(Stale, AFailedBatchRestoresTheDeletedFile) {
  // A deletion commits, then a later write of the same batch fails (its backup cannot replace
  // a folder): the deleted file comes back, with its permissions.
  write("out/gone.txt", "was here\n");
  ::chmod((root / "out/gone.txt").c_str(), 0600);
  write("out/kept.txt", "old\n");
  write("out/kept.txt.bak/blocker", "x");
  FileWrite del{root / "out/gone.txt", "", false};
  del.remove = true;
  FileWrite upd{root / "out/kept.txt", "new\n", true};
  auto r = write_atomically({del, upd});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_IO");
  EXPECT_EQ(slurp(root / "out/gone.txt"), "was here\n");
  struct stat st;
  ASSERT_EQ(::stat((root / "out/gone.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(slurp(root / "out/kept.txt"), "old\n");
  // And a deletion that succeeds is counted.
  auto ok = write_atomically({del});
  ASSERT_TRUE(ok.ok()) << ok.error().to_string();
  EXPECT_EQ(ok.value().removed, 1u);
  EXPECT_FALSE(fs::exists(root / "out/gone.txt"));
}

TEST_F(Stale, ASavedPlanWithADeletionRoundTripsAndChecksTheTarget) {
  generate(options());
  graph({"a", "c"});
  auto p = plan(options());
  ASSERT_TRUE(p.ok());
  auto saved = plan_from_json(nlohmann::json::parse(plan_to_json(p.value(), true).dump()));
  ASSERT_TRUE(saved.ok()) << saved.error().to_string();
  ApplyOptions ao;
  ao.check_stale = true;
  write("out/models/b.txt", "edited after the plan\n");
  auto refused = apply_plan(saved.value(), ao, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), "E_STALE");
  EXPECT_EQ(slurp(root / "out/models/b.txt"), "edited after the plan\n");
  write("out/models/b.txt", "model b\n");
  auto applied = apply_plan(saved.value(), ao, {});
  ASSERT_TRUE(applied.ok()) << applied.error().to_string();
  EXPECT_FALSE(fs::exists(root / "out/models/b.txt"));
}

TEST_F(Stale, AVersionOneManifestIsReadAndItsEntriesAreNeverDeleted) {
  write("out/models/b.txt", "model b\n");
  // Version 1 recorded hashes only; b.txt has the right hash but no template.
  generate(options());
  graph({"a", "c"});
  std::string sha = sha256_hex("model b\n");
  write("out/.ggen/generated.json",
        "{\"version\": 1, \"files\": {\"models/b.txt\": \"" + sha + "\"}}\n");
  auto p = plan(options());
  ASSERT_TRUE(p.ok()) << p.error().to_string();
  EXPECT_EQ(p.value().count(Action::kDelete), 0u);
}

// The manifest is written directly (so that writing it can be stopped) but must read as the JSON
// library would have written it: re-serializing the parsed text gives the same bytes, for keys
// that need escaping and non-ASCII too, with and without entries.
TEST_F(Stale, TheManifestIsWhatTheJsonLibraryWrites) {
  auto same = [](const std::string& text) {
    return nlohmann::ordered_json::parse(text).dump(2) + "\n" == text;
  };
  // Names (so file names and manifest keys) with a quote, a backslash, a tab and an accent.
  write("graphs/g.ttl",
        "@prefix ex: <http://example.org/> .\n"
        "ex:t1 a ex:Thing ; ex:name \"a\" .\n"
        "ex:t2 a ex:Thing ; ex:name \"q\\\"uote\" .\n"
        "ex:t3 a ex:Thing ; ex:name \"back\\\\slash\" .\n"
        "ex:t4 a ex:Thing ; ex:name \"tab\\tbed\" .\n"
        "ex:t5 a ex:Thing ; ex:name \"caf\u00e9\" .\n");
  auto p = plan(options());
  ASSERT_TRUE(p.ok()) << p.error().to_string();
  EXPECT_EQ(p.value().outputs.size(), 6u);
  EXPECT_TRUE(same(p.value().manifest_after)) << p.value().manifest_after;
  EXPECT_NE(p.value().manifest_after.find("q\\\"uote"), std::string::npos)
      << p.value().manifest_after;
  // No whole file: an injection creating its target is not recorded; the manifest has no entry.
  write("templates/inj.tmpl", "---\nto: notes.txt\ninject: true\nappend: true\n---\nline\n");
  auto none = plan(options({"inj.tmpl"}));
  ASSERT_TRUE(none.ok()) << none.error().to_string();
  EXPECT_TRUE(same(none.value().manifest_after)) << none.value().manifest_after;
  EXPECT_NE(none.value().manifest_after.find("\"files\": {}"), std::string::npos)
      << none.value().manifest_after;
}

// An abort that lands after the last template rendered stops the plan before deciding.
TEST_F(Stale, AStopAfterTheLastRenderStopsThePlan) {
  runtime::Context ctx;
  ctx.progress = [&](const runtime::Progress& pr) {
    if (pr.phase == "rendered" && pr.done == pr.total) ctx.token.cancel();
  };
  auto p = make_plan(options(), ctx);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code(), "E_CANCELLED") << p.error().to_string();
}

// Applying confines every output again (a look at the disk each): a stopped apply stops before
// that, here before it could find the folder now leading out of the output root.
TEST_F(Stale, AStoppedApplyStopsBeforeConfiningTheOutputs) {
  auto p = plan(options());
  ASSERT_TRUE(p.ok()) << p.error().to_string();
  fs::create_directories(root / "elsewhere");
  fs::create_directories(root / "out");
  fs::create_symlink(root / "elsewhere", root / "out/models");
  auto escaped = apply_plan(p.value(), {}, {});
  ASSERT_FALSE(escaped.ok());
  EXPECT_EQ(escaped.error().code(), "E_PATH_ESCAPE") << escaped.error().to_string();
  runtime::Context ctx;
  ctx.token.cancel();
  auto stopped = apply_plan(p.value(), {}, ctx);
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().code(), "E_CANCELLED") << stopped.error().to_string();
  EXPECT_TRUE(fs::is_empty(root / "elsewhere"));
}
