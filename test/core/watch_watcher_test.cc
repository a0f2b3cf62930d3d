// A real watcher on a temporary project: edits, creations, deletions, renames of files and
// folders, bad input then recovery, ggen.toml changes and closing. Assertions poll the written
// files with a generous deadline; nothing asserts a latency.
#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include "ggen/watch/watcher.h"

namespace fs = std::filesystem;
using namespace ggen;
using namespace ggen::watch;
using namespace std::chrono_literals;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return "<absent>";
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit = 15s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

struct Recorder {
  std::mutex mu;
  std::vector<std::vector<FileChange>> changes;
  std::vector<Generated> generated;
  std::vector<Error> errors;
  size_t after_close = 0;
  bool closing = false;

  WatchEvents events() {
    WatchEvents e;
    e.on_change = [this](const std::vector<FileChange>& c) {
      std::lock_guard lock(mu);
      if (closing) ++after_close;
      changes.push_back(c);
    };
    e.on_generated = [this](const Generated& g) {
      std::lock_guard lock(mu);
      if (closing) ++after_close;
      generated.push_back(g);
    };
    e.on_error = [this](const Error& err, uint64_t) {
      std::lock_guard lock(mu);
      if (closing) ++after_close;
      errors.push_back(err);
    };
    return e;
  }
  size_t n_generated() {
    std::lock_guard lock(mu);
    return generated.size();
  }
  size_t n_errors() {
    std::lock_guard lock(mu);
    return errors.size();
  }
  bool saw_change(const fs::path& p, ChangeKind kind) {
    std::lock_guard lock(mu);
    for (const auto& batch : changes) {
      for (const auto& c : batch) {
        if (c.path == p && c.kind == kind) return true;
      }
    }
    return false;
  }
};

const char* kItems = R"(---
to: "items.txt"
sparql:
  items: "SELECT ?l WHERE { ?s <http://example.org/label> ?l } ORDER BY ?l"
---
{% for r in sparql_results.items %}{{ r.l }}
{% endfor %})";

class Watch : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() /
           ("ggen-watch-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    write("ggen.toml", "[project]\nname = \"w\"\n[vars]\ngreeting = \"hello\"\n");
    write("templates/items.tmpl", kItems);
    write("templates/hello.tmpl", "---\nto: hello.txt\n---\n{{ greeting }}\n");
    write("graphs/data.ttl", "<http://example.org/a> <http://example.org/label> \"alpha\" .\n");
  }
  void TearDown() override {
    if (watcher) close();
    fs::remove_all(root);
  }

  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((root / rel).parent_path());
    // Like an editor: a temporary file renamed over the target.
    fs::path tmp = root / (rel + ".tmp");
    std::ofstream(tmp, std::ios::binary) << text;
    fs::rename(tmp, root / rel);
  }

  void start(std::chrono::milliseconds debounce = 30ms, std::vector<std::string> ggen = {}) {
    WatchOptions o;
    o.project = root;
    o.debounce = debounce;
    o.ggen = std::move(ggen);
    auto w = Watcher::start(o, rec.events());
    ASSERT_TRUE(w.ok()) << w.error().to_string();
    watcher = w.value();
    ASSERT_TRUE(eventually([&] { return rec.n_generated() + rec.n_errors() >= 1; }));
  }

  void close() {
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    watcher->close([&] {
      std::lock_guard lock(m);
      done = true;
      cv.notify_all();
    });
    std::unique_lock lock(m);
    ASSERT_TRUE(cv.wait_for(lock, 15s, [&] { return done; }));
    {
      std::lock_guard r(rec.mu);
      rec.closing = true;
    }
    watcher.reset();
  }

  fs::path out(const std::string& rel) { return root / "generated" / rel; }

  fs::path root;
  Recorder rec;
  std::shared_ptr<Watcher> watcher;
};

