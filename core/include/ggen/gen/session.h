#pragma once
// A generation session: make_plan with memory. Between calls it keeps the dependency graph of the
// last plan (each output back to its template, the templates that one includes/extends/imports,
// the graph files, its queries and ggen.toml) and four byte-budgeted caches: parsed graphs by file
// hash, compiled templates by content hash, query results by (graph hashes, query), rendered
// outputs by (template hash, context hash). With `persistent_dir`, query results and rendered
// outputs also survive the process (versioned, checksummed; a damaged cache is discarded).
// Thread-safe: one plan at a time (a second concurrent plan() waits for the first).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/gen/generate.h"
#include "ggen/gen/plan.h"
#include "ggen/runtime/context.h"

namespace ggen::gen {

struct SessionOptions {
  size_t memory_budget = 64u << 20;  // bytes, shared by the four in-memory caches
  std::optional<std::filesystem::path>
      persistent_dir;  // e.g. <root>/.ggen/cache; nullopt: memory only
};

struct CacheCounters {
  std::string name;  // "graphs", "templates", "queries", "renders"
  size_t entries = 0, bytes = 0;
  uint64_t hits = 0, misses = 0;
};

class Session {
 public:
  explicit Session(SessionOptions options = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Same result as make_plan(options, ctx), reusing cached work. `changed`: files known to have
  // changed since the previous call (from a watcher); nullptr = unknown, check everything by hash.
  Result<Plan> plan(const GenerateOptions& options, const runtime::Context& ctx,
                    const std::vector<std::filesystem::path>* changed = nullptr);

  std::vector<CacheCounters> stats() const;
  std::vector<std::filesystem::path> watched_inputs() const;  // every file the last plan read
  // Notes about the persistent cache from the last plan (e.g. "discarded: checksum mismatch").
  std::vector<std::string> warnings() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ggen::gen
