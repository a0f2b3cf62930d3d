#pragma once
// Shared helpers for the template GoogleTests.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ggen/template/engine.h"

namespace ggen::tmpl::testing {

inline Value ctx(const char* json_text) {
  return Value::from_json(nlohmann::json::parse(json_text));
}

// Renders `src` as a one-off template; returns the output or "ERR:<code>:<message chain>".
inline std::string render(const std::string& src, const char* json_ctx = "{}", Options opts = {}) {
  Engine e(opts);
  auto r = e.render_string(src, ctx(json_ctx), "t");
  if (r.ok()) return r.value();
  std::string s = "ERR:" + r.error().code() + ":" + r.error().message();
  for (const Error* c = r.error().cause(); c; c = c->cause()) s += " / " + c->message();
  return s;
}

}  // namespace ggen::tmpl::testing
