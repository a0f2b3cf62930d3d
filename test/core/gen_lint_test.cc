#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ggen/gen/lint.h"

namespace fs = std::filesystem;
using namespace ggen;
using namespace ggen::gen;

namespace {

class Lint : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() /
           ("ggen-lint-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    fs::create_directories(root / "templates");
  }
  void TearDown() override { fs::remove_all(root); }

  fs::path write(const std::string& rel, const std::string& text) {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel, std::ios::binary) << text;
    return root / rel;
  }

  Inspection lint(const std::string& rel) {
    InspectOptions o;
    o.root = root;
    return inspect_template(root / rel, o);
  }

  static const Diagnostic* find(const Inspection& ins, std::string_view code) {
    for (const auto& d : ins.diagnostics)
      if (d.code == code) return &d;
    return nullptr;
  }

  fs::path root;
};

TEST_F(Lint, CleanTemplateHasNoDiagnostics) {
  write("templates/a.tmpl",
        "---\nto: out/{{ name }}.txt\nvars:\n  name: x\n---\nHello {{ name }}\n"
        "{% for i in [1, 2] %}{{ i }}{% endfor %}\n");
  auto ins = lint("templates/a.tmpl");
  EXPECT_TRUE(ins.diagnostics.empty()) << ins.diagnostics[0].message;
  ASSERT_TRUE(ins.frontmatter);
  EXPECT_EQ(ins.variables, std::vector<std::string>{"name"});
}

TEST_F(Lint, TemplateSyntaxErrorIsLocatedInTheFile) {
  write("templates/a.tmpl", "---\nto: x.txt\n---\nline one\n{{ oops( }}\n");
  auto ins = lint("templates/a.tmpl");
  ASSERT_TRUE(ins.errors());
  const Diagnostic* d = find(ins, "E_TEMPLATE_SYNTAX");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->where.file, "templates/a.tmpl");
  EXPECT_EQ(d->where.line, 5);
  EXPECT_GT(d->where.column, 0);
}

TEST_F(Lint, EveryUnknownKeyIsReported) {
  write("templates/a.tmpl", "---\ntp: x.txt\nforce: true\ndescripton: hi\n---\nbody\n");
  auto ins = lint("templates/a.tmpl");
  int unknown = 0;
  for (const auto& d : ins.diagnostics) {
    if (d.code == "E_FRONTMATTER") ++unknown;
  }
  EXPECT_EQ(unknown, 2);
  EXPECT_EQ(ins.diagnostics[0].where.line, 2);
  EXPECT_NE(ins.diagnostics[0].hint.find("to"), std::string::npos);
  EXPECT_EQ(ins.diagnostics[1].where.line, 4);
}

TEST_F(Lint, BadSparqlPointsIntoTheFrontmatter) {
  write("templates/a.tmpl",
        "---\nto: x.txt\nprefixes:\n  ex: http://example.org/\nsparql:\n  good: SELECT ?s WHERE { "
        "?s a ex:C }\n"
        "  bad: |\n    SELECT ?s\n    WHERE { ?s a ex:C \n---\n{{ sparql_results.good }}\n");
  auto ins = lint("templates/a.tmpl");
  const Diagnostic* d = find(ins, "E_SPARQL_SYNTAX");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("`bad`"), std::string::npos);
  EXPECT_GE(d->where.line, 8);
  EXPECT_LE(d->where.line, 10);
  EXPECT_EQ(ins.diagnostics.size(), 1u);
}

TEST_F(Lint, BlockScalarQueryErrorsPointAtTheQueryText) {
  write("templates/a.tmpl",
        "---\nto: x\nsparql:\n  q: |\n    SELECT ?s WHERE { ?s ?p ?o . FILTER(?s = ) }\n"
        "  r: SELECT ?s WHERE { ?s ?p ?o . FILTER(?s = ) }\n---\nx\n");
  auto ins = lint("templates/a.tmpl");
  ASSERT_EQ(ins.diagnostics.size(), 2u);
  EXPECT_EQ(ins.diagnostics[0].where.line, 5);
  EXPECT_EQ(ins.diagnostics[0].where.column, 46);
  EXPECT_EQ(ins.diagnostics[1].where.line, 6);
  EXPECT_EQ(ins.diagnostics[1].where.column, 47);
}

TEST_F(Lint, UnknownPrefixIsAnError) {
  write("templates/a.tmpl",
        "---\nto: x.txt\nsparql:\n  q: SELECT ?s WHERE { ?s a nope:C }\n---\nx\n");
  auto ins = lint("templates/a.tmpl");
  EXPECT_TRUE(ins.errors());
  EXPECT_NE(find(ins, "E_SPARQL_SYNTAX"), nullptr);
}

TEST_F(Lint, TemplatedQueryRendersWithDefaultsOrWarns) {
  write("templates/a.tmpl",
        "---\nto: x.txt\nvars:\n  cls: http://e/C\nsparql:\n  q: SELECT ?s WHERE { ?s a <{{ cls "
        "}}> }\n"
        "  r: SELECT ?s WHERE { ?s a <{{ missing.x }}> }\n---\n{{ cls }}\n");
  auto ins = lint("templates/a.tmpl");
  EXPECT_FALSE(ins.errors());
  const Diagnostic* d = find(ins, "W_TEMPLATED_QUERY");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("`r`"), std::string::npos);
}

