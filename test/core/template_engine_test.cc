#include <thread>
#include <vector>

#include "template_test_util.h"

namespace ggen::tmpl {
namespace {

TEST(TemplateEngine, ParseErrorsComeFromAddBeforeAnyRender) {
  Engine e;
  auto r = e.add("bad", "{% if x %}never closed");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_TEMPLATE_SYNTAX");
  EXPECT_FALSE(e.contains("bad"));
}

TEST(TemplateEngine, UserFunctionsFiltersAndTests) {
  Engine e;
  e.register_function("sparql", [](const Kwargs& a) {
    const Value* q = a.get("query");
    return Value(Array{Value("row:" + (q ? q->as_string() : std::string("?")))});
  });
  e.register_filter("twice", [](const Value& v, const Kwargs& a) {
    const Value* sep = a.get("sep");
    std::string s = v.to_display();
    return Value(s + (sep ? sep->as_string() : "") + s);
  });
  e.register_test("short", [](const Value* v, const std::vector<Value>&) {
    return v && v->is_string() && v->as_string().size() < 3;
  });
  ASSERT_TRUE(e.add("t",
                    "{% for r in sparql(query='q1') %}{{ r | twice(sep='/') }}{% endfor %}"
                    "|{{ a is short }}|{{ b is short }}")
                  .ok());
  auto r = e.render("t", testing::ctx(R"({"a": "ab", "b": "abcd"})"));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r.value(), "row:q1/row:q1|true|false");
}

TEST(TemplateEngine, UserCallableErrorsAreWrapped) {
  Engine e;
  e.register_function("boom", [](const Kwargs&) -> Value {
    raise(Error("E_SPARQL_EVAL", "bad query").with_hint("check the PREFIX"));
  });
  ASSERT_TRUE(e.add("t", "\n{{ boom() }}").ok());
  auto r = e.render("t", Value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_SPARQL_EVAL");
  EXPECT_EQ(r.error().hint(), "check the PREFIX");
  EXPECT_EQ(r.error().location().line, 2);
  EXPECT_EQ(r.error().cause()->message(), "Function call 'boom' failed");
  EXPECT_EQ(r.error().cause()->cause()->message(), "bad query");
}

TEST(TemplateEngine, AutoescapeBySuffixOrOption) {
  Engine e;
  ASSERT_TRUE(e.add("a.html", "{{ x }}").ok());
  ASSERT_TRUE(e.add("a.txt", "{{ x }}").ok());
  Value c = testing::ctx(R"({"x": "<'/>"})");
  EXPECT_EQ(e.render("a.html", c).value(), "&lt;&#x27;&#x2F;&gt;");
  EXPECT_EQ(e.render("a.txt", c).value(), "<'/>");
  RenderOptions off;
  off.autoescape = false;
  EXPECT_EQ(e.render("a.html", c, off).value(), "<'/>");
  Options always;
  always.autoescape = true;
  Engine f(always);
  ASSERT_TRUE(f.add("a.txt", "{{ x }}").ok());
  EXPECT_EQ(f.render("a.txt", c).value(), "&lt;&#x27;&#x2F;&gt;");
}

TEST(TemplateEngine, ConcurrentRendersOfOneTemplate) {
  Engine e;
  ASSERT_TRUE(e.add("row", "{{ r.id }}:{{ r.name | upper }}").ok());
  ASSERT_TRUE(e.add("t", "{% for r in rows %}{% include \"row\" %};{% endfor %}{{ tag }}").ok());
  std::vector<std::string> got(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      Array rows;
      for (int i = 0; i < 200; ++i)
        rows.push_back(Value(Object{
            {"id", Value(i)}, {"name", Value(std::string(1, 'n').append(std::to_string(t)))}}));
      Value ctx(Object{{"rows", Value(std::move(rows))}, {"tag", Value(t)}});
      for (int k = 0; k < 20; ++k) {
        auto r = e.render("t", ctx);
        got[t] = r.ok() ? r.value() : r.error().to_string();
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 8; ++t) {
    std::string want;
    for (int i = 0; i < 200; ++i) want += std::to_string(i) + ":N" + std::to_string(t) + ";";
    want += std::to_string(t);
    EXPECT_EQ(got[t], want);
  }
}

TEST(TemplateEngine, ReplacingATemplateTakesEffect) {
  Engine e;
  ASSERT_TRUE(e.add("t", "one").ok());
  ASSERT_TRUE(e.add("t", "two").ok());
  EXPECT_EQ(e.render("t", Value()).value(), "two");
  EXPECT_EQ(e.template_names(), std::vector<std::string>{"t"});
  EXPECT_EQ(e.source("t").value(), "two");
}

TEST(TemplateEngine, RenderStringCanUseStoredTemplates) {
  Engine e;
  ASSERT_TRUE(e.add("m", "{% macro hi(n) %}hi {{ n }}{% endmacro %}").ok());
  auto r = e.render_string("{% import \"m\" as m %}{{ m::hi(n=name) }}",
                           testing::ctx(R"({"name": "x"})"));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r.value(), "hi x");
  auto bad = e.render_string("{{ oops", Value());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().location().file, "__one_off");
}

TEST(TemplateEngine, VariablesListsFreeContextNames) {
  Engine e;
  ASSERT_TRUE(e.add("base", "{{ title }}{% block b %}{% endblock %}").ok());
  ASSERT_TRUE(e.add("part", "{{ item.name }}{{ footer }}").ok());
  ASSERT_TRUE(
      e.add("t",
            "{% extends \"base\" %}{% block b %}{% set local = 1 %}"
            "{% for item in items | sort(attribute=key) %}{% include \"part\" %}{{ loop.index }}"
            "{% endfor %}{{ local }}{{ m[idx] }}{% endblock %}"
            "{% macro f(p) %}{{ p }}{{ g }}{% endmacro %}")
          .ok());
  auto v = e.variables("t");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.value(),
            (std::vector<std::string>{"footer", "g", "idx", "items", "key", "m", "title"}));
  EXPECT_FALSE(e.variables("nope").ok());
}

TEST(TemplateEngine, IdenticalSourcesShareOneCompiledTemplate) {
  // Observable through timing only; here we check both engines work independently.
  Engine a, b;
  ASSERT_TRUE(a.add("x", "{{ v }}").ok());
  ASSERT_TRUE(b.add("y", "{{ v }}").ok());
  Value c = testing::ctx(R"({"v": 1})");
  EXPECT_EQ(a.render("x", c).value(), "1");
  EXPECT_EQ(b.render("y", c).value(), "1");
  auto err = b.render_string("{{ w }}", c, "named");
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.error().location().file, "named");
}

TEST(TemplateEngine, DeepRecursionIsStopped) {
  Engine e;
  ASSERT_TRUE(
      e.add("t", "{% macro f(n) %}{{ self::f(n=n+1) }}{% endmacro %}{{ self::f(n=0) }}").ok());
  auto r = e.render("t", Value());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().cause()->message().find("recursed"), std::string::npos);
}

}  // namespace
}  // namespace ggen::tmpl
