#include "ggen/runtime/io_thread.h"

#include <pthread.h>
#include <signal.h>
#include <uv.h>

#include <cstring>
#include <optional>

namespace ggen::runtime {

struct IoThread::Timer {
  uv_timer_t handle;
  uint64_t id;
  IoThread* owner;
  UniqueFunction<void()> fn;
};

struct IoThread::Child {
  uv_process_t process;
  uv_pipe_t out;
  uv_pipe_t err;
  uv_timer_t timeout;
  uv_timer_t grace;
  IoThread* owner;
  ProcessOptions options;
  ProcessResult result;
  Promise<ProcessResult> promise;
  CancellationToken::Registration cancel_reg;
  int open_handles = 0;  // freed when every handle has closed
  bool exited = false;
  bool settled = false;
  uint64_t id = 0;
  std::optional<Error> cancel_reason;
  int pid = 0;

  void kill_group(int sig) {
    if (exited || pid <= 0) return;
    // The child leads its own group (UV_PROCESS_DETACHED): signal the group so a shell's
    // grandchildren go too.
    ::kill(-pid, sig);
  }
};


IoThread::IoThread() {
  loop_ = new uv_loop_t;
  uv_loop_init(loop_);
  wakeup_ = new uv_async_t;
  wakeup_->data = this;
  uv_async_init(loop_, wakeup_, [](uv_async_t* a) { static_cast<IoThread*>(a->data)->drain(); });
  thread_ = std::thread([this] { run(); });
}

IoThread::~IoThread() { shutdown(); }

void IoThread::run() {
  pthread_setname_np(pthread_self(), "ggen-io");
  uv_run(loop_, UV_RUN_DEFAULT);
}

bool IoThread::post(UniqueFunction<void(uv_loop_s*)> fn) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return false;
    pending_.push_back(std::move(fn));
  }
  uv_async_send(wakeup_);
  return true;
}

void IoThread::drain() {
  std::vector<UniqueFunction<void(uv_loop_s*)>> batch;
  bool stop;
  {
    std::lock_guard lock(mu_);
    batch.swap(pending_);
    stop = stopping_;
  }
  for (auto& fn : batch) fn(loop_);
  if (stop) close_all();
}

uint64_t IoThread::start_timer(std::chrono::milliseconds delay, UniqueFunction<void()> fn) {
  uint64_t id = timer_ids_.fetch_add(1);
  post([this, id, delay, fn = std::move(fn)](uv_loop_s* loop) mutable {
    auto* t = new Timer{{}, id, this, std::move(fn)};
    uv_timer_init(loop, &t->handle);
    t->handle.data = t;
    timers_[id] = t;
    uv_timer_start(
        &t->handle,
        [](uv_timer_t* h) {
          auto* t = static_cast<Timer*>(h->data);
          t->owner->timers_.erase(t->id);
          auto fn = std::move(t->fn);
          uv_close(reinterpret_cast<uv_handle_t*>(h),
                   [](uv_handle_t* h) { delete static_cast<Timer*>(h->data); });
          fn();
        },
        static_cast<uint64_t>(delay.count() < 0 ? 0 : delay.count()), 0);
  });
  return id;
}

void IoThread::cancel_timer(uint64_t id) {
  post([this, id](uv_loop_s*) {
    auto it = timers_.find(id);
    if (it == timers_.end()) return;  // already fired
    Timer* t = it->second;
    timers_.erase(it);
    uv_timer_stop(&t->handle);
    uv_close(reinterpret_cast<uv_handle_t*>(&t->handle),
             [](uv_handle_t* h) { delete static_cast<Timer*>(h->data); });
  });
}

namespace {

void close_and_count(uv_handle_t* h, IoThread::Child* c) {
  if (uv_is_closing(h)) return;
  uv_close(h, [](uv_handle_t* h) {
    auto* c = static_cast<IoThread::Child*>(h->data);
    if (--c->open_handles == 0) delete c;
  });
}

bool reading(IoThread::Child* c) {
  return uv_is_active(reinterpret_cast<uv_handle_t*>(&c->out)) ||
         uv_is_active(reinterpret_cast<uv_handle_t*>(&c->err));
}

void alloc_buffer(uv_handle_t*, size_t suggested, uv_buf_t* buf) {
  buf->base = new char[suggested];
  buf->len = suggested;
}

}  // namespace

void IoThread::finish(Child* c) {
  if (c->settled) return;
  c->settled = true;
  uv_read_stop(reinterpret_cast<uv_stream_t*>(&c->out));
  uv_read_stop(reinterpret_cast<uv_stream_t*>(&c->err));
  auto& kids = c->owner->children_;
  for (auto it = kids.begin(); it != kids.end(); ++it) {
    if (*it == c) {
      kids.erase(it);
      break;
    }
  }
  c->cancel_reg.reset();
  if (c->cancel_reason) {
    c->promise.set_error(*c->cancel_reason);
  } else {
    c->promise.set(std::move(c->result));
  }
  close_child(c);
}