TEST_F(Lint, UndeclaredVariablesAreWarningsWithPositions) {
  write("templates/a.tmpl",
        "---\nto: x.txt\nvars:\n  name: x\n---\n{{ name }}\n{% for r in rows %}{{ r.a }}{% endfor "
        "%}\n"
        "{{ nmae }}\n");
  auto ins = lint("templates/a.tmpl");
  EXPECT_FALSE(ins.errors());
  ASSERT_EQ(ins.diagnostics.size(), 2u);
  EXPECT_EQ(ins.diagnostics[0].code, "W_UNDECLARED_VARIABLE");
  EXPECT_EQ(ins.diagnostics[0].where.line, 7);
  EXPECT_EQ(ins.diagnostics[0].where.column, 13);
  EXPECT_EQ(ins.diagnostics[1].where.line, 8);
  EXPECT_NE(ins.diagnostics[1].hint.find("name"), std::string::npos);
}

TEST_F(Lint, ProjectVarsAndPrefixesCount) {
  write("ggen.toml",
        "[project]\nname = \"t\"\n\n[prefixes]\nex = \"http://example.org/\"\n\n[vars]\nbanner = "
        "\"b\"\n");
  write("templates/a.tmpl",
        "---\nto: x.txt\nsparql:\n  q: SELECT ?s WHERE { ?s a ex:C }\n---\n{{ banner }}\n");
  auto ins = lint("templates/a.tmpl");
  EXPECT_TRUE(ins.diagnostics.empty()) << ins.diagnostics[0].message;
}

TEST_F(Lint, MatrixRowAndSparqlResultsAreProvided) {
  write("templates/a.tmpl",
        "---\nto: \"{{ row.s }}.txt\"\nsparql:\n  q: SELECT ?s WHERE { ?s ?p ?o }\nmatrix: q\n---\n"
        "{{ row.s }} {{ row_index }} {{ sparql_results.q | length }} {{ now() }}\n");
  auto ins = lint("templates/a.tmpl");
  EXPECT_TRUE(ins.diagnostics.empty()) << ins.diagnostics[0].message;
}

TEST_F(Lint, IncludesResolveInTheTemplatesFolder) {
  write("templates/part.tmpl", "[{{ name }}]");
  write("templates/a.tmpl", "---\nto: x.txt\nvars:\n  name: n\n---\n{% include \"part.tmpl\" %}\n");
  write("templates/b.tmpl", "---\nto: y.txt\n---\n{% include \"nope.tmpl\" %}\n");
  EXPECT_TRUE(lint("templates/a.tmpl").diagnostics.empty());
  EXPECT_TRUE(lint("templates/b.tmpl").errors());
  write("templates/c.tmpl",
        "---\nto: z.txt\nvars:\n  name: n\n---\n{%- include [\"nope.tmpl\", 'part.tmpl'] %}{% "
        "include \"gone\" "
        "ignore missing %}\n"
        "{% include 'nope2.tmpl' %}\n");
  auto c = lint("templates/c.tmpl");
  ASSERT_EQ(c.diagnostics.size(), 1u)
      << c.diagnostics[0].message << " / " << c.diagnostics.back().message;
  EXPECT_EQ(c.diagnostics[0].code, "E_TEMPLATE_NOT_FOUND");
  EXPECT_EQ(c.diagnostics[0].where.line, 7);
  EXPECT_EQ(c.diagnostics[0].where.column, 12);
}

TEST_F(Lint, MissingFileIsADiagnostic) {
  auto ins = lint("templates/none.tmpl");
  ASSERT_EQ(ins.diagnostics.size(), 1u);
  EXPECT_EQ(ins.diagnostics[0].code, "E_NOT_FOUND");
}

TEST_F(Lint, StarterTemplateLintsClean) {
  write("templates/model.tmpl", starter_template("model"));
  auto ins = lint("templates/model.tmpl");
  EXPECT_TRUE(ins.diagnostics.empty())
      << ins.diagnostics[0].code << " " << ins.diagnostics[0].message;
}

TEST_F(Lint, ListAndRenderFile) {
  write("templates/a.tmpl", "---\ndescription: the A\nvars:\n  who: you\n---\nhi {{ who }}");
  write("templates/sub/b.tera", "no frontmatter");
  auto list = list_template_entries(root / "templates");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list.value().size(), 2u);
  EXPECT_EQ(list.value()[0].path, "a.tmpl");
  EXPECT_EQ(list.value()[0].description, "the A");
  EXPECT_EQ(list.value()[1].path, "sub/b.tera");
  EXPECT_FALSE(list_template_entries(root / "nope").ok());

  InspectOptions o;
  o.root = root;
  auto out = render_template_file(root / "templates/a.tmpl", o, tmpl::Value(tmpl::Object{}), {});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.value(), "hi you");
  tmpl::Object ctx;
  ctx.emplace_back("who", tmpl::Value("me"));
  EXPECT_EQ(
      render_template_file(root / "templates/a.tmpl", o, tmpl::Value(std::move(ctx)), {}).value(),
      "hi me");
}

}  // namespace
