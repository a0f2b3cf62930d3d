#include "template_test_util.h"

namespace ggen::tmpl {
namespace {

using testing::render;

TEST(TemplateFilters, CaseConversions) {
  const char* c = R"({"s": "userAccount HTTPServer-id"})";
  EXPECT_EQ(render("{{ s | snake }}", c), "user_account_http_server_id");
  EXPECT_EQ(render("{{ s | camel }}", c), "userAccountHttpServerId");
  EXPECT_EQ(render("{{ s | pascal }}", c), "UserAccountHttpServerId");
  EXPECT_EQ(render("{{ s | kebab }}", c), "user-account-http-server-id");
  EXPECT_EQ(render("{{ s | shouty_snake }}|{{ s | constant }}", c),
            "USER_ACCOUNT_HTTP_SERVER_ID|USER_ACCOUNT_HTTP_SERVER_ID");
  EXPECT_EQ(render("{{ s | shouty_kebab }}", c), "USER-ACCOUNT-HTTP-SERVER-ID");
  EXPECT_EQ(render("{{ s | train }}", c), "User-Account-Http-Server-Id");
  EXPECT_EQ(render("{{ s | sentence }}", c), "User account http server id");
  EXPECT_EQ(render("{{ 'my_field' | camel_case }}|{{ 'my_field' | pascal_case }}"),
            "myField|MyField");
  EXPECT_EQ(render("{{ 'MyType' | snake_case }}|{{ 'MyType' | kebab_case }}"), "my_type|my-type");
  EXPECT_EQ(render("{{ 'Hello' | lcfirst }}|{{ 'hello world' | ucfirst }}"), "hello|Hello world");
}

TEST(TemplateFilters, CaseFiltersRejectNonStrings) {
  EXPECT_NE(render("{{ 3 | snake }}").find("ERR:"), std::string::npos);
}

TEST(TemplateFilters, Inflection) {
  EXPECT_EQ(render("{{ 'user' | pluralize }}|{{ 'category' | pluralize }}|{{ 'box' | pluralize }}"),
            "users|categories|boxes");
  EXPECT_EQ(
      render("{{ 'person' | pluralize }}|{{ 'Person' | pluralize }}|{{ 'sheep' | pluralize }}"),
      "people|People|sheep");
  EXPECT_EQ(render("{{ 'users' | singularize }}|{{ 'categories' | singularize }}|{{ 'boxes' | "
                   "singularize }}"),
            "user|category|box");
  EXPECT_EQ(render("{{ 'order_items' | singularize }}|{{ 'class' | singularize }}"),
            "order_item|class");
  // On numbers pluralize keeps Tera's suffix behaviour.
  EXPECT_EQ(render("{{ 1 | pluralize }}|{{ 2 | pluralize }}|{{ 2 | pluralize(plural='es') }}"),
            "|s|es");
}

TEST(TemplateFilters, LocalNames) {
  EXPECT_EQ(render("{{ 'http://ex.org/onto#Person' | local }}|{{ 'http://ex.org/a/b' | local }}|"
                   "{{ 'ex:Thing' | local }}|{{ local(iri='<http://x/y#z>') }}"),
            "Person|b|Thing|z");
}

TEST(TemplateFilters, StringFilters) {
  EXPECT_EQ(render("{{ 'hello world' | title }}|{{ 'hELLO' | capitalize }}"), "Hello World|Hello");
  EXPECT_EQ(render("{{ '  x ' | trim }}|{{ 'aab' | trim_start_matches(pat='a') }}"), "x|b");
  EXPECT_EQ(render("{{ 'abcdef' | truncate(length=3) }}|{{ 'ab' | truncate(length=3) }}"),
            "abc…|ab");
  EXPECT_EQ(render("{{ 'a,b' | split(pat=',') | join(sep='-') }}"), "a-b");
  EXPECT_EQ(render("{{ 'a\nb' | indent(prefix='> ', first=true) }}", "{}"), "> a\n> b");
  EXPECT_EQ(render("{{ 'Héllo Wörld!' | slugify }}"), "hello-world");
  EXPECT_EQ(render("{{ 'a/b c' | urlencode }}|{{ 'a/b' | urlencode_strict }}"), "a/b%20c|a%2Fb");
  EXPECT_EQ(render("{{ '<b>x</b>' | striptags }}|{{ '<a> </a>' | spaceless }}"), "x|<a></a>");
  EXPECT_EQ(render("{{ 'ÉCOLE' | lower }}|{{ 'straße' | upper }}"), "école|STRASSE");
  // ASCII fast paths and the Unicode paths agree.
  EXPECT_EQ(render("{{ 'hÉllo wÖrld' | title }}|{{ 'hEllo_x wOrld' | title }}"),
            "Héllo Wörld|Hello_x World");
  EXPECT_EQ(
      render("{{ 'abc\r\ndef' | truncate(length=4) }}|{{ 'ab' | truncate(length=1, end='') }}"),
      "abc\r\n…|a");
}

TEST(TemplateFilters, ArrayFilters) {
  const char* c = R"({"xs": [{"n": "b", "g": 1}, {"n": "a", "g": 2}, {"n": "c", "g": 1}]})";
  EXPECT_EQ(render("{{ xs | sort(attribute='n') | map(attribute='n') | join(sep=',') }}", c),
            "a,b,c");
  EXPECT_EQ(
      render("{% for k, v in xs | group_by(attribute='g') %}{{ k }}:{{ v | length }};{% endfor %}",
             c),
      "1:2;2:1;");
  EXPECT_EQ(render("{{ xs | filter(attribute='g', value=1) | length }}", c), "2");
  EXPECT_EQ(
      render("{{ [3, 1, 2] | sort }}|{{ [1, 2, 3] | reverse }}|{{ [1, 2, 3] | slice(start=1) }}"),
      "[1, 2, 3]|[3, 2, 1]|[2, 3]");
  EXPECT_EQ(
      render("{{ [1, 2] | first }}|{{ [1, 2] | last }}|{{ [] | first }}|{{ [1, 2] | nth(n=1) }}"),
      "1|2||2");
  EXPECT_EQ(render("{{ ['a', 'A', 'b'] | unique | length }}"), "2");
  EXPECT_NE(render("{{ [1, 'a'] | sort }}").find("expected number got \"a\""), std::string::npos);
}

TEST(TemplateFilters, NumberFilters) {
  EXPECT_EQ(
      render("{{ 2.5 | round }}|{{ 2.11 | round(method='ceil', precision=1) }}|{{ -3 | abs }}"),
      "3|2.2|3");
  EXPECT_EQ(render("{{ '42' | int }}|{{ 'x' | int(default=7) }}|{{ 'ff' | int(base=16) }}|{{ '1.5' "
                   "| float }}"),
            "42|7|255|1.5");
  EXPECT_EQ(render("{{ 1024 | filesizeformat }}|{{ 123456789 | filesizeformat }}"),
            "1 KB|117.74 MB");
  EXPECT_NE(render("{{ 'x' | round(method='up') }}").find("ERR:"), std::string::npos);
}

TEST(TemplateFilters, JsonAndObjects) {
  EXPECT_EQ(render("{{ o | json_encode }}", R"({"o": {"b": 1.0, "a": [true]}})"),
            R"({"a":[true],"b":1.0})");
  EXPECT_EQ(
      render("{{ o | get(key='a b') }}|{{ o | get(key='z', default=0) }}", R"({"o": {"a b": 1}})"),
      "1|0");
  EXPECT_NE(render("{{ o | get(key='z') }}", R"({"o": {"a": 1}})").find("ERR:"), std::string::npos);
}

TEST(TemplateFilters, Dates) {
  EXPECT_EQ(render("{{ 1482720453 | date }}"), "2016-12-26");
  EXPECT_EQ(render("{{ '2017-03-05' | date(format='%a, %d %b %Y %H:%M') }}"),
            "Sun, 05 Mar 2017 00:00");
  EXPECT_EQ(render("{{ '1996-12-19T16:39:57-08:00' | date(format='%Y-%m-%d %H:%M %z') }}"),
            "1996-12-19 16:39 -0800");
  EXPECT_EQ(render("{{ 1648252203 | date(timezone='Europe/Berlin', format='%d %H:%M %Z') }}"),
            "26 00:50 CET");
  EXPECT_NE(render("{{ 1 | date(format='%Q') }}").find("ERR:"), std::string::npos);
  EXPECT_NE(render("{{ 1 | date(timezone='Narnia') }}").find("as a timezone"), std::string::npos);
  EXPECT_NE(render("{{ 1.5 | date }}").find("ERR:"), std::string::npos);
}

TEST(TemplateFilters, Tests) {
  EXPECT_EQ(render("{{ a is even }}|{{ b is odd }}|{{ c is divisibleby(3) }}|{{ s is string }}",
                   R"({"a": 4, "b": 3, "c": 9, "s": "x"})"),
            "true|true|true|true");
  // Tera: the subject of a test must be a variable.
  EXPECT_NE(render("{{ 's' is string }}").find("ERR:E_TEMPLATE_SYNTAX"), std::string::npos);
  EXPECT_EQ(render("{{ s is matching('^a.c$') }}|{{ s is starting_with('a') }}", R"({"s": "abc"})"),
            "true|true");
  EXPECT_NE(render("{{ nope is string }}").find("undefined variable"), std::string::npos);
  EXPECT_NE(render("{{ s is matching('(') }}", R"({"s": "x"})").find("invalid regex"),
            std::string::npos);
}

TEST(TemplateFilters, Functions) {
  EXPECT_EQ(render("{{ range(end=3) }}|{{ range(start=1, end=7, step_by=3) }}"),
            "[0, 1, 2]|[1, 4]");
  EXPECT_NE(render("{{ range(start=3, end=1) }}").find("ERR:"), std::string::npos);
  EXPECT_EQ(render("{{ get_env(name='GGEN_SURELY_UNSET_VAR', default='d') }}"), "d");
  EXPECT_NE(render("{{ get_env(name='GGEN_SURELY_UNSET_VAR') }}").find("not found"),
            std::string::npos);
}

}  // namespace
}  // namespace ggen::tmpl

