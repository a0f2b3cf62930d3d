// Run control in the planner: fail-fast vs keep-going (every failure, each with its own causes),
// a deadline (E_TIMEOUT) and cancellation (E_CANCELLED), none of which leaves a plan to write.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ggen/gen/generate.h"

namespace fs = std::filesystem;
using namespace ggen;
using namespace ggen::gen;

namespace {

class Control : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() /
           ("ggen-control-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    write("templates/a.tmpl", "---\nto: a.txt\n---\nA\n");
    write("templates/b.tmpl", "---\nto: b.txt\n---\n{{ first_missing }}\n");
    write("templates/c.tmpl", "---\nto: c.txt\n---\n{{ second_missing }}\n");
  }
  void TearDown() override { fs::remove_all(root); }

  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel, std::ios::binary) << text;
  }

  GenerateOptions options() {
    GenerateOptions o;
    o.root = root;
    o.templates_dir = root / "templates";
    for (const char* t : {"a.tmpl", "b.tmpl", "c.tmpl"})
      o.templates.push_back(root / "templates" / t);
    o.output_dir = root / "out";
    o.vars = tmpl::Value(tmpl::Object{});
    return o;
  }

  static std::string chain(const Error& e) {
    std::string s;
    for (const Error* c = &e; c; c = c->cause()) s += c->code() + ": " + c->message() + "\n";
    return s;
  }

  fs::path root;
};

TEST_F(Control, KeepGoingReportsEveryFailureWithItsOwnCause) {
  GenerateOptions o = options();
  o.keep_going = true;
  o.jobs = 1;
  auto plan = make_plan(o, {});
  ASSERT_FALSE(plan.ok());
  std::string all = chain(plan.error());
  EXPECT_NE(all.find("first_missing"), std::string::npos) << all;
  EXPECT_NE(all.find("second_missing"), std::string::npos) << all;
  EXPECT_NE(all.find("b.tmpl"), std::string::npos) << all;
  EXPECT_NE(all.find("c.tmpl"), std::string::npos) << all;
  EXPECT_NE(plan.error().hint().find("2 templates failed"), std::string::npos);
}

TEST_F(Control, FailFastReportsOneFailure) {
  GenerateOptions o = options();
  o.jobs = 1;
  auto plan = make_plan(o, {});
  ASSERT_FALSE(plan.ok());
  std::string all = chain(plan.error());
  EXPECT_NE(all.find("first_missing"), std::string::npos) << all;
  EXPECT_EQ(all.find("second_missing"), std::string::npos) << all;
}

TEST_F(Control, DeadlineAndCancellationStopThePlan) {
  fs::remove(root / "templates/b.tmpl");
  fs::remove(root / "templates/c.tmpl");
  GenerateOptions o = options();
  o.templates.resize(1);
  runtime::Context late;
  late.deadline = runtime::Clock::now() - std::chrono::milliseconds(1);
  auto timed_out = make_plan(o, late);
  ASSERT_FALSE(timed_out.ok());
  EXPECT_EQ(timed_out.error().code(), "E_TIMEOUT");
  runtime::Context cancelled;
  cancelled.token.cancel();
  auto stopped = make_plan(o, cancelled);
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().code(), "E_CANCELLED");
  EXPECT_FALSE(fs::exists(root / "out"));
  EXPECT_TRUE(make_plan(o, {}).ok());
}

}  // namespace
