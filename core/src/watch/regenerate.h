#pragma once
// The one place a watcher regenerates: load ggen.toml, apply the caller's overrides, plan, apply,
// then run the `watch` hooks.
// Planning goes through one gen::Session per watcher: only what a change can affect is redone.
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "ggen/gen/generate.h"
#include "ggen/gen/project.h"
#include "ggen/watch/watcher.h"

namespace ggen::watch::detail {

struct Regenerated {
  gen::Project project;
  gen::Plan plan;
  gen::ApplyReport applied;
  hooks::RunReport hooks;
  std::optional<Error> hook_error;  // the outputs were written; a `watch` hook then failed
};

class Regenerator {
 public:
  explicit Regenerator(const WatchOptions& options);
  ~Regenerator();
  // Loads the project with the overrides (E_PROJECT & co. when ggen.toml is wrong).
  Result<gen::Project> load() const;
  // `changed`: the files the watcher saw change (nullptr: unknown, e.g. the first run).
  Result<Regenerated> run(const runtime::Context& ctx,
                          const std::vector<std::filesystem::path>* changed);

 private:
  struct State;
  const WatchOptions& options_;
  std::unique_ptr<State> state_;
};

}  // namespace ggen::watch::detail
