// Built-in functions: range, now, throw, get_random, get_env, local.
#include <chrono>
#include <cstdlib>
#include <random>

#include "template/builtins.h"

namespace ggen::tmpl {

std::string iri_local_name(std::string_view iri);        // filters_case.cc
std::string format_timestamp(long long secs, bool utc);  // date.cc

namespace {

long long need_int(std::string_view fn, const Kwargs& a, std::string_view name) {
  const Value* v = a.get(name);
  if (!v) {
    raise(Error(std::string(kFilterArgs), "Function `" + std::string(fn) +
                                              "` was called without argument `" +
                                              std::string(name) + "`"));
  }
  if (!v->is_int() || v->as_int() < 0) {
    raise(Error(std::string(kFilterArgs), "Function `" + std::string(fn) + "` received " +
                                              std::string(name) + "=" + json_repr(*v) + " but `" +
                                              std::string(name) +
                                              "` can only be a positive integer"));
  }
  return v->as_int();
}

Value fn_range(const Kwargs& a) {
  long long end = need_int("range", a, "end");
  long long start = a.has("start") ? need_int("range", a, "start") : 0;
  long long step = a.has("step_by") ? need_int("range", a, "step_by") : 1;
  if (start > end) {
    fail_call("Function `range` was called with a `start` argument greater than the `end` one",
              "use `range(start=a, end=b)` with a <= b, then `| reverse` to count down");
  }
  if (step <= 0) fail_call("Function `range` needs a positive `step_by`");
  Array out;
  out.reserve(static_cast<std::size_t>((end - start + step - 1) / step));
  for (long long i = start; i < end; i += step) out.push_back(Value(i));
  return Value(std::move(out));
}

// Deterministic when SOURCE_DATE_EPOCH is set (reproducible builds); otherwise the clock.
Value fn_now(const Kwargs& a) {
  bool timestamp = bool_arg("now", a, "timestamp", false);
  bool utc = bool_arg("now", a, "utc", false);
  long long secs;
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH")) {
    secs = std::atoll(e);
  } else {
    secs = std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count();
  }
  if (timestamp) return Value(secs);
  return Value(format_timestamp(secs, utc));
}

Value fn_throw(const Kwargs& a) {
  const Value* m = a.get("message");
  if (!m || !m->is_string()) {
    raise(Error(std::string(kFilterArgs), "Function `throw` requires a string `message` argument"));
  }
  Error e("E_TEMPLATE_RENDER", m->as_string());
  raise(std::move(e));
}

// Seeded per thread so a render is reproducible for the same thread-local call sequence.
Value fn_get_random(const Kwargs& a) {
  const Value* s = a.get("start");
  const Value* e = a.get("end");
  if (!e || !e->is_int()) {
    raise(Error(std::string(kFilterArgs),
                "Function `get_random` requires an integer `end` argument"));
  }
  long long start = s && s->is_int() ? s->as_int() : 0;
  if (start >= e->as_int()) fail_call("Function `get_random`: `start` must be below `end`");
  thread_local std::mt19937_64 rng(0x9e3779b97f4a7c15ULL);
  std::uniform_int_distribution<long long> dist(start, e->as_int() - 1);
  return Value(dist(rng));
}

Value fn_get_env(const Kwargs& a) {
  const Value* n = a.get("name");
  if (!n || !n->is_string()) {
    raise(Error(std::string(kFilterArgs), "Function `get_env` requires a string `name` argument"));
  }
  if (const char* v = std::getenv(n->as_string().c_str())) return Value(std::string(v));
  if (const Value* d = a.get("default")) return *d;
  fail_call("Environment variable `" + n->as_string() + "` not found",
            "set it, or pass `default=...`");
}

Value fn_local(const Kwargs& a) {
  const Value* iri = a.get("iri");
  if (!iri || !iri->is_string()) {
    raise(Error(std::string(kFilterArgs), "Function `local` requires a string `iri` argument"));
  }
  return Value(iri_local_name(iri->as_string()));
}

}  // namespace

const BuiltinFunction kFunctions[] = {
    {"range", fn_range, "range(end, start=0, step_by=1)"},
    {"now", fn_now, "now(timestamp=false, utc=false)"},
    {"throw", fn_throw, "throw(message)"},
    {"get_random", fn_get_random, "get_random(start=0, end)"},
    {"get_env", fn_get_env, "get_env(name, default)"},
    {"local", fn_local, "local(iri)"},
};
const std::size_t kFunctionCount = sizeof(kFunctions) / sizeof(kFunctions[0]);

}  // namespace ggen::tmpl