void IoThread::close_child(Child* c) {
  close_and_count(reinterpret_cast<uv_handle_t*>(&c->process), c);
  close_and_count(reinterpret_cast<uv_handle_t*>(&c->out), c);
  close_and_count(reinterpret_cast<uv_handle_t*>(&c->err), c);
  close_and_count(reinterpret_cast<uv_handle_t*>(&c->timeout), c);
  close_and_count(reinterpret_cast<uv_handle_t*>(&c->grace), c);
}

Future<ProcessResult> IoThread::run_process(ProcessOptions options, CancellationToken token) {
  auto* c = new Child{};
  c->owner = this;
  c->options = std::move(options);
  auto fut = c->promise.future();
  if (c->options.argv.empty()) {
    c->promise.set_error(Error(std::string(codes::kInvalidArgument), "no command to run"));
    delete c;
    return fut;
  }
  static std::atomic<uint64_t> next_child{1};
  c->id = next_child.fetch_add(1);
  c->cancel_reg = token.on_cancel([this, id = c->id](const Error& why) {
    post([this, id, why](uv_loop_s*) {
      for (Child* c : children_) {
        if (c->id == id) {
          c->cancel_reason = why;
          c->kill_group(SIGTERM);
          uv_timer_start(&c->grace, [](uv_timer_t* h) {
            static_cast<Child*>(h->data)->kill_group(SIGKILL);
          }, 2000, 0);
        }
      }
    });
  });
  bool posted = post([this, c](uv_loop_s* loop) {
    uv_pipe_init(loop, &c->out, 0);
    uv_pipe_init(loop, &c->err, 0);
    uv_timer_init(loop, &c->timeout);
    uv_timer_init(loop, &c->grace);
    c->out.data = c->err.data = c->timeout.data = c->grace.data = c->process.data = c;
    c->open_handles = 5;

    std::vector<char*> args;
    for (auto& a : c->options.argv) args.push_back(a.data());
    args.push_back(nullptr);
    std::vector<std::string> env_store;
    std::vector<char*> env;
    if (!c->options.env.empty()) {
      for (char** e = environ; *e; ++e) env_store.emplace_back(*e);
      for (auto& e : c->options.env) env_store.push_back(e);
      for (auto& e : env_store) env.push_back(e.data());
      env.push_back(nullptr);
    }
    uv_stdio_container_t stdio[3];
    stdio[0].flags = UV_IGNORE;
    stdio[1].flags = static_cast<uv_stdio_flags>(UV_CREATE_PIPE | UV_WRITABLE_PIPE);
    stdio[1].data.stream = reinterpret_cast<uv_stream_t*>(&c->out);
    stdio[2].flags = static_cast<uv_stdio_flags>(UV_CREATE_PIPE | UV_WRITABLE_PIPE);
    stdio[2].data.stream = reinterpret_cast<uv_stream_t*>(&c->err);
    uv_process_options_t opts;
    std::memset(&opts, 0, sizeof opts);
    opts.file = args[0];
    opts.args = args.data();
    opts.env = env.empty() ? nullptr : env.data();
    opts.cwd = c->options.cwd.empty() ? nullptr : c->options.cwd.c_str();
    opts.flags = UV_PROCESS_DETACHED;
    opts.stdio_count = 3;
    opts.stdio = stdio;
    opts.exit_cb = [](uv_process_t* p, int64_t status, int sig) {
      auto* c = static_cast<Child*>(p->data);
      c->exited = true;
      c->result.exit_code = status;
      c->result.term_signal = sig;
      uv_timer_stop(&c->timeout);
      uv_timer_stop(&c->grace);
      if (reading(c)) {
        // Output may still be in the pipes; wait for EOF, but not for ever: a backgrounded
        // grandchild can hold them open.
        uv_timer_start(&c->grace, [](uv_timer_t* h) { finish(static_cast<Child*>(h->data)); },
                       200, 0);
        return;
      }
      finish(c);
    };
    int rc = uv_spawn(loop, &c->process, &opts);
    if (rc != 0) {
      c->cancel_reg.reset();
      c->promise.set_error(
          Error(std::string(codes::kIo), "cannot start `" + c->options.argv[0] + "`: " +
                                             uv_strerror(rc))
              .with_hint("check that the command exists and is on PATH"));
      // uv_spawn failed: the process handle was still initialised and must be closed too.
      c->settled = true;
      close_child(c);
      return;
    }
    c->pid = c->process.pid;
    children_.push_back(c);
    auto on_read = [](uv_stream_t* s, ssize_t n, const uv_buf_t* buf) {
      auto* c = static_cast<Child*>(s->data);
      if (n > 0) {
        std::string& dst = (s == reinterpret_cast<uv_stream_t*>(&c->out)) ? c->result.stdout_text
                                                                          : c->result.stderr_text;
        size_t room = c->options.max_output > dst.size() ? c->options.max_output - dst.size() : 0;
        size_t take = static_cast<size_t>(n) < room ? static_cast<size_t>(n) : room;
        dst.append(buf->base, take);
        if (take < static_cast<size_t>(n)) c->result.output_truncated = true;
        if (c->options.on_output) {
          bool is_out = s == reinterpret_cast<uv_stream_t*>(&c->out);
          c->options.on_output(is_out ? 1 : 2, std::string_view(buf->base, static_cast<size_t>(n)));
        }
      } else if (n < 0) {
        uv_read_stop(s);
        if (c->exited && !reading(c)) finish(c);
      }
      if (buf->base) delete[] buf->base;
    };
    uv_read_start(reinterpret_cast<uv_stream_t*>(&c->out), alloc_buffer, on_read);
    uv_read_start(reinterpret_cast<uv_stream_t*>(&c->err), alloc_buffer, on_read);
    if (c->options.timeout.count() > 0) {
      uv_timer_start(
          &c->timeout,
          [](uv_timer_t* h) {
            auto* c = static_cast<Child*>(h->data);
            c->result.timed_out = true;
            c->kill_group(SIGTERM);
            uv_timer_start(&c->grace, [](uv_timer_t* h) {
              static_cast<Child*>(h->data)->kill_group(SIGKILL);
            }, 2000, 0);
          },
          static_cast<uint64_t>(c->options.timeout.count()), 0);
    }
  });
  if (!posted) {
    c->cancel_reg.reset();
    c->promise.set_error(Error(std::string(codes::kShutdown), "the runtime is shutting down"));
    delete c;
  }
  return fut;
}