TEST_F(Watch, InitialGenerationThenTemplateEdit) {
  start();
  EXPECT_EQ(slurp(out("hello.txt")), "hello\n");
  EXPECT_EQ(slurp(out("items.txt")), "alpha\n");
  {
    std::lock_guard lock(rec.mu);
    ASSERT_EQ(rec.generated.size(), 1u);
    EXPECT_TRUE(rec.generated[0].initial);
    EXPECT_EQ(rec.generated[0].seq, 1u);
  }
  write("templates/hello.tmpl", "---\nto: hello.txt\n---\n{{ greeting }}, world\n");
  ASSERT_TRUE(eventually([&] { return slurp(out("hello.txt")) == "hello, world\n"; }));
  EXPECT_TRUE(rec.saw_change(root / "templates/hello.tmpl", ChangeKind::kModified));
}

TEST_F(Watch, SaveWithoutChangeTriggersNothing) {
  start();
  // Same bytes saved again, and a touch: no change reported for that file.
  write("templates/hello.tmpl", "---\nto: hello.txt\n---\n{{ greeting }}\n");
  fs::last_write_time(root / "templates/items.tmpl", fs::file_time_type::clock::now());
  // A real edit afterwards proves the events above were seen and judged.
  write("graphs/data.ttl", "<http://example.org/a> <http://example.org/label> \"beta\" .\n");
  ASSERT_TRUE(eventually([&] { return slurp(out("items.txt")) == "beta\n"; }));
  // The files are written before the `generated` event is delivered: wait for the event too.
  ASSERT_TRUE(eventually([&] { return rec.n_generated() >= 2; }));
  std::lock_guard lock(rec.mu);
  for (const auto& batch : rec.changes) {
    for (const auto& c : batch) {
      EXPECT_EQ(c.path, root / "graphs/data.ttl") << "a save without a change was reported";
    }
  }
  // Editor temp files (renamed away) never count either.
  EXPECT_EQ(rec.changes.size(), rec.generated.size() - 1);
}

TEST_F(Watch, FoldersCreatedLaterAreWatched) {
  start();
  fs::create_directories(root / "templates/a/b/c");
  write("templates/a/b/c/deep.tmpl", "---\nto: deep.txt\n---\ndeep {{ greeting }}\n");
  ASSERT_TRUE(eventually([&] { return slurp(out("deep.txt")) == "deep hello\n"; }));
  // The new folders are watched: an edit inside them regenerates.
  ASSERT_TRUE(eventually([&] {
    auto dirs = watcher->watched_dirs();
    return std::find(dirs.begin(), dirs.end(), root / "templates/a/b/c") != dirs.end();
  }));
  write("templates/a/b/c/deep.tmpl", "---\nto: deep.txt\n---\ndeeper\n");
  ASSERT_TRUE(eventually([&] { return slurp(out("deep.txt")) == "deeper\n"; }));
}

TEST_F(Watch, RenameAndDeleteFilesAndFolders) {
  write("templates/sub/one.tmpl", "---\nto: one.txt\n---\none\n");
  start();
  ASSERT_EQ(slurp(out("one.txt")), "one\n");
  fs::rename(root / "templates/sub", root / "templates/moved");
  ASSERT_TRUE(eventually([&] {
    return rec.saw_change(root / "templates/sub/one.tmpl", ChangeKind::kRemoved) &&
           rec.saw_change(root / "templates/moved/one.tmpl", ChangeKind::kCreated);
  }));
  // The moved folder is watched under its new name; the old name is not.
  write("templates/moved/one.tmpl", "---\nto: one.txt\n---\nmoved\n");
  ASSERT_TRUE(eventually([&] { return slurp(out("one.txt")) == "moved\n"; }));
  auto dirs = watcher->watched_dirs();
  EXPECT_EQ(std::find(dirs.begin(), dirs.end(), root / "templates/sub"), dirs.end());
  // A renamed file, then a deleted one.
  fs::rename(root / "templates/moved/one.tmpl", root / "templates/moved/two.tmpl");
  ASSERT_TRUE(eventually(
      [&] { return rec.saw_change(root / "templates/moved/two.tmpl", ChangeKind::kCreated); }));
  fs::remove_all(root / "templates/moved");
  ASSERT_TRUE(eventually(
      [&] { return rec.saw_change(root / "templates/moved/two.tmpl", ChangeKind::kRemoved); }));
  size_t before = rec.n_generated();
  write("templates/hello.tmpl", "---\nto: hello.txt\n---\nstill watching\n");
  ASSERT_TRUE(eventually([&] { return slurp(out("hello.txt")) == "still watching\n"; }));
  EXPECT_TRUE(eventually([&] { return rec.n_generated() > before; }));  // reported after the write
}

