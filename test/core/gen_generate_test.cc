#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ggen/gen/generate.h"
#include "ggen/gen/vars.h"

namespace fs = std::filesystem;
using namespace ggen;
using namespace ggen::gen;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class Generate : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("ggen-gen-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    fs::create_directories(root / "templates");
    fs::create_directories(root / "graphs");
  }
  void TearDown() override { fs::remove_all(root); }

  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel, std::ios::binary) << text;
  }

  GenerateOptions options(std::vector<std::string> templates, std::vector<std::string> graphs = {}) {
    GenerateOptions o;
    o.root = root;
    o.templates_dir = root / "templates";
    for (auto& t : templates) o.templates.push_back(root / "templates" / t);
    for (auto& g : graphs) o.graphs.push_back(root / "graphs" / g);
    o.output_dir = root / "out";
    o.vars = tmpl::Value(tmpl::Object{});
    return o;
  }

  Result<ApplyReport> run(const GenerateOptions& o) {
    auto plan = make_plan(o, {});
    if (!plan.ok()) return plan.error();
    return apply_plan(plan.value(), {}, {});
  }

  fs::path root;
};

const char* kPeople = R"(@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Person a ex:Class ; rdfs:label "Person" ; ex:fields 3 .
ex:Order a ex:Class ; rdfs:label "Order"@en ; ex:fields 5 .
)";

}  // namespace

TEST_F(Generate, RendersVariablesAndIsDeterministic) {
  write("templates/hello.tmpl", "---\nto: \"{{ name | snake }}.txt\"\nvars:\n  greeting: Hello\n---\n{{ greeting }}, {{ name }}!\n");
  auto o = options({"hello.tmpl"});
  o.vars = vars_from_assignments({"name=World Wide"}).value();
  auto plan = make_plan(o, {});
  ASSERT_TRUE(plan.ok()) << plan.error().to_string();
  ASSERT_EQ(plan.value().outputs.size(), 1u);
  EXPECT_EQ(plan.value().outputs[0].path, "world_wide.txt");
  EXPECT_EQ(plan.value().outputs[0].action, Action::kCreate);
  EXPECT_EQ(plan.value().outputs[0].content, "Hello, World Wide!\n");
  ASSERT_TRUE(apply_plan(plan.value(), {}, {}).ok());
  EXPECT_EQ(slurp(root / "out/world_wide.txt"), "Hello, World Wide!\n");
  // Second run: nothing to do, and the plan is byte-identical.
  auto again = make_plan(o, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().outputs[0].action, Action::kUnchanged);
  EXPECT_EQ(plan_to_json(again.value(), true).dump().find("\"timestamp\""), std::string::npos);
  // Command-line variables beat frontmatter defaults.
  o.vars = vars_from_assignments({"name=World Wide", "greeting=Hi"}).value();
  EXPECT_EQ(make_plan(o, {}).value().outputs[0].content, "Hi, World Wide!\n");
}

TEST_F(Generate, SparqlResultsArePlainValuesWithTermsBeside) {
  write("graphs/people.ttl", kPeople);
  write("templates/classes.tmpl", R"T(---
to: classes.txt
prefixes:
  ex: http://example.org/
  rdfs: http://www.w3.org/2000/01/rdf-schema#
sparql:
  classes: "SELECT ?c ?label ?n WHERE { ?c a ex:Class ; rdfs:label ?label ; ex:fields ?n } ORDER BY STR(?label)"
---
{% for r in sparql_results.classes %}{{ r.label }} {{ r.n + 1 }} {{ r.c | local }} {{ r._terms.label.lang | default(value="-") }} {{ r._terms.n.datatype | local }}
{% endfor %}count={{ sparql_count(results=sparql_results.classes) }} first={{ sparql_first(results=sparql_results.classes, column="label") }}
)T");
  auto plan = make_plan(options({"classes.tmpl"}, {"people.ttl"}), {});
  ASSERT_TRUE(plan.ok()) << plan.error().to_string();
  EXPECT_EQ(plan.value().outputs[0].content,
            "Order 6 Order en integer\nPerson 4 Person - integer\ncount=2 first=Order\n");
}

TEST_F(Generate, MatrixRendersOneFilePerRowInOrder) {
  write("graphs/people.ttl", kPeople);
  write("templates/model.tmpl", R"T(---
to: "models/{{ row.label | snake }}.rs"
prefixes: { ex: "http://example.org/", rdfs: "http://www.w3.org/2000/01/rdf-schema#" }
sparql:
  classes: SELECT ?label WHERE { ?c a ex:Class ; rdfs:label ?label } ORDER BY STR(?label)
matrix: classes
---
pub struct {{ row.label | pascal }}; // row {{ row_index }}
)T");
  auto o = options({"model.tmpl"}, {"people.ttl"});
  o.jobs = 2;
  ASSERT_TRUE(run(o).ok());
  EXPECT_EQ(slurp(root / "out/models/order.rs"), "pub struct Order; // row 0\n");
  EXPECT_EQ(slurp(root / "out/models/person.rs"), "pub struct Person; // row 1\n");
}

