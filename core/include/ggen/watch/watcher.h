#pragma once
// A project watcher: file-system events from the runtime's I/O thread (one inotify watch per
// folder, added for folders created later, dropped for folders removed), debounced, filtered by
// content hash, then one regeneration on a worker (plan + atomic apply). Errors are reported and
// the watcher keeps running; the next good save recovers.
//
// Threads: events are called from runtime workers, one at a time and in order (never
// concurrently). After close()'s callback has run, no event is called again.
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ggen/error/result.h"
#include "ggen/gen/generate.h"
#include "ggen/hooks/hooks.h"
#include "ggen/runtime/runtime.h"
#include "ggen/runtime/unique_function.h"
#include "ggen/watch/snapshot.h"

namespace ggen::watch {

struct WatchOptions {
  std::filesystem::path project = ".";     // a folder inside the project (ggen.toml found upward)
  std::chrono::milliseconds debounce{50};  // quiet window after the last event of a burst
  // Overrides applied after every (re)load of ggen.toml.
  std::optional<std::filesystem::path> output;
  tmpl::Value vars;  // merged over ggen.toml's [vars] (null: none)
  bool force = false;
  bool allow_shell = false;
  bool keep_going = false;
  size_t jobs = 0;
  std::chrono::milliseconds shell_timeout{60000};
  // How the `watch` hooks of ggen.toml start ggen (e.g. {node, .../bin/ggen.js}); empty: `ggen`
  // on PATH. Those hooks run after each successful regeneration.
  std::vector<std::string> ggen;
};

struct Generated {
  uint64_t seq = 0;                 // 1, 2, ... one per regeneration (errors included)
  bool initial = false;             // the generation run when watching starts
  std::vector<FileChange> changes;  // what triggered it (empty for the initial one)
  gen::Plan plan;
  gen::ApplyReport applied;
  hooks::RunReport hooks;  // the `watch` hooks run after the write (none: empty)
  double elapsed_ms = 0;   // from the end of the debounce window to written files
};

struct WatchEvents {
  std::function<void(const std::vector<FileChange>&)> on_change;
  std::function<void(const Generated&)> on_generated;
  // A failed regeneration (nothing written), or a failed `watch` hook (after on_generated).
  std::function<void(const Error&, uint64_t seq)> on_error;
};

class Watcher : public std::enable_shared_from_this<Watcher> {
 public:
  // Loads the project (E_PROJECT & co. when it cannot), starts watching, hashes the inputs and
  // queues the initial generation (reported as an event like every later one).
  static Result<std::shared_ptr<Watcher>> start(WatchOptions options, WatchEvents events,
                                                runtime::Runtime& rt = runtime::Runtime::global());
  ~Watcher();

  // Stops: cancels a regeneration in flight (it leaves no partial file), removes every watch.
  // `done` runs once (on some runtime thread) when no event will be called any more.
  void close(runtime::UniqueFunction<void()> done = {});
  bool closed() const;
  WatchRoots roots() const;
  // The folders watched right now, sorted (a copy taken on the I/O thread).
  std::vector<std::filesystem::path> watched_dirs() const;

  struct Impl;
  explicit Watcher(std::shared_ptr<Impl> impl);

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace ggen::watch
