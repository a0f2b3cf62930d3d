#pragma once
// The runtime's one I/O thread: a private libuv loop for timers, child processes and (later)
// file-system events. Inside the addon the uv_* symbols are node's own libuv, but this loop is
// ours: node's default loop and libuv's shared threadpool are never touched.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ggen/runtime/cancellation.h"
#include "ggen/runtime/future.h"

struct uv_loop_s;
struct uv_async_s;
struct uv_fs_event_s;

namespace ggen::runtime {

struct ProcessOptions {
  std::vector<std::string> argv;  // argv[0] is looked up on PATH
  std::string cwd;                // empty: inherit
  // Extra "KEY=VALUE" entries on top of the inherited environment.
  std::vector<std::string> env;
  std::chrono::milliseconds timeout{0};  // 0: none
  size_t max_output = 16 * 1024 * 1024;  // per stream; the rest is dropped and flagged
  // Optional: every chunk as it arrives (stream 1 = stdout, 2 = stderr), on the I/O thread, in
  // addition to the captured text. Must be quick and must not block.
  std::function<void(int stream, std::string_view chunk)> on_output;
};

struct ProcessResult {
  int64_t exit_code = -1;
  int term_signal = 0;
  bool timed_out = false;
  bool output_truncated = false;
  std::string stdout_text;
  std::string stderr_text;
};

class IoThread {
 public:
  IoThread();
  ~IoThread();
  IoThread(const IoThread&) = delete;
  IoThread& operator=(const IoThread&) = delete;

  // Runs fn on the I/O thread. False after shutdown (fn is dropped).
  bool post(UniqueFunction<void(uv_loop_s*)> fn);
  // Calls fn on the I/O thread after `delay`; the id cancels it. Ids are never reused.
  uint64_t start_timer(std::chrono::milliseconds delay, UniqueFunction<void()> fn);
  void cancel_timer(uint64_t id);
  // Spawns a child in its own process group; cancellation and timeout kill the whole group
  // (SIGTERM, then SIGKILL after a grace period). Fails with E_IO if it cannot start.
  Future<ProcessResult> run_process(ProcessOptions options, CancellationToken token = {});
  // File-system events, I/O thread only (call from a post()ed function). Watches ONE directory:
  // inotify is not recursive, so a recursive watcher adds a watch per folder. fn(name, status)
  // gets the entry's name relative to `dir` ("" for the folder itself) or a uv error status.
  // Returns the watch id, or E_IO when the folder cannot be watched (gone, inotify limit).
  using FsEventFn = UniqueFunction<void(std::string_view name, int status)>;
  Result<uint64_t> watch_dir(const std::string& dir, FsEventFn fn);
  void unwatch_dir(uint64_t id);  // I/O thread only; unknown ids are ignored
  // I/O thread only: fn runs once, on the I/O thread, when the thread shuts down, so that an
  // in-flight transfer fails at once instead of keeping the loop alive until its own timeout.
  // The id removes it (unknown ids are ignored).
  uint64_t on_shutdown(UniqueFunction<void()> fn);
  void remove_on_shutdown(uint64_t id);
  // Kills running children, closes every handle, joins the thread. Idempotent.
  void shutdown();
  bool on_io_thread() const { return std::this_thread::get_id() == thread_.get_id(); }

 public:
  struct Timer;
  struct Child;
  struct FsWatch;

 private:
  void run();
  void drain();
  void close_all();
  static void finish(Child* c);
  static void close_child(Child* c);
  static void close_fs_watch(FsWatch* w);

  uv_loop_s* loop_ = nullptr;
  uv_async_s* wakeup_ = nullptr;
  std::thread thread_;
  std::mutex mu_;
  std::vector<UniqueFunction<void(uv_loop_s*)>> pending_;
  bool stopping_ = false;
  bool joined_ = false;
  // Touched only on the I/O thread.
  std::map<uint64_t, Timer*> timers_;
  std::vector<Child*> children_;
  std::map<uint64_t, FsWatch*> fs_watches_;
  std::map<uint64_t, UniqueFunction<void()>> on_shutdown_;
  std::atomic<uint64_t> timer_ids_{1};
};

}  // namespace ggen::runtime