TEST_F(Generate, UnknownFrontmatterKeyIsLocatedWithASuggestion) {
  write("templates/bad.tmpl", "---\nto: a.txt\ntp: b.txt\n---\nbody\n");
  auto plan = make_plan(options({"bad.tmpl"}), {});
  ASSERT_FALSE(plan.ok());
  const Error& e = plan.error();
  EXPECT_EQ(e.code(), "E_FRONTMATTER");
  EXPECT_EQ(e.location().line, 3);
  EXPECT_EQ(e.location().column, 1);
  EXPECT_NE(e.location().file.find("bad.tmpl"), std::string::npos);
  EXPECT_EQ(e.hint(), "did you mean `to`?");
}

TEST_F(Generate, UndefinedVariableReportsTheTemplateFileLine) {
  write("templates/t.tmpl", "---\nto: t.txt\n---\nline one\n{{ nmae }}\n");
  auto o = options({"t.tmpl"});
  o.vars = vars_from_assignments({"name=x"}).value();
  auto plan = make_plan(o, {});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().location().line, 5);
  EXPECT_EQ(plan.error().location().file, "templates/t.tmpl");
  EXPECT_NE(plan.error().hint().find("name"), std::string::npos) << plan.error().hint();
}

TEST_F(Generate, BadSparqlIsASyntaxErrorInTheFrontmatter) {
  write("graphs/people.ttl", kPeople);
  write("templates/q.tmpl", "---\nto: q.txt\nsparql:\n  broken: SELECT ?x WHERE { ?x ?y }\n---\nx\n");
  auto plan = make_plan(options({"q.tmpl"}, {"people.ttl"}), {});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code(), "E_SPARQL_SYNTAX");
  EXPECT_EQ(plan.error().location().line, 4);
}

TEST_F(Generate, ErrorsInBlockQueriesPointIntoTheQuery) {
  write("graphs/people.ttl", kPeople);
  write("templates/q.tmpl", "---\nto: q.txt\nsparql:\n  q: |\n    SELECT ?x\n    WHERE { ?x ?y }\n---\nx\n");
  auto plan = make_plan(options({"q.tmpl"}, {"people.ttl"}), {});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code(), "E_SPARQL_SYNTAX");
  EXPECT_EQ(plan.error().location().line, 6);
  EXPECT_EQ(plan.error().location().column, 19);
}

TEST_F(Generate, PathEscapesAreRefused) {
  write("templates/evil.tmpl", "---\nto: ../../etc/evil.txt\n---\nx\n");
  auto plan = make_plan(options({"evil.tmpl"}), {});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code(), "E_PATH_ESCAPE");
  EXPECT_EQ(plan.error().location().line, 2);
  EXPECT_FALSE(fs::exists(root / "etc"));
}

TEST_F(Generate, HandWrittenFilesNeedForceAndEditsAreDetected) {
  write("templates/a.tmpl", "---\nto: a.txt\n---\nv1\n");
  write("out/a.txt", "written by hand\n");
  auto o = options({"a.tmpl"});
  auto conflict = make_plan(o, {});
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code(), "E_CONFLICT");
  o.force = true;
  ASSERT_TRUE(run(o).ok());
  EXPECT_EQ(slurp(root / "out/a.txt"), "v1\n");
  // Regenerating a file ggen wrote needs no force.
  o.force = false;
  write("templates/a.tmpl", "---\nto: a.txt\n---\nv2\n");
  auto regen = make_plan(o, {});
  ASSERT_TRUE(regen.ok()) << regen.error().to_string();
  EXPECT_EQ(regen.value().outputs[0].action, Action::kOverwrite);
  ASSERT_TRUE(apply_plan(regen.value(), {}, {}).ok());
  // A hand edit of a generated file is caught.
  write("out/a.txt", "v2 edited\n");
  write("templates/a.tmpl", "---\nto: a.txt\n---\nv3\n");
  EXPECT_EQ(make_plan(o, {}).error().code(), "E_CONFLICT");
}

TEST_F(Generate, UnlessExistsSkips) {
  write("templates/a.tmpl", "---\nto: a.txt\nunless_exists: true\n---\nnew\n");
  write("out/a.txt", "mine\n");
  auto plan = make_plan(options({"a.tmpl"}), {});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan.value().outputs[0].action, Action::kSkip);
  EXPECT_EQ(plan.value().outputs[0].reason, "exists (unless_exists)");
}