namespace ggen::tmpl {
namespace {

using testing::render;

// The last filter of a `{{ }}` writes into the page directly (FilterWrite) unless the result
// must be escaped; both paths must give the same text, errors and overrides.
TEST(TemplateFilters, LastFilterWrittenIntoThePageMatchesTheValuePath) {
  const char* c = R"({"s": "Hello wOrld ß", "e": "a@b@c", "t": ["x", 1, 2.5], "l": "abcdefghij"})";
  const std::string src =
      "{{ s | upper }}|{{ s | lower }}|{{ s | title }}|{{ e | replace(from='@', to=' at ') }}|"
      "{{ e | replace(from='', to='z') }}|{{ l | truncate(length=3) }}|{{ l | truncate(length=30) "
      "}}|{{ s | truncate(length=7, end='…') }}|{{ t | join(sep=', ') }}|{{ s | lower | upper }}";
  // Through a `set` the filters go through their Value form.
  const std::string via_set =
      "{% set a = s | upper %}{% set b = s | lower %}{% set c = s | title %}"
      "{% set d = e | replace(from='@', to=' at ') %}{% set f = e | replace(from='', to='z') %}"
      "{% set g = l | truncate(length=3) %}{% set h = l | truncate(length=30) %}"
      "{% set i = s | truncate(length=7, end='…') %}{% set j = t | join(sep=', ') %}"
      "{% set k = s | lower | upper %}{{ a }}|{{ b }}|{{ c }}|{{ d }}|{{ f }}|{{ g }}|{{ h }}|"
      "{{ i }}|{{ j }}|{{ k }}";
  const std::string expected =
      "HELLO WORLD SS|hello world ß|Hello World SS|a at b at c|a@b@c|abc…|abcdefghij|Hello w…|"
      "x, 1, 2.5|HELLO WORLD SS";
  EXPECT_EQ(render(src, c), expected);
  EXPECT_EQ(render(via_set, c), expected);
  // With autoescape the result is escaped (the Value path).
  Options esc;
  esc.autoescape = true;
  EXPECT_EQ(render("{{ s | replace(from='o', to='<o>') }}", c, esc), "Hell&lt;o&gt; wOrld ß");
  // A failing last filter: the error names the filter and its position; nothing half-written.
  std::string err = render("abc{{ t | upper }}", c);
  EXPECT_EQ(err.rfind("ERR:", 0), 0u) << err;
  EXPECT_NE(err.find("upper"), std::string::npos) << err;
  err = render("{{ l | truncate(length='x') }}", c);
  EXPECT_NE(err.find("E_FILTER_ARGS"), std::string::npos) << err;
}

TEST(TemplateFilters, AUserFilterOverridesABuiltinAtTheEndOfAChain) {
  Engine e;
  e.register_filter("upper",
                    [](const Value& v, const Kwargs&) { return Value("<" + v.as_string() + ">"); });
  auto r = e.render_string("{{ s | lower | upper }}",
                           Value::from_json(nlohmann::json::parse(R"({"s": "AbC"})")), "t");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r.value(), "<abc>");
}

}  // namespace
}  // namespace ggen::tmpl
