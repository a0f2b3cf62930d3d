#include "template_test_util.h"

namespace ggen::tmpl {
namespace {

using testing::render;

TEST(TemplateRender, ArithmeticAndNumberPrinting) {
  EXPECT_EQ(render("{{ 1 + 1 }}|{{ 1 + 1.1 }}|{{ 10 / 4 }}|{{ 10 / 5 }}|{{ 7 % 3 }}"),
            "2|2.1|2.5|2|1");
  EXPECT_EQ(render("{{ 2 + 3 * 4 }}|{{ (2 + 3) * 4 }}|{{ 2 - 2 - 1 }}"), "14|20|-1");
  EXPECT_EQ(render("{{ 1 / 0 }}"), "NaN");
  EXPECT_EQ(render("{{ -3 + 1 }}"), "-2");
}

TEST(TemplateRender, FiltersBindLooserThanMath) {
  EXPECT_EQ(render("{{ 1.9 + a | round }}", R"({"a": 2})"), "4");
  EXPECT_EQ(render("{{ xs | length - 1 }}", R"({"xs": [1, 2, 3]})"), "2");
}

TEST(TemplateRender, IntegerOverflowIsAnError) {
  EXPECT_NE(render("{{ 9223372036854775807 + 1 }}").find("ERR:E_TEMPLATE_RENDER"),
            std::string::npos);
}

TEST(TemplateRender, LogicAlwaysYieldsBooleans) {
  EXPECT_EQ(render("{{ true and 10 }}|{{ x or 1 }}|{{ not y }}"), "true|true|true");
  EXPECT_EQ(render("{{ 1 == 1.0 }}|{{ 1 == '1' }}|{{ 1 != '1' }}"), "true|false|false");
  EXPECT_EQ(render("{{ 'b' in 'abc' }}|{{ 4 not in [1, 2] }}|{{ 'k' in o }}", R"({"o": {"k": 1}})"),
            "true|true|true");
}

TEST(TemplateRender, VariableLookup) {
  const char* c = R"({"a": {"b": [10, {"c": "deep"}]}, "k": "b", "m": {"x.y": 5}})";
  EXPECT_EQ(render("{{ a.b.0 }}|{{ a.b.1.c }}|{{ a[k][0] }}|{{ m['x.y'] }}", c), "10|deep|10|5");
}

TEST(TemplateRender, IfElifElse) {
  const char* t = "{% if n > 5 %}big{% elif n > 2 %}mid{% else %}small{% endif %}";
  EXPECT_EQ(render(t, R"({"n": 9})"), "big");
  EXPECT_EQ(render(t, R"({"n": 3})"), "mid");
  EXPECT_EQ(render(t, R"({"n": 1})"), "small");
  EXPECT_EQ(render("{% if missing.a.b %}y{% else %}n{% endif %}"), "n");
}

TEST(TemplateRender, ForLoops) {
  EXPECT_EQ(
      render("{% for x in xs %}{{ loop.index }}{{ x }}{% if loop.last %}.{% endif %}{% endfor %}",
             R"({"xs": ["a", "b"]})"),
      "1a2b.");
  EXPECT_EQ(render("{% for k, v in o %}{{ k }}={{ v }};{% endfor %}", R"({"o": {"z": 1, "a": 2}})"),
            "a=2;z=1;");
  EXPECT_EQ(render("{% for x in [] %}x{% else %}empty{% endfor %}"), "empty");
  EXPECT_EQ(render("{% for x in range(end=6) %}{% if x == 1 %}{% continue %}{% endif %}"
                   "{% if x == 4 %}{% break %}{% endif %}{{ x }}{% endfor %}"),
            "023");
  EXPECT_EQ(render("{% for c in 'héllo' %}[{{ c }}]{% endfor %}"), "[h][é][l][l][o]");
  EXPECT_EQ(render("{% for x in xs %}{{ loop.length }}{% endfor %}", R"({"xs": [1, 2]})"), "22");
}

TEST(TemplateRender, ForLoopOverWrongTypeFails) {
  EXPECT_NE(render("{% for x in n %}{% endfor %}", R"({"n": 3})").find("unsupported type"),
            std::string::npos);
  EXPECT_NE(render("{% for x in o %}{% endfor %}", R"({"o": {"a": 1}})").find("ERR:"),
            std::string::npos);
}

TEST(TemplateRender, SetScoping) {
  EXPECT_EQ(render("{% set x = 1 %}{% for i in [1,2] %}{% set x = i %}{% endfor %}{{ x }}"), "1");
  EXPECT_EQ(render("{% set x = 1 %}{% for i in [1,2] %}{% set_global x = i %}{% endfor %}{{ x }}"),
            "2");
  EXPECT_EQ(
      render("{% set xs = [] %}{% for i in range(end=3) %}{% set_global xs = xs | concat(with=i) %}"
             "{% endfor %}{{ xs }}"),
      "[0, 1, 2]");
}

TEST(TemplateRender, StringConcatenation) {
  EXPECT_EQ(render("{{ 'a' ~ 1 ~ 2.5 ~ x }}", R"({"x": "!"})"), "a12.5!");
  EXPECT_EQ(render("{{ s ~ f }}", R"({"s": "v", "f": 2.0})"), "v2.0");
}

TEST(TemplateRender, WhitespaceControl) {
  EXPECT_EQ(render("a  {%- if true -%}  b  {%- endif -%}  c"), "abc");
  EXPECT_EQ(render("  {{- 'x' -}}  "), "x");
  EXPECT_EQ(render("{% if true %}\nx\n{% endif %}\n"), "\nx\n\n");
}

TEST(TemplateRender, TrimAndLstripBlocksAreOptIn) {
  Options o;
  o.trim_blocks = true;
  o.lstrip_blocks = true;
  const char* t = "<ul>\n  {% for x in xs %}\n  <li>{{ x }}</li>\n  {% endfor %}\n</ul>\n";
  EXPECT_EQ(render(t, R"({"xs": [1, 2]})", o), "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
  EXPECT_EQ(render(t, R"({"xs": [1]})"), "<ul>\n  \n  <li>1</li>\n  \n</ul>\n");
}

TEST(TemplateRender, RawAndComments) {
  EXPECT_EQ(render("{% raw %}{{ x }}{% endraw %}|{# hidden {{ x }} #}|"), "{{ x }}||");
}

TEST(TemplateRender, InlineIfAndNoneTest) {
  EXPECT_EQ(render("{{ 'y' if n > 1 else 'n' }}", R"({"n": 2})"), "y");
  EXPECT_EQ(render("{{ 'y' if n > 1 else 'n' }}", R"({"n": 0})"), "n");
  EXPECT_EQ(
      render("{{ a is none }}|{{ b is none }}|{{ missing is none }}", R"({"a": null, "b": 0})"),
      "true|false|true");
}

TEST(TemplateRender, DefaultAndSafe) {
  EXPECT_EQ(render("{{ x | default(value='d') }}|{{ n | default(value='d') }}", R"({"n": null})"),
            "d|d");
  EXPECT_EQ(render("{{ e | default(value='d') }}", R"({"e": ""})"), "");
  Options esc;
  esc.autoescape = true;
  EXPECT_EQ(render("{{ h }}|{{ h | safe }}|{{ h | safe | upper }}", R"({"h": "<a>"})", esc),
            "&lt;a&gt;|<a>|&lt;A&gt;");
}

TEST(TemplateRender, FilterSections) {
  EXPECT_EQ(render("{% filter upper %}ab{{ 'c' }}{% endfilter %}"), "ABC");
  EXPECT_EQ(render("{% filter replace(from='a', to='b') %}aaa{% endfilter %}"), "bbb");
}

TEST(TemplateRender, TeraContextDump) {
  EXPECT_EQ(render("{% set z = 1 %}{{ __tera_context }}", R"({"a": "x"})"),
            "{\n  \"a\": \"x\",\n  \"z\": 1\n}");
}

TEST(TemplateRender, IncludeInheritanceAndMacros) {
  Engine e;
  ASSERT_TRUE(
      e.add("base", "<{% block title %}Base{% endblock %}|{% block body %}B{% endblock %}>").ok());
  ASSERT_TRUE(
      e.add("mid", "{% extends \"base\" %}{% block title %}Mid+{{ super() }}{% endblock %}").ok());
  ASSERT_TRUE(e.add("child",
                    "{% extends \"mid\" %}{% import \"m\" as m %}"
                    "{% block body %}{{ m::greet(name=who) }}{% include \"part\" %}{% endblock %}")
                  .ok());
  ASSERT_TRUE(
      e.add("m", "{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}").ok());
  ASSERT_TRUE(e.add("part", "[{{ who | upper }}]").ok());
  ASSERT_TRUE(e.check().ok());
  auto r = e.render("child", testing::ctx(R"({"who": "bo"})"));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r.value(), "<Mid+Base|Hi bo![BO]>");
}

TEST(TemplateRender, IncludeMissingAndIgnoreMissing) {
  Engine e;
  ASSERT_TRUE(e.add("a", "x{% include \"nope\" ignore missing %}y").ok());
  ASSERT_TRUE(e.add("b", "x{% include [\"nope\", \"a\"] %}y").ok());
  ASSERT_TRUE(e.add("c", "{% include \"nope\" %}").ok());
  EXPECT_EQ(e.render("a", Value()).value(), "xy");
  EXPECT_EQ(e.render("b", Value()).value(), "xxyy");
  auto r = e.render("c", Value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_TEMPLATE_NOT_FOUND");
}

TEST(TemplateRender, RecursiveMacroAndSelfNamespace) {
  EXPECT_EQ(
      render("{% macro f(n) %}{% if n > 0 %}{{ n }}{{ self::f(n=n-1) }}{% endif %}{% endmacro %}"
             "{{ self::f(n=3) }}"),
      "321");
}

TEST(TemplateRender, MacroDoesNotSeeCallerLocalsButSeesContext) {
  EXPECT_EQ(render("{% macro f() %}{{ g }}{{ l | default(value='-') }}{% endmacro %}"
                   "{% set l = 'L' %}{{ self::f() }}",
                   R"({"g": "G"})"),
            "G-");
}

}  // namespace
}  // namespace ggen::tmpl
