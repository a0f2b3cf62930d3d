#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ggen/lifecycle/lifecycle.h"
#include "ggen/lifecycle/state.h"

using namespace ggen;
using namespace ggen::lifecycle;
namespace fs = std::filesystem;

namespace {

struct Project {
  fs::path root;
  explicit Project(const std::string& toml) {
    std::string tmpl = (fs::temp_directory_path() / "ggen-lifecycle-XXXXXX").string();
    root = ::mkdtemp(tmpl.data());
    write("ggen.toml", toml);
  }
  ~Project() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel, std::ios::binary) << text;
  }
  std::string read(const std::string& rel) const {
    std::ifstream in(root / rel, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  Result<RunReport> run(const std::string& phase, bool force = false, OutputSink sink = {}) const {
    return lifecycle::run(RunRequest{root, phase, force, std::move(sink)}, {});
  }
};

std::vector<std::string> statuses(const RunReport& r) {
  std::vector<std::string> out;
  for (const auto& p : r.phases) out.push_back(p.name + ":" + p.status);
  return out;
}

const char* kToml = R"([project]
name = "demo"

[lifecycle.gen]
commands = ["echo gen >> log", "cat src/a.txt > out.txt"]
inputs = ["src/*.txt"]
outputs = ["out.txt"]

[lifecycle.build]
commands = ["echo build >> log"]
inputs = ["out.txt"]
depends = ["gen"]
)";

}  // namespace

TEST(LifecycleRun, RunsDependenciesThenSkipsUntilAnInputChanges) {
  Project p(kToml);
  p.write("src/a.txt", "one\n");
  auto first = p.run("build");
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_EQ(statuses(first.value()), (std::vector<std::string>{"gen:ran", "build:ran"}));
  EXPECT_EQ(p.read("log"), "gen\nbuild\n");

  auto second = p.run("build");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(statuses(second.value()), (std::vector<std::string>{"gen:skipped", "build:skipped"}));
  EXPECT_EQ(second.value().phases[0].key, first.value().phases[0].key);

  p.write("src/a.txt", "two\n");
  auto third = p.run("build");
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(statuses(third.value()), (std::vector<std::string>{"gen:ran", "build:ran"}));
  EXPECT_EQ(p.read("out.txt"), "two\n");

  // A new input file changes the key too; a deleted output makes its phase run again.
  p.write("src/b.txt", "new\n");
  EXPECT_EQ(statuses(p.run("gen").value()), std::vector<std::string>{"gen:ran"});
  fs::remove(p.root / "out.txt");
  EXPECT_EQ(statuses(p.run("gen").value()), std::vector<std::string>{"gen:ran"});
  EXPECT_EQ(statuses(p.run("gen", true).value()), std::vector<std::string>{"gen:ran"});
}

TEST(LifecycleRun, StateIsDeterministicJsonAndACorruptFileIsDiscarded) {
  Project p(kToml);
  p.write("src/a.txt", "one\n");
  ASSERT_TRUE(p.run("build").ok());
  std::string state = p.read(".ggen/state.json");
  EXPECT_TRUE(state.starts_with("{\n  \"lifecycle\": {\n    \"build\": {\n      \"key\": \""))
      << state;
  auto keys = load_state(p.root);
  EXPECT_FALSE(keys.discarded);
  EXPECT_EQ(keys.keys.size(), 2u);

  p.write(".ggen/state.json", "{ not json");
  auto r = p.run("build");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_TRUE(r.value().state_discarded);
  EXPECT_EQ(statuses(r.value()), (std::vector<std::string>{"gen:ran", "build:ran"}));
  EXPECT_EQ(p.read(".ggen/state.json"), state);  // same inputs, same bytes

  p.write(".ggen/state.json", "{\"lifecycle\": {\"gen\": 3}, \"other\": true}");
  EXPECT_TRUE(load_state(p.root).discarded);
  p.write(".ggen/state.json", "{\"lifecycle\": {}, \"other\": true}");
  ASSERT_TRUE(p.run("gen").ok());
  EXPECT_NE(p.read(".ggen/state.json").find("\"other\": true"), std::string::npos);
}

TEST(LifecycleRun, KeyCoversCommandsAndInputNames) {
  Project p(kToml);
  p.write("src/a.txt", "x");
  Phase ph{"gen", "", {"echo a"}, {"src/*.txt"}, {}, {}, kDefaultTimeout, 0};
  auto k1 = phase_key(p.root, ph).value();
  ph.commands = {"echo b"};
  auto k2 = phase_key(p.root, ph).value();
  EXPECT_NE(k1, k2);
  ph.commands = {"echo a"};
  EXPECT_EQ(phase_key(p.root, ph).value(), k1);
  fs::rename(p.root / "src/a.txt", p.root / "src/b.txt");
  EXPECT_NE(phase_key(p.root, ph).value(), k1);
  EXPECT_EQ(k1.size(), 64u);
}

TEST(LifecycleRun, AFailingCommandStopsEverythingAfterIt) {
  Project p(R"([lifecycle.one]
commands = ["echo one >> log"]
[lifecycle.two]
commands = ["echo two >> log; echo 'it broke' >&2; exit 7", "echo never >> log"]
depends = ["one"]
[lifecycle.three]
commands = ["echo three >> log"]
depends = ["two"]
)");
  std::string streamed;
  auto r = p.run("three", false, [&](std::string_view phase, int stream, std::string_view data) {
    streamed += std::string(phase) + (stream == 1 ? " out: " : " err: ") + std::string(data);
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_LIFECYCLE_FAILED");
  EXPECT_NE(r.error().message().find("exit code 7"), std::string::npos) << r.error().message();
  EXPECT_NE(r.error().message().find("it broke"), std::string::npos);
  EXPECT_EQ(r.error().location().line, 3);
  EXPECT_EQ(p.read("log"), "one\ntwo\n");
  EXPECT_EQ(streamed, "two err: it broke\n");
  // The phase before the failure was recorded; the failed one was not.
  auto state = load_state(p.root);
  EXPECT_EQ(state.keys.count("one"), 1u);
  EXPECT_EQ(state.keys.count("two"), 0u);
}

TEST(LifecycleRun, ATimeoutKillsTheCommand) {
  Project p("[lifecycle.slow]\ncommands = [\"sleep 30; echo late >> log\"]\ntimeout = 200\n");
  auto r = p.run("slow");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_LIFECYCLE_TIMEOUT");
  EXPECT_NE(r.error().message().find("200 ms"), std::string::npos);
  EXPECT_FALSE(fs::exists(p.root / "log"));
}

TEST(LifecycleRun, NoProjectAndUnknownPhase) {
  std::string tmpl = (fs::temp_directory_path() / "ggen-lifecycle-none-XXXXXX").string();
  fs::path empty = ::mkdtemp(tmpl.data());
  auto none = lifecycle::run(RunRequest{empty, "build", false, {}}, {});
  fs::remove_all(empty);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code(), "E_PROJECT");
  Project p(kToml);
  auto unknown = p.run("deploy");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), "E_LIFECYCLE_UNKNOWN_PHASE");
  auto l = list(p.root);
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l.value().phases.size(), 2u);
}
