#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ggen/gen/validate.h"

namespace fs = std::filesystem;
using namespace ggen;
using namespace ggen::gen;

namespace {

class Validate : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() /
           ("ggen-validate-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    fs::create_directories(root / "templates");
    write("ggen.toml",
          "[generate]\ntemplates = \"templates\"\ngraphs = [\"graphs\"]\noutput = \"out\"\n"
          "[prefixes]\nex = \"http://example.org/\"\n[vars]\nowner = \"team\"\n");
    write("graphs/domain.ttl",
          "@prefix ex: <http://example.org/> .\n@prefix rdfs: "
          "<http://www.w3.org/2000/01/rdf-schema#> .\n"
          "ex:A a rdfs:Class ; rdfs:label \"A\" .\nex:B a rdfs:Class ; rdfs:label \"B\" .\n");
  }
  void TearDown() override { fs::remove_all(root); }

  fs::path write(const std::string& rel, const std::string& text) {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel, std::ios::binary) << text;
    return root / rel;
  }

  Validation run(tmpl::Value vars = tmpl::Value(tmpl::Object{}), runtime::Context ctx = {}) {
    ProjectOverrides extra;
    extra.vars = std::move(vars);
    auto v = validate_project(root, extra, ctx);
    EXPECT_TRUE(v.ok()) << v.error().to_string();
    return v.ok() ? v.value() : Validation{};
  }

  static const Diagnostic* find(const Validation& v, std::string_view code) {
    for (const auto& d : v.diagnostics)
      if (d.code == code) return &d;
    return nullptr;
  }

  static std::string dump(const Validation& v) {
    std::string s;
    for (const auto& d : v.diagnostics)
      s += d.where.file + ":" + std::to_string(d.where.line) + ":" +
           std::to_string(d.where.column) + " " + d.code + " " + d.message + "\n";
    return s;
  }

  fs::path root;
};

const char* kGood =
    "---\nto: \"out/{{ row.label }}.txt\"\nsparql:\n  classes: |\n"
    "    SELECT ?c ?label WHERE { ?c a rdfs:Class ; rdfs:label ?label } ORDER BY ?label\n"
    "prefixes:\n  rdfs: http://www.w3.org/2000/01/rdf-schema#\nmatrix: classes\n---\n"
    "{{ row.label }} by {{ owner }} ({{ row_index }} of {{ sparql_results.classes | length }})\n";

TEST_F(Validate, CleanProjectHasNoDiagnostics) {
  write("templates/a.tmpl", kGood);
  write("templates/partial.tmpl", "no frontmatter: {{ anything }}\n");  // a partial is not run
  auto v = run();
  EXPECT_TRUE(v.diagnostics.empty()) << dump(v);
  EXPECT_EQ(v.templates, 1u);
  EXPECT_EQ(v.graphs, 1u);
  EXPECT_EQ(v.triples, 4u);
  EXPECT_EQ(v.queries, 1u);
  EXPECT_FALSE(fs::exists(root / "out"));  // nothing written
}

TEST_F(Validate, EveryProblemIsReportedAtOnceAndSorted) {
  write("graphs/bad.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b .\n");
  write("templates/a.tmpl", "---\nto: a.txt\nbogus: 1\n---\n{{ nmae }}\n");
  write("templates/b.tmpl", "---\nto: b.txt\nsparql:\n  q: SELECT ?x WHERE { ?x ?y }\n---\nok\n");
  write("templates/c.tmpl", "---\nto: c.txt\n---\n{% if %}\n");
  auto v = run();
  ASSERT_TRUE(v.errors()) << dump(v);
  EXPECT_TRUE(find(v, "E_RDF_SYNTAX")) << dump(v);
  EXPECT_TRUE(find(v, "E_FRONTMATTER")) << dump(v);
  EXPECT_TRUE(find(v, "E_SPARQL_SYNTAX")) << dump(v);
  EXPECT_TRUE(find(v, "E_TEMPLATE_SYNTAX")) << dump(v);
  const Diagnostic* var = find(v, kUnprovidedVariable);
  ASSERT_TRUE(var) << dump(v);
  EXPECT_EQ(var->where.file, "templates/a.tmpl");
  EXPECT_EQ(var->where.line, 5);
  EXPECT_EQ(var->where.column, 4);
  EXPECT_EQ(var->where.end_column, 8);
  for (size_t i = 1; i < v.diagnostics.size(); ++i) {
    const auto& a = v.diagnostics[i - 1].where;
    const auto& b = v.diagnostics[i].where;
    EXPECT_LE(std::tie(a.file, a.line, a.column), std::tie(b.file, b.line, b.column)) << dump(v);
  }
  // Deterministic: the same report twice.
  EXPECT_EQ(dump(run()), dump(v));
}

