#include <nlohmann/json.hpp>

#include "ggen/template/value.h"
#include "template_test_util.h"

namespace ggen::tmpl {
namespace {

TEST(TemplateValue, JsonRoundTripKeepsIntFloatDistinction) {
  auto j = nlohmann::json::parse(R"({"b": 2.0, "a": 1, "c": [true, null, "x"], "d": {"z": 1}})");
  Value v = Value::from_json(j);
  EXPECT_TRUE(v.find("a")->is_int());
  EXPECT_TRUE(v.find("b")->is_float());
  EXPECT_EQ(v.to_json(), R"({"a":1,"b":2.0,"c":[true,null,"x"],"d":{"z":1}})");
  EXPECT_EQ(v.to_nlohmann(), j);
}

TEST(TemplateValue, ObjectsAreSortedAndLastDuplicateWins) {
  Value v(Object{{"b", Value(1)}, {"a", Value(2)}, {"b", Value(3)}});
  ASSERT_EQ(v.as_object().size(), 2u);
  EXPECT_EQ(v.as_object()[0].first, "a");
  EXPECT_EQ(v.find("b")->as_int(), 3);
  EXPECT_EQ(v.find("missing"), nullptr);
}

TEST(TemplateValue, CopiesShareStorage) {
  Value a(Array{Value("x"), Value("y")});
  Value b = a;
  EXPECT_EQ(&a.as_array(), &b.as_array());
  EXPECT_EQ(a, b);
}

TEST(TemplateValue, RendersLikeTera) {
  EXPECT_EQ(Value(1.0).to_display(), "1");
  EXPECT_EQ(Value(2.1).to_display(), "2.1");
  EXPECT_EQ(Value(1e20).to_display(), "100000000000000000000");
  EXPECT_EQ(Value(Array{Value(1), Value("a"), Value(Array{})}).to_display(), "[1, a, []]");
  EXPECT_EQ(Value(Object{{"k", Value(1)}}).to_display(), "[object]");
  EXPECT_EQ(Value().to_display(), "");
}

TEST(TemplateValue, JsonFloatsFollowSerde) {
  EXPECT_EQ(Value(2.0).to_json(), "2.0");
  EXPECT_EQ(Value(0.1).to_json(), "0.1");
  EXPECT_EQ(Value(1e21).to_json(), "1e21");
  EXPECT_EQ(Value(1.5e-7).to_json(), "1.5e-7");
  EXPECT_EQ(Value(-3.25).to_json(), "-3.25");
}

TEST(TemplateValue, EqualityIsStrictAboutNumberKinds) {
  EXPECT_NE(Value(1), Value(1.0));
  EXPECT_EQ(Value(Array{Value(1)}), Value(Array{Value(1)}));
  EXPECT_NE(Value("1"), Value(1));
}

TEST(TemplateValue, Truthiness) {
  EXPECT_FALSE(Value(0).truthy());
  EXPECT_FALSE(Value(0.0).truthy());
  EXPECT_FALSE(Value("").truthy());
  EXPECT_FALSE(Value(Array{}).truthy());
  EXPECT_FALSE(Value(Object{}).truthy());
  EXPECT_FALSE(Value().truthy());
  EXPECT_TRUE(Value("0").truthy());
  EXPECT_TRUE(Value(-1).truthy());
}

TEST(TemplateValue, PrettyJson) {
  Value v(Object{{"a", Value(Array{Value(1)})}, {"b", Value(Object{})}});
  EXPECT_EQ(v.to_json(true), "{\n  \"a\": [\n    1\n  ],\n  \"b\": {}\n}");
}

}  // namespace
}  // namespace ggen::tmpl

namespace ggen::tmpl {
namespace {

// Small objects are searched with an inline name comparison (key_compare.h: words of 4 and 8
// bytes, overlapping): keys that differ in any one byte, at any length, must stay distinct.
TEST(TemplateValue, FindTellsApartKeysDifferingInAnyByte) {
  for (std::size_t len = 1; len <= 20; ++len) {
    for (std::size_t at = 0; at < len; ++at) {
      std::string a(len, 'k'), b(len, 'k');
      b[at] = 'x';
      Value o(Object{{a, Value(1)}, {b, Value(2)}});
      ASSERT_NE(o.find(a), nullptr);
      ASSERT_NE(o.find(b), nullptr);
      EXPECT_EQ(o.find(a)->as_int(), 1) << len << "/" << at;
      EXPECT_EQ(o.find(b)->as_int(), 2) << len << "/" << at;
      std::string c(len, 'k');
      c[at] = 'y';
      EXPECT_EQ(o.find(c), nullptr) << len << "/" << at;
      EXPECT_EQ(o.find(std::string(len + 1, 'k')), nullptr);
    }
  }
  Value empty_key(Object{{"", Value(3)}});
  ASSERT_NE(empty_key.find(""), nullptr);
  EXPECT_EQ(empty_key.find("")->as_int(), 3);
}

}  // namespace
}  // namespace ggen::tmpl
