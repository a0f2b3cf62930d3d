#include <gtest/gtest.h>

#include <stdexcept>

#include "ggen/error/error.h"
#include "ggen/error/result.h"

using ggen::Error;
using ggen::Result;

TEST(Error, CarriesCodeMessageLocationHintAndCause) {
  Error inner("E_IO", "cannot read a.ttl");
  Error e = Error("E_RDF_SYNTAX", "expected '.'")
                .at({"a.ttl", 3, 7})
                .with_hint("end the triple with a dot")
                .caused_by(inner);
  EXPECT_EQ(e.code(), "E_RDF_SYNTAX");
  EXPECT_EQ(e.location().line, 3);
  EXPECT_EQ(e.location().column, 7);
  EXPECT_EQ(e.hint(), "end the triple with a dot");
  ASSERT_NE(e.cause(), nullptr);
  EXPECT_EQ(e.cause()->code(), "E_IO");
  EXPECT_EQ(e.to_string(), "E_RDF_SYNTAX: expected '.' (a.ttl:3:7)\n  caused by E_IO: cannot read a.ttl");
}

TEST(Error, CopiesShareTheCauseChain) {
  Error e = Error("E_A", "outer").caused_by(Error("E_B", "middle").caused_by(Error("E_C", "root")));
  Error copy = e;
  ASSERT_NE(copy.cause(), nullptr);
  ASSERT_NE(copy.cause()->cause(), nullptr);
  EXPECT_EQ(copy.cause()->cause()->message(), "root");
}

TEST(Result, HoldsValueOrError) {
  Result<int> ok = 42;
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value(), 42);
  Result<int> bad = Error("E_X", "nope");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), "E_X");
  EXPECT_THROW(bad.value(), ggen::Exception);
  Result<void> v;
  EXPECT_TRUE(v.ok());
  Result<void> vbad = Error("E_Y", "bad");
  EXPECT_EQ(vbad.error().message(), "bad");
}

TEST(Error, FromCurrentExceptionMapsEveryKind) {
  auto convert = [](auto thrower) {
    try {
      thrower();
    } catch (...) {
      return ggen::error_from_current_exception();
    }
    return Error();
  };
  EXPECT_EQ(convert([] { ggen::raise(Error("E_Z", "z")); }).code(), "E_Z");
  Error e = convert([] { throw std::runtime_error("boom"); });
  EXPECT_EQ(e.code(), "E_INTERNAL");
  EXPECT_EQ(e.message(), "boom");
  EXPECT_EQ(convert([] { throw 5; }).code(), "E_INTERNAL");
}
