// Tera 1.x conformance runner: renders every case of shared/conformance/tera/cases.jsonl with
// ggen::tmpl::Engine and compares the output (or the expected error) exactly.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ggen/template/engine.h"

using ggen::Error;
using ggen::tmpl::Engine;
using ggen::tmpl::Kwargs;
using ggen::tmpl::RenderOptions;
using ggen::tmpl::Value;
using nlohmann::json;

namespace {

// The Tera error chain: depth 0 is the error itself, 1 its cause, ...
std::vector<std::string> chain(const Error& e) {
  std::vector<std::string> out{e.message()};
  for (const Error* c = e.cause(); c; c = c->cause()) out.push_back(c->message());
  return out;
}

// Informational: how often ggen's syntax error position equals pest's `line:col`.
int g_positions_checked = 0, g_positions_same = 0;

void note_parse_position(const json& c, const Error& err) {
  if (!c.contains("error_messages")) return;
  for (const auto& m : c["error_messages"]) {
    std::string t = m["text"];
    auto colon = t.find(':');
    if (colon == std::string::npos || t.find_first_not_of("0123456789:") != std::string::npos)
      continue;
    ++g_positions_checked;
    std::string ours =
        std::to_string(err.location().line) + ":" + std::to_string(err.location().column);
    if (ours == t) {
      ++g_positions_same;
    } else if (std::getenv("GGEN_VERBOSE")) {
      std::cout << "note " << c["name"].get<std::string>() << ": pest " << t << ", ggen " << ours
                << " (" << err.message() << ")\n";
    }
  }
}

std::string check_messages(const json& c, const Error& err) {
  if (c.value("phase", "") == "parse") note_parse_position(c, err);
  if (!c.contains("error_messages") || c.value("phase", "") == "parse") return "";
  auto msgs = chain(err);
  for (const auto& m : c["error_messages"]) {
    std::string text = m["text"];
    bool exact = m.value("match", "exact") == "exact";
    auto matches = [&](const std::string& got) {
      return exact ? got == text : got.find(text) != std::string::npos;
    };
    bool ok = false;
    if (m["depth"].is_null()) {
      for (const auto& g : msgs) ok = ok || matches(g);
    } else {
      std::size_t d = m["depth"].get<std::size_t>();
      ok = d < msgs.size() && matches(msgs[d]);
    }
    if (!ok) {
      std::string got;
      for (std::size_t i = 0; i < msgs.size(); ++i)
        got += "\n      [" + std::to_string(i) + "] " + msgs[i];
      return "error message mismatch: want " + std::string(exact ? "" : "~") + "[" +
             (m["depth"].is_null() ? std::string("any") : m["depth"].dump()) + "] " + text +
             "\n    got:" + got;
    }
  }
  return "";
}

// Returns "" on pass, else the reason.
std::string run_case(const json& c) {
  ggen::tmpl::Options opts;
  Engine engine(opts);
  if (c.contains("functions")) {
    for (auto it = c["functions"].begin(); it != c["functions"].end(); ++it) {
      Value result = Value::from_json(it.value());
      engine.register_function(it.key(), [result](const Kwargs&) { return result; });
    }
  }
  if (c.contains("env")) {
    for (auto it = c["env"].begin(); it != c["env"].end(); ++it)
      setenv(it.key().c_str(), it.value().get<std::string>().c_str(), 1);
  }
  const std::string phase = c.value("phase", "");
  const bool want_error = c.value("error", false);
  std::string name = c.value("template_name", "tpl");
  if (c.contains("templates")) {
    for (auto it = c["templates"].begin(); it != c["templates"].end(); ++it) {
      auto r = engine.add(it.key(), it.value().get<std::string>());
      if (!r.ok()) {
        if (want_error && (phase == "load" || phase == "parse"))
          return check_messages(c, r.error());
        return "unexpected error adding '" + it.key() + "': " + r.error().to_string();
      }
    }
  }
  if (c.contains("template") && !c["template"].is_null() && !engine.contains(name)) {
    auto r = engine.add(name, c["template"].get<std::string>());
    if (!r.ok()) {
      if (want_error) return check_messages(c, r.error());
      return "unexpected parse error: " + r.error().to_string();
    }
  }
  if (phase == "parse") return "expected a parse error, but the template parsed";
  auto chk = engine.check();
  if (!chk.ok()) {
    if (want_error) return check_messages(c, chk.error());
    return "unexpected load error: " + chk.error().to_string();
  }
  if (phase == "load") return "expected a load error, but loading succeeded";
  RenderOptions ro;
  ro.autoescape = c.value("autoescape", false);
  Value ctx = Value::from_json(c.value("context", json::object()));
  auto out = engine.render(name, ctx, ro);
  if (want_error) {
    if (out.ok()) return "expected an error, got output: " + json(out.value()).dump();
    return check_messages(c, out.error());
  }
  if (!out.ok()) return "render error: " + out.error().to_string();
  std::string expected = c["expected"];
  if (out.value() != expected) {
    return "output mismatch:\n    want " + json(expected).dump() + "\n    got  " +
           json(out.value()).dump();
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = std::string(GGEN_SHARED_DIR) + "/conformance/tera/cases.jsonl";
  if (argc > 1) path = argv[1];
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot open " << path << "\n";
    return 2;
  }
  std::string line;
  int total = 0, passed = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    json c = json::parse(line);
    ++total;
    std::string why;
    try {
      why = run_case(c);
    } catch (const std::exception& e) {
      why = std::string("exception: ") + e.what();
    }
    if (why.empty()) {
      ++passed;
    } else {
      std::cout << "FAIL " << c["name"].get<std::string>() << "\n    " << why << "\n";
    }
  }
  double pct = total ? 100.0 * passed / total : 0;
  std::printf("syntax error positions equal to Tera's (informational): %d/%d\n", g_positions_same,
              g_positions_checked);
  std::printf("template conformance: %d/%d passed (%.1f%%)\n", passed, total, pct);
  return pct >= 98.0 ? 0 : 1;
}