TEST_F(Validate, UnprovidedVariableGetsDidYouMean) {
  write("templates/a.tmpl", "---\nto: a.txt\nvars:\n  name: x\n---\n{{ nmae }} {{ owner }}\n");
  auto v = run();
  ASSERT_EQ(v.diagnostics.size(), 1u) << dump(v);
  EXPECT_EQ(v.diagnostics[0].code, kUnprovidedVariable);
  EXPECT_EQ(v.diagnostics[0].severity, Severity::Error);
  EXPECT_NE(v.diagnostics[0].hint.find("`name`"), std::string::npos) << v.diagnostics[0].hint;
}

TEST_F(Validate, CommandLineVarsProvide) {
  write("templates/a.tmpl", "---\nto: a.txt\n---\n{{ name }}\n");
  EXPECT_TRUE(run().errors());
  tmpl::Object vars;
  vars.emplace_back("name", tmpl::Value(std::string("x")));
  EXPECT_TRUE(run(tmpl::Value(std::move(vars))).diagnostics.empty());
}

TEST_F(Validate, GuardedUsesAreWarnings) {
  write("templates/a.tmpl",
        "---\nto: a.txt\n---\n{% if extra %}{{ extra }}{% endif %}{{ other | default(value=1) }}"
        "{% if more is defined %}y{% endif %}\n");
  auto v = run();
  EXPECT_FALSE(v.errors()) << dump(v);
  EXPECT_EQ(v.count(Severity::Warning), 3u) << dump(v);
}

TEST_F(Validate, LoopSetAndMacroNamesAreProvided) {
  write("templates/m.tmpl", "{% macro show(x) %}[{{ x }}]{% endmacro show %}");
  write("templates/a.tmpl",
        "---\nto: a.txt\nvars:\n  items: [1, 2]\n---\n{% import \"m.tmpl\" as m %}"
        "{% set total = 3 %}{% for i in items %}{{ m::show(x=i) }}{{ loop.index }}{% endfor %}"
        "{{ total }}\n");
  auto v = run();
  EXPECT_TRUE(v.diagnostics.empty()) << dump(v);
}

TEST_F(Validate, VariableReadByAnIncludeIsLocatedThere) {
  write("templates/part.tmpl", "line\n{{ missing }}\n");
  write("templates/a.tmpl", "---\nto: a.txt\n---\n{% include \"part.tmpl\" %}\n");
  auto v = run();
  const Diagnostic* d = find(v, kUnprovidedVariable);
  ASSERT_TRUE(d) << dump(v);
  EXPECT_EQ(d->where.file, "templates/part.tmpl");
  EXPECT_EQ(d->where.line, 2);
  EXPECT_NE(d->message.find("templates/a.tmpl"), std::string::npos) << d->message;
}

TEST_F(Validate, UnknownMatrixColumnAndQuery) {
  write("templates/a.tmpl",
        "---\nto: \"{{ row.label }}.txt\"\nsparql:\n  classes: SELECT ?c ?label WHERE { ?c ?p "
        "?label }\n"
        "matrix: classes\n---\n{{ row.lable }} {{ sparql_results.clases }} {{ row._terms.c.value "
        "}}\n");
  auto v = run();
  const Diagnostic* col = find(v, kUnknownColumn);
  ASSERT_TRUE(col) << dump(v);
  EXPECT_NE(col->hint.find("row.label"), std::string::npos);
  const Diagnostic* q = find(v, kUnknownQuery);
  ASSERT_TRUE(q) << dump(v);
  EXPECT_NE(q->hint.find("sparql_results.classes"), std::string::npos);
  EXPECT_EQ(v.diagnostics.size(), 2u) << dump(v);
}