TEST_F(Watch, BadTurtleIsReportedThenRecovered) {
  start();
  write("graphs/data.ttl",
        "<http://example.org/a> <http://example.org/label> \"gamma\" .\n<oops\n");
  ASSERT_TRUE(eventually([&] { return rec.n_errors() >= 1; }));
  {
    std::lock_guard lock(rec.mu);
    const Error& e = rec.errors.back();
    EXPECT_EQ(e.code(), "E_RDF_SYNTAX") << e.to_string();
    EXPECT_NE(e.location().file.find("data.ttl"), std::string::npos) << e.to_string();
    EXPECT_EQ(e.location().line, 2u) << e.to_string();
  }
  EXPECT_EQ(slurp(out("items.txt")), "alpha\n");  // the last good output, untouched
  write("graphs/data.ttl", "<http://example.org/a> <http://example.org/label> \"gamma\" .\n");
  ASSERT_TRUE(eventually([&] { return slurp(out("items.txt")) == "gamma\n"; }));
}

TEST_F(Watch, BadTemplateIsReportedThenRecovered) {
  start();
  write("templates/hello.tmpl", "---\nto: hello.txt\n---\n{{ greeting \n");
  ASSERT_TRUE(eventually([&] { return rec.n_errors() >= 1; }));
  {
    std::lock_guard lock(rec.mu);
    const Error& e = rec.errors.back();
    EXPECT_EQ(e.code(), "E_TEMPLATE_SYNTAX") << e.to_string();
    EXPECT_NE(e.location().file.find("hello.tmpl"), std::string::npos) << e.to_string();
    EXPECT_GE(e.location().line, 1u);
  }
  EXPECT_EQ(slurp(out("hello.txt")), "hello\n");
  write("templates/hello.tmpl", "---\nto: hello.txt\n---\nfixed\n");
  ASSERT_TRUE(eventually([&] { return slurp(out("hello.txt")) == "fixed\n"; }));
}

TEST_F(Watch, ConfigChangesAreFollowed) {
  start();
  write("ggen.toml", "[project]\nname = \"w\"\n[vars]\ngreeting = \"bonjour\"\n");
  ASSERT_TRUE(eventually([&] { return slurp(out("hello.txt")) == "bonjour\n"; }));
  // A broken ggen.toml is an error with its location; fixing it recovers.
  write("ggen.toml", "[project]\nname = \"w\"\n[varz]\ngreeting = \"x\"\n");
  ASSERT_TRUE(eventually([&] { return rec.n_errors() >= 1; }));
  {
    std::lock_guard lock(rec.mu);
    EXPECT_EQ(rec.errors.back().code(), "E_PROJECT");
    EXPECT_EQ(rec.errors.back().location().line, 3u);
  }
  // A graph folder named before it exists fails to load, and is watched for: creating it
  // recovers.
  write("ggen.toml",
        "[project]\nname = \"w\"\n[generate]\ngraphs = [\"more\"]\n[vars]\ngreeting = \"hej\"\n");
  ASSERT_TRUE(eventually([&] { return rec.n_errors() >= 2; }));
  {
    std::lock_guard lock(rec.mu);
    EXPECT_EQ(rec.errors.back().code(), "E_PROJECT");
  }
  write("more/x.ttl", "<http://example.org/b> <http://example.org/label> \"delta\" .\n");
  ASSERT_TRUE(eventually([&] { return slurp(out("items.txt")) == "delta\n"; }));
  EXPECT_EQ(slurp(out("hello.txt")), "hej\n");
}