TEST_F(Generate, InjectionIsIdempotentAcrossRuns) {
  write("out/routes.ts", "// routes\r\nexport {};\r\n");
  write("templates/route.tmpl", "---\nto: routes.ts\ninject: true\nafter: \"^// routes$\"\nidempotent: true\n---\nrouter.get('/{{ name }}');\n");
  auto o = options({"route.tmpl"});
  o.vars = vars_from_assignments({"name=users"}).value();
  ASSERT_TRUE(run(o).ok());
  EXPECT_EQ(slurp(root / "out/routes.ts"), "// routes\r\nrouter.get('/users');\r\nexport {};\r\n");
  auto again = make_plan(o, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().outputs[0].action, Action::kSkip);
  EXPECT_EQ(again.value().outputs[0].reason, "already injected (idempotent)");
}

TEST_F(Generate, MissingAnchorFailsAndWritesNothing) {
  write("out/x.txt", "a\n");
  write("templates/i.tmpl", "---\nto: x.txt\ninject: true\nbefore: nowhere\n---\nb\n");
  write("templates/j.tmpl", "---\nto: y.txt\n---\ny\n");
  auto plan = make_plan(options({"i.tmpl", "j.tmpl"}), {});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code(), "E_INJECT_ANCHOR");
  EXPECT_FALSE(fs::exists(root / "out/y.txt"));
}

TEST_F(Generate, ShellHooksNeedAllowShellAndAreCaptured) {
  write("templates/s.tmpl", "---\nto: s.txt\nsh_after: \"echo made {{ name }}\"\n---\ns\n");
  auto o = options({"s.tmpl"});
  o.vars = vars_from_assignments({"name=s.txt"}).value();
  auto refused = make_plan(o, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), "E_SHELL_REFUSED");
  EXPECT_EQ(refused.error().location().line, 3);
  o.allow_shell = true;
  auto report = run(o);
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  ASSERT_EQ(report.value().shell.size(), 1u);
  EXPECT_EQ(report.value().shell[0].stdout_text, "made s.txt\n");
}

TEST_F(Generate, ClockAndRandomnessNeedDeterminism) {
  write("templates/n.tmpl", "---\nto: n.txt\n---\n{{ now() }}\n");
  EXPECT_EQ(make_plan(options({"n.tmpl"}), {}).error().code(), "E_TEMPLATE_RENDER");
  write("templates/n.tmpl", "---\nto: n.txt\ndeterminism:\n  now: \"2024-01-02T03:04:05Z\"\n  seed: 7\n---\n{{ now() }} {{ get_random(end=1000) }}\n");
  auto a = make_plan(options({"n.tmpl"}), {});
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  auto b = make_plan(options({"n.tmpl"}), {});
  EXPECT_EQ(a.value().outputs[0].content, b.value().outputs[0].content);
  EXPECT_EQ(a.value().outputs[0].content.rfind("2024-01-02T03:04:05Z ", 0), 0u);
}

TEST_F(Generate, SavedPlanRoundTripsAndRefusesStaleInputs) {
  write("templates/a.tmpl", "---\nto: a.txt\n---\nA\n");
  auto o = options({"a.tmpl"});
  auto plan = make_plan(o, {});
  ASSERT_TRUE(plan.ok());
  auto loaded = plan_from_json(nlohmann::json::parse(plan_to_json(plan.value(), true).dump()));
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  write("templates/a.tmpl", "---\nto: a.txt\n---\nB\n");
  auto stale = apply_plan(loaded.value(), {true}, {});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code(), "E_STALE");
  EXPECT_FALSE(fs::exists(root / "out/a.txt"));
  write("templates/a.tmpl", "---\nto: a.txt\n---\nA\n");
  ASSERT_TRUE(apply_plan(loaded.value(), {true}, {}).ok());
  EXPECT_EQ(slurp(root / "out/a.txt"), "A\n");
}

TEST_F(Generate, IncludesResolveInTheTemplatesFolder) {
  write("templates/partials/header.tera", "// generated: {{ name }}\n");
  write("templates/main.tmpl", "---\nto: main.txt\n---\n{% include \"partials/header.tera\" %}body\n");
  auto o = options({"main.tmpl"});
  o.vars = vars_from_assignments({"name=x"}).value();
  auto plan = make_plan(o, {});
  ASSERT_TRUE(plan.ok()) << plan.error().to_string();
  EXPECT_EQ(plan.value().outputs[0].content, "// generated: x\nbody\n");
}