TEST_F(Validate, GuardedUnknownColumnIsAWarning) {
  write(
      "templates/a.tmpl",
      "---\nto: \"{{ row.label }}.txt\"\nsparql:\n  classes: SELECT ?label WHERE { ?c ?p ?label }\n"
      "matrix: classes\n---\n{{ row.coment | default(value=row.label) }}\n");
  auto v = run();
  EXPECT_FALSE(v.errors()) << dump(v);
  const Diagnostic* d = find(v, kGuardedColumn);
  ASSERT_TRUE(d) << dump(v);
  EXPECT_EQ(d->severity, Severity::Warning);
  EXPECT_EQ(d->where.line, 7);
}

TEST_F(Validate, QueryThatFailsAtEvaluationIsADiagnostic) {
  // Parses, but SERVICE cannot be evaluated here (no network access in generation).
  write("templates/a.tmpl",
        "---\nto: a.txt\nsparql:\n  q: SELECT ?x WHERE { SERVICE <http://example.org/s> { ?x ?p ?o "
        "} }\n"
        "---\nx\n");
  auto v = run();
  ASSERT_TRUE(v.errors()) << dump(v);
  EXPECT_EQ(v.diagnostics[0].where.file, "templates/a.tmpl");
  EXPECT_EQ(v.diagnostics[0].where.line, 4) << dump(v);
}

TEST_F(Validate, MissingToAndShellAreErrors) {
  write("templates/a.tmpl", "---\ndescription: x\n---\nx\n");
  write("templates/b.tmpl", "---\nto: b.txt\nsh_after: echo hi\n---\nx\n");
  auto v = run();
  EXPECT_TRUE(find(v, "E_FRONTMATTER")) << dump(v);
  EXPECT_TRUE(find(v, "E_SHELL_REFUSED")) << dump(v);
}

TEST_F(Validate, BrokenGgenTomlIsADiagnostic) {
  write("ggen.toml", "[generate]\ntemplate = \"templates\"\n");
  auto v = run();
  ASSERT_EQ(v.diagnostics.size(), 1u) << dump(v);
  EXPECT_EQ(v.diagnostics[0].code, "E_PROJECT");
  EXPECT_EQ(v.diagnostics[0].where.file, "ggen.toml");
}

TEST_F(Validate, NoProjectIsAnError) {
  fs::path elsewhere = root / "none";
  fs::remove(root / "ggen.toml");
  fs::create_directories(elsewhere);
  auto v = validate_project(elsewhere, {}, {});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code(), "E_PROJECT");
}

TEST_F(Validate, CancelledBeforeStartStops) {
  write("templates/a.tmpl", kGood);
  runtime::Context ctx;
  ctx.token.cancel();
  auto v = validate_project(root, {}, ctx);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code(), "E_CANCELLED");
}

TEST_F(Validate, PastDeadlineIsATimeout) {
  write("templates/a.tmpl", kGood);
  runtime::Context ctx;
  ctx.deadline = runtime::Clock::now() - std::chrono::milliseconds(1);
  auto v = validate_project(root, {}, ctx);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code(), "E_TIMEOUT");
}

TEST_F(Validate, JsonReport) {
  write("templates/a.tmpl", "---\nto: a.txt\n---\n{{ nope }}\n");
  auto v = run();
  auto j = validation_to_json(v);
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["errors"], 1);
  ASSERT_EQ(j["diagnostics"].size(), 1u);
  EXPECT_EQ(j["diagnostics"][0]["code"], "E_UNDEFINED_VARIABLE");
  EXPECT_EQ(j["diagnostics"][0]["line"], 4);
  EXPECT_EQ(j["diagnostics"][0]["severity"], "error");
}

}  // namespace