uint64_t IoThread::on_shutdown(UniqueFunction<void()> fn) {
  uint64_t id = timer_ids_.fetch_add(1);
  on_shutdown_.emplace(id, std::move(fn));
  return id;
}

void IoThread::remove_on_shutdown(uint64_t id) { on_shutdown_.erase(id); }

void IoThread::close_all() {
  // First, so that their handles close with the rest (a callback may remove others: take them).
  auto closers = std::move(on_shutdown_);
  on_shutdown_.clear();
  for (auto& [id, fn] : closers) fn();
  for (Child* c : children_) c->kill_group(SIGKILL);
  for (auto& [id, w] : fs_watches_) close_fs_watch(w);
  fs_watches_.clear();
  for (auto& [id, t] : timers_) {
    uv_timer_stop(&t->handle);
    uv_close(reinterpret_cast<uv_handle_t*>(&t->handle),
             [](uv_handle_t* h) { delete static_cast<Timer*>(h->data); });
  }
  timers_.clear();
  // Children still finish through their exit callbacks (SIGKILL cannot be ignored), which
  // settles their promises; then the loop runs out of handles and uv_run returns.
  if (!uv_is_closing(reinterpret_cast<uv_handle_t*>(wakeup_))) {
    uv_close(reinterpret_cast<uv_handle_t*>(wakeup_), nullptr);
  }
}

struct IoThread::FsWatch {
  uv_fs_event_t handle;
  FsEventFn fn;
};

void IoThread::close_fs_watch(FsWatch* w) {
  uv_fs_event_stop(&w->handle);
  uv_close(reinterpret_cast<uv_handle_t*>(&w->handle),
           [](uv_handle_t* h) { delete static_cast<FsWatch*>(h->data); });
}

Result<uint64_t> IoThread::watch_dir(const std::string& dir, FsEventFn fn) {
  auto* w = new FsWatch{{}, std::move(fn)};
  uv_fs_event_init(loop_, &w->handle);
  w->handle.data = w;
  int rc = uv_fs_event_start(
      &w->handle,
      [](uv_fs_event_t* h, const char* name, int, int status) {
        static_cast<FsWatch*>(h->data)->fn(name ? std::string_view(name) : std::string_view(),
                                           status);
      },
      dir.c_str(), 0);
  if (rc != 0) {
    uv_close(reinterpret_cast<uv_handle_t*>(&w->handle),
             [](uv_handle_t* h) { delete static_cast<FsWatch*>(h->data); });
    return Error(std::string(codes::kIo), "cannot watch " + dir + ": " + uv_strerror(rc))
        .with_hint(rc == UV_ENOSPC ? "raise fs.inotify.max_user_watches" : "");
  }
  uint64_t id = timer_ids_.fetch_add(1);
  fs_watches_[id] = w;
  return id;
}

void IoThread::unwatch_dir(uint64_t id) {
  auto it = fs_watches_.find(id);
  if (it == fs_watches_.end()) return;
  close_fs_watch(it->second);
  fs_watches_.erase(it);
}

void IoThread::shutdown() {
  {
    std::lock_guard lock(mu_);
    if (joined_) return;
    stopping_ = true;
    joined_ = true;
  }
  uv_async_send(wakeup_);
  if (thread_.joinable()) thread_.join();
  uv_loop_close(loop_);
  delete loop_;
  delete wakeup_;
  loop_ = nullptr;
  wakeup_ = nullptr;
}

}  // namespace ggen::runtime
