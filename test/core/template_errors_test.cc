#include "template_test_util.h"

namespace ggen::tmpl {
namespace {

Error add_error(const std::string& src, const std::string& name = "t.txt") {
  Engine e;
  auto r = e.add(name, src);
  EXPECT_FALSE(r.ok()) << "expected a syntax error for: " << src;
  return r.ok() ? Error() : r.error();
}

Error render_error(const std::string& src, const char* json_ctx = "{}") {
  Engine e;
  auto a = e.add("t.txt", src);
  EXPECT_TRUE(a.ok()) << a.error().to_string();
  auto r = e.render("t.txt", testing::ctx(json_ctx));
  EXPECT_FALSE(r.ok()) << "expected a render error for: " << src;
  return r.ok() ? Error() : r.error();
}

TEST(TemplateErrors, SyntaxErrorsCarryLocation) {
  Error e = add_error("line one\n  {{ 1.2.2 }}");
  EXPECT_EQ(e.code(), "E_TEMPLATE_SYNTAX");
  EXPECT_EQ(e.location().file, "t.txt");
  EXPECT_EQ(e.location().line, 2);
  EXPECT_EQ(e.location().column, 9);
}

TEST(TemplateErrors, ManyMalformedTemplatesAreRejected) {
  for (const char* bad : {"{{ hey",
                          "{{ \"hey }}",
                          "{% if %}",
                          "{% if not %}",
                          "{% set = 1 %}",
                          "{% for a inb %}{% endfor %}",
                          "{% filterupper %}x{% endfilter %}",
                          "{% if true %}{% else %}{% elif x %}{% endif %}",
                          "{% break %}",
                          "{{ a | slice(start=) }}",
                          "{% raw %}unterminated",
                          "{# open",
                          "x{% extends \"b\" %}",
                          "{% if a %}{% macro m() %}{% endmacro %}{% endif %}",
                          "{{ 22220222222022222220 }}",
                          "{{ -a }}",
                          "{% block a %}{% endblock b %}",
                          "{% block a %}{% endblock %}{% block a %}{% endblock %}",
                          "{% endif %}",
                          "{{ a is odd(k=1) }}",
                          "{{ f(1) }}",
                          "{{ W>W>v }}"}) {
    Error e = add_error(bad);
    EXPECT_EQ(e.code(), "E_TEMPLATE_SYNTAX") << bad;
    EXPECT_GT(e.location().line, 0) << bad;
  }
}

TEST(TemplateErrors, HostileNestingIsASyntaxErrorNotACrash) {
  std::string chain = "{{ 1";
  for (int i = 0; i < 50000; ++i) chain += "+1";
  chain += " }}";
  std::string nots = "{{ ";
  for (int i = 0; i < 50000; ++i) nots += "not ";
  nots += "x }}";
  std::string ifs;
  for (int i = 0; i < 50000; ++i) ifs += "{% if x %}";
  for (const std::string& bad : {"{{ " + std::string(50000, '(') + "1 }}", chain, nots, ifs,
                                 "{{ " + std::string(50000, '[') + " }}"}) {
    EXPECT_EQ(add_error(bad).code(), "E_TEMPLATE_SYNTAX");
  }
  // Long but flat constructs stay fine.
  std::string concat = "{{ 'a'";
  for (int i = 0; i < 5000; ++i) concat += " ~ 'a'";
  concat += " | length }}";
  Engine e;
  ASSERT_TRUE(e.add("t", concat).ok());
  EXPECT_EQ(e.render("t", Value()).value(), "5001");
}

TEST(TemplateErrors, TheEarliestMistakeIsReported) {
  Error wrong_close = add_error("{{ hey %}");
  EXPECT_EQ(wrong_close.message(), "expected `}}` to close `{{`, found `%}`");
  EXPECT_EQ(wrong_close.location().column, 8);
  Error keyword = add_error("{{ if true %}");
  EXPECT_EQ(keyword.message(), "expected an expression, found keyword `if`");
  EXPECT_EQ(keyword.location().column, 4);
  EXPECT_EQ(add_error("{{ 'abc }}").message(), "unterminated string literal");
}

TEST(TemplateErrors, KeywordHintForMissingWhitespace) {
  Error e = add_error("{% filterupper %}x{% endfilter %}");
  EXPECT_NE(e.hint().find("filter upper"), std::string::npos) << e.hint();
}

TEST(TemplateErrors, MisspelledTagsGetSuggestions) {
  EXPECT_EQ(add_error("{% if a %}x{% elseif b %}y{% endif %}").hint(), "did you mean `elif`?");
  EXPECT_EQ(add_error("{% for a in b %}x{% endfro %}").hint(), "did you mean `endfor`?");
  Error stray = add_error("x\n{% endif %}");
  EXPECT_EQ(stray.location().line, 2);
  EXPECT_NE(stray.hint().find("does not belong here"), std::string::npos);
  Error unclosed = add_error("{% for a in b %}\nx");
  EXPECT_NE(unclosed.message().find("{% endfor %}"), std::string::npos) << unclosed.message();
  EXPECT_EQ(unclosed.location().line, 1);
}

TEST(TemplateErrors, UndefinedVariableSuggestsCloseName) {
  Error e = render_error("ok\n{{ nmae }}", R"({"name": "x"})");
  EXPECT_EQ(e.code(), "E_UNDEFINED_VARIABLE");
  EXPECT_EQ(e.message(), "Failed to render 't.txt'");
  ASSERT_NE(e.cause(), nullptr);
  EXPECT_EQ(e.cause()->message(), "Variable `nmae` not found in context while rendering 't.txt'");
  EXPECT_EQ(e.hint(), "did you mean `name`?");
  EXPECT_EQ(e.location().line, 2);
  EXPECT_EQ(e.location().column, 4);
  EXPECT_EQ(e.location().end_column, 8);
}

TEST(TemplateErrors, MissingAttributeListsKeys) {
  Error e = render_error("{{ user.emial }}", R"({"user": {"email": "a", "name": "b"}})");
  EXPECT_NE(e.hint().find("did you mean `email`?"), std::string::npos) << e.hint();
  EXPECT_NE(e.hint().find("`user` has keys: email, name"), std::string::npos) << e.hint();
}

TEST(TemplateErrors, LoopVariableErrorsPointIntoTheLoop) {
  Error e =
      render_error("{% for r in rows %}\n  {{ r.nope }}\n{% endfor %}", R"({"rows": [{"a": 1}]})");
  EXPECT_EQ(e.cause()->message(), "Variable `r.nope` not found in context while rendering 't.txt'");
  EXPECT_EQ(e.location().line, 2);
}

TEST(TemplateErrors, FilterArgumentErrorsShowUsage) {
  Error e = render_error("{{ 'a' | replace(from='a') }}");
  EXPECT_EQ(e.code(), "E_FILTER_ARGS");
  EXPECT_EQ(e.cause()->message(), "Filter call 'replace' failed");
  EXPECT_NE(e.hint().find("replace(from, to)"), std::string::npos) << e.hint();
}

TEST(TemplateErrors, FilterTypeErrors) {
  Error e = render_error("{{ n | upper }}", R"({"n": 50})");
  ASSERT_NE(e.cause(), nullptr);
  ASSERT_NE(e.cause()->cause(), nullptr);
  EXPECT_EQ(e.cause()->cause()->message(),
            "Filter `upper` was called on an incorrect value: got `50` but expected a String");
}

TEST(TemplateErrors, UnknownFilterSuggestsName) {
  Error e = render_error("{{ 'a' | uper }}");
  EXPECT_EQ(e.hint(), "did you mean `upper`?");
}

TEST(TemplateErrors, MathOnStringsAndBadComparisons) {
  EXPECT_NE(render_error("{{ s + 1 }}", R"({"s": "x"})").cause()->message().find("math operation"),
            std::string::npos);
  EXPECT_EQ(render_error("{{ 's' < 1 }}").code(), "E_TEMPLATE_RENDER");
  EXPECT_EQ(render_error("{{ 1 % 0 }}").code(), "E_TEMPLATE_RENDER");
}

TEST(TemplateErrors, MacroErrors) {
  Engine e;
  ASSERT_TRUE(e.add("m", "{% macro input(label, type) %}{{ label }}{% endmacro %}").ok());
  ASSERT_TRUE(e.add("a", "{% import \"m\" as m %}{{ m::input(label=1) }}").ok());
  ASSERT_TRUE(e.add("b", "{% import \"m\" as m %}{{ mm::input(label=1) }}").ok());
  auto ra = e.render("a", Value());
  ASSERT_FALSE(ra.ok());
  EXPECT_EQ(ra.error().cause()->message(), "Macro `input` is missing the argument `type`");
  EXPECT_NE(ra.error().hint().find("input(label, type)"), std::string::npos);
  auto rb = e.render("b", Value());
  ASSERT_FALSE(rb.ok());
  EXPECT_EQ(rb.error().hint(), "did you mean `m`?");
}

TEST(TemplateErrors, LoadChecks) {
  Engine e;
  ASSERT_TRUE(e.add("a", "{% extends \"b\" %}").ok());
  ASSERT_TRUE(e.add("b", "{% extends \"a\" %}").ok());
  auto r = e.check();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("Circular extend detected"), std::string::npos);
  Engine f;
  ASSERT_TRUE(f.add("p", "{% import \"macros\" as m %}").ok());
  EXPECT_EQ(f.check().error().message(),
            "Template `p` loads macros from `macros` which isn't present in Tera");
}

TEST(TemplateErrors, TemplateNotFoundSuggests) {
  Engine e;
  ASSERT_TRUE(e.add("page.html", "x").ok());
  auto r = e.render("pgae.html", Value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_TEMPLATE_NOT_FOUND");
  EXPECT_EQ(r.error().hint(), "did you mean `page.html`?");
}

TEST(TemplateErrors, ErrorInsideParentAndMacroIsAttributed) {
  Engine e;
  ASSERT_TRUE(e.add("parent", "Hello {{ greeting + 1 }} {% block b %}{% endblock b %}").ok());
  ASSERT_TRUE(e.add("child", "{% extends \"parent\" %}{% block b %}Hey{% endblock b %}").ok());
  auto r = e.render("child", testing::ctx(R"({"greeting": "x"})"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "Failed to render 'child' (error happened in 'parent').");
  EXPECT_EQ(r.error().location().file, "parent");
}

TEST(TemplateErrors, ThrowFunction) {
  Error e = render_error("{{ throw(message='boom') }}");
  EXPECT_EQ(e.cause()->message(), "Function call 'throw' failed");
  EXPECT_EQ(e.cause()->cause()->message(), "boom");
}

TEST(TemplateErrors, SnippetHasCaretUnderTheColumn) {
  Location loc;
  loc.file = "t";
  loc.line = 2;
  loc.column = 4;
  loc.end_line = 2;
  loc.end_column = 8;
  EXPECT_EQ(render_snippet("ok\n{{ nmae }}\n", loc), "  |\n2 | {{ nmae }}\n  |    ^^^^\n");
  EXPECT_EQ(render_snippet("one line", Location{"t", 5, 1, 5, 2}), "");
}

TEST(TemplateErrors, FormatErrorHasAllParts) {
  Error e = render_error("\n{{ nmae }}", R"({"name": 1})");
  std::string s = format_error(e, "\n{{ nmae }}");
  EXPECT_NE(s.find("error[E_UNDEFINED_VARIABLE]: Failed to render 't.txt'"), std::string::npos)
      << s;
  EXPECT_NE(s.find(" --> t.txt:2:4"), std::string::npos) << s;
  EXPECT_NE(s.find("2 | {{ nmae }}"), std::string::npos) << s;
  EXPECT_NE(s.find("= hint: did you mean `name`?"), std::string::npos) << s;
}

TEST(TemplateErrors, NonObjectContextIsRejected) {
  Engine e;
  ASSERT_TRUE(e.add("t", "x").ok());
  auto r = e.render("t", Value(3));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_INVALID_ARGUMENT");
}

}  // namespace
}  // namespace ggen::tmpl