TEST_F(Watch, DefaultGraphFolderCreatedLater) {
  fs::remove_all(root / "graphs");
  start();
  EXPECT_EQ(slurp(out("items.txt")), "");
  write("graphs/late.ttl", "<http://example.org/c> <http://example.org/label> \"late\" .\n");
  ASSERT_TRUE(eventually([&] { return slurp(out("items.txt")) == "late\n"; }));
}

TEST_F(Watch, CloseStopsEventsAndLeavesNoPartialFile) {
  start(0ms);
  for (int i = 0; i < 20; ++i) {
    write("templates/hello.tmpl", "---\nto: hello.txt\n---\nv" + std::to_string(i) + "\n");
  }
  close();
  // Whatever was in flight either finished or was cancelled: no temporary file is left behind.
  for (const auto& e : fs::recursive_directory_iterator(root / "generated")) {
    std::string name = e.path().filename().string();
    EXPECT_EQ(name.find(".tmp"), std::string::npos) << name;
    EXPECT_EQ(name.find(".ggen-"), std::string::npos) << name;
  }
  std::string text = slurp(out("hello.txt"));
  EXPECT_TRUE(text == "hello\n" || (text.size() >= 3 && text[0] == 'v')) << text;
  write("templates/hello.tmpl", "---\nto: hello.txt\n---\nafter close\n");
  std::this_thread::sleep_for(200ms);  // a wait for nothing to happen: no assertion on timing
  EXPECT_NE(slurp(out("hello.txt")), "after close\n");
  EXPECT_EQ(rec.after_close, 0u);
}

TEST_F(Watch, WatchHooksRunAfterEachRegeneration) {
  write("ggen.toml",
        "[project]\nname = \"w\"\n[vars]\ngreeting = \"hello\"\n"
        "[[hooks]]\non = \"watch\"\nrun = [\"project\", \"validate\"]\n");
  // Stands in for ggen: records its arguments and the event in the project folder.
  start(30ms, {"sh", "-c", "printf '%s ' \"$GGEN_HOOK_EVENT\" \"$@\" >> hook.log", "sh"});
  ASSERT_TRUE(eventually([&] { return slurp(root / "hook.log") == "watch project validate "; }));
  ASSERT_TRUE(eventually([&] { return rec.n_generated() >= 1; }));  // delivered after the hook ran
  {
    std::lock_guard lock(rec.mu);
    ASSERT_EQ(rec.generated.back().hooks.runs.size(), 1u);
    EXPECT_EQ(rec.generated.back().hooks.runs[0].command, "project validate");
  }
  write("templates/hello.tmpl", "---\nto: hello.txt\n---\nagain\n");
  ASSERT_TRUE(eventually([&] {
    return slurp(root / "hook.log") == "watch project validate watch project validate ";
  }));
  EXPECT_EQ(slurp(out("hello.txt")), "again\n");
}

TEST_F(Watch, AFailingWatchHookIsReportedAfterTheWrite) {
  write("ggen.toml",
        "[project]\nname = \"w\"\n[vars]\ngreeting = \"hello\"\n[[hooks]]\non = \"watch\"\nrun = "
        "[\"x\"]\n");
  start(30ms, {"sh", "-c", "echo broken >&2; exit 3", "sh"});
  ASSERT_TRUE(eventually([&] { return rec.n_errors() >= 1 && rec.n_generated() >= 1; }));
  std::lock_guard lock(rec.mu);
  EXPECT_EQ(rec.errors[0].code(), "E_HOOK_FAILED") << rec.errors[0].to_string();
  EXPECT_EQ(rec.errors[0].location().line, 5u);
  EXPECT_NE(rec.errors[0].message().find("broken"), std::string::npos);
  EXPECT_EQ(rec.errors[0].location().line, 5u);
  EXPECT_EQ(slurp(out("hello.txt")), "hello\n");  // written before the hook ran
}

TEST_F(Watch, StartFailsWithoutProject) {
  fs::remove(root / "ggen.toml");
  WatchOptions o;
  o.project = root;
  auto w = Watcher::start(o, rec.events());
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().code(), "E_PROJECT");
}

}  // namespace
