#include "ggen/watch/watcher.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>

#include "fs_tree.h"
#include "regenerate.h"

namespace ggen::watch {

namespace fs = std::filesystem;
using runtime::Clock;

namespace {

// A burst that never goes quiet (a tool rewriting files in a loop) still regenerates, at most
// this many debounce windows after its first event.
constexpr int kMaxWindows = 10;

bool same_roots(const WatchRoots& a, const WatchRoots& b) {
  return a.root == b.root && a.output == b.output && a.template_dirs == b.template_dirs &&
         a.graph_dirs == b.graph_dirs && a.files == b.files;
}

}  // namespace

struct Watcher::Impl : std::enable_shared_from_this<Impl> {
  Impl(WatchOptions o, WatchEvents e, runtime::Runtime& r)
      : options(std::move(o)), events(std::move(e)), rt(r), regen(options) {}

  WatchOptions options;
  WatchEvents events;
  runtime::Runtime& rt;
  detail::Regenerator regen;
  runtime::CancellationToken token;
  Snapshot snapshot;  // touched by the one batch in flight only

  std::mutex mu;
  WatchRoots roots;
  std::set<fs::path> dirty;
  bool timer_armed = false;
  uint64_t timer_id = 0;
  Clock::time_point first_event, last_event;
  bool busy = false;   // a batch is running on a worker
  bool again = false;  // the debounce window ended while busy
  std::atomic<bool> closed{false};
  bool io_closed = false;
  bool finished = false;
  std::vector<runtime::UniqueFunction<void()>> on_closed;
  uint64_t seq = 0;

  std::unique_ptr<detail::FsTree> tree;  // I/O thread only

  // I/O thread: an event named `p`.
  void touched(const fs::path& p) {
    std::lock_guard lock(mu);
    if (closed) return;
    dirty.insert(p);
    last_event = Clock::now();
    if (!timer_armed) {
      first_event = last_event;
      arm(options.debounce);
    }
  }

  void arm(std::chrono::milliseconds delay) {  // mu held
    timer_armed = true;
    timer_id = rt.io().start_timer(delay, [self = shared_from_this()] { self->on_timer(); });
  }

  // I/O thread: the debounce window may have ended.
  void on_timer() {
    std::lock_guard lock(mu);
    timer_armed = false;
    if (closed) return;
    auto now = Clock::now();
    auto quiet = last_event + options.debounce;
    auto cap = first_event + options.debounce * kMaxWindows;
    if (now < quiet && now < cap) {
      auto until = std::min(quiet, cap);
      arm(std::chrono::ceil<std::chrono::milliseconds>(until - now));
      return;
    }
    if (busy) {
      again = true;
      return;
    }
    start_batch(false);
  }

  void start_batch(bool initial) {  // mu held
    busy = true;
    again = false;
    std::set<fs::path> batch;
    batch.swap(dirty);
    bool posted = rt.post([self = shared_from_this(), batch = std::move(batch), initial]() mutable {
      self->process(batch, initial);
    });
    if (!posted) busy = false;  // the runtime is shutting down
  }

  // Worker: hash what the events named; regenerate when some content really changed.
  void process(const std::set<fs::path>& batch, bool initial) {
    auto t0 = Clock::now();
    WatchRoots current;
    {
      std::lock_guard lock(mu);
      current = roots;
    }
    std::vector<FileChange> changes;
    if (!initial) changes = snapshot.update(batch, current);
    if ((initial || !changes.empty()) && !closed) regenerate(changes, initial, current, t0);
    std::vector<runtime::UniqueFunction<void()>> done;
    {
      std::lock_guard lock(mu);
      busy = false;
      if (closed) {
        done = finish();
      } else if (!dirty.empty() && (again || !timer_armed)) {
        start_batch(false);
      }
    }
    for (auto& f : done) f();
  }

  void regenerate(const std::vector<FileChange>& changes, bool initial, const WatchRoots& current,
                  Clock::time_point t0) {
    if (!initial && events.on_change) events.on_change(changes);
    uint64_t n;
    {
      std::lock_guard lock(mu);
      n = ++seq;
    }
    std::vector<fs::path> paths;
    bool config_changed = initial;
    for (const auto& c : changes) {
      paths.push_back(c.path);
      config_changed = config_changed || c.path == current.config;
    }
    runtime::Context ctx{token.child()};
    auto r = regen.run(ctx, initial ? nullptr : &paths);
    // ggen.toml may now name other folders (even when it fails to load: they may not exist yet).
    if (config_changed) refresh_roots(current);
    if (!r.ok()) {
      if (!closed && events.on_error) events.on_error(r.error(), n);
      return;
    }
    if (closed) return;
    Generated g;
    g.seq = n;
    g.initial = initial;
    g.changes = changes;
    g.plan = std::move(r.value().plan);
    g.applied = std::move(r.value().applied);
    g.hooks = std::move(r.value().hooks);
    g.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (events.on_generated) events.on_generated(g);
    if (r.value().hook_error && !closed && events.on_error)
      events.on_error(*r.value().hook_error, n);
  }

  // After ggen.toml changed: watch what it names now (kept as it was if it cannot be read).
  void refresh_roots(const WatchRoots& current) {
    auto next = watch_roots(current.config, options.output);
    if (!next.ok() || same_roots(next.value(), current)) return;
    {
      std::lock_guard lock(mu);
      roots = next.value();
    }
    snapshot.scan(next.value());
    rt.io().post([self = shared_from_this(), r = next.value(), before = current](uv_loop_s*) {
      if (!self->tree || self->closed) return;
      self->tree->set_roots(r);
      // Files that appeared in a newly named folder between the scan above and these watches
      // raised no event: have the snapshot re-read the new folders (unchanged content is no
      // change, so this costs a scan and triggers nothing when nothing arrived).
      auto is_new = [&](const std::filesystem::path& d) {
        auto had = [&](const std::vector<std::filesystem::path>& v) {
          return std::find(v.begin(), v.end(), d) != v.end();
        };
        return !had(before.template_dirs) && !had(before.graph_dirs);
      };
      for (const auto* dirs : {&r.template_dirs, &r.graph_dirs}) {
        for (const auto& d : *dirs) {
          if (is_new(d)) self->touched(d);
        }
      }
    });
  }

  std::vector<runtime::UniqueFunction<void()>> finish() {  // mu held
    if (finished || !io_closed || busy) return {};
    finished = true;
    return std::move(on_closed);
  }
};

Watcher::Watcher(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

Watcher::~Watcher() {
  close();
}

Result<std::shared_ptr<Watcher>> Watcher::start(WatchOptions options, WatchEvents events,
                                                runtime::Runtime& rt) {
  if (options.debounce.count() < 0) {
    return Error(std::string(codes::kInvalidArgument), "the debounce window cannot be negative");
  }
  auto impl = std::make_shared<Impl>(std::move(options), std::move(events), rt);
  auto project = impl->regen.load();
  if (!project.ok()) return project.error();
  auto roots = watch_roots(project.value().config, impl->options.output);
  if (!roots.ok()) return roots.error();
  impl->roots = roots.value();
  // Watch first, then hash: a change in between is seen twice rather than missed.
  runtime::Promise<void> watching;
  bool posted = rt.io().post([impl, r = roots.value(), watching](uv_loop_s*) {
    impl->tree = std::make_unique<detail::FsTree>(
        impl->rt.io(), [w = impl.get()](const fs::path& p) { w->touched(p); });
    impl->tree->set_roots(r);
    watching.set(Result<void>());
  });
  if (!posted) return runtime::shutdown_error();
  watching.future().wait();
  impl->snapshot.scan(roots.value());
  {
    std::lock_guard lock(impl->mu);
    impl->start_batch(true);
  }
  return std::make_shared<Watcher>(impl);
}

void Watcher::close(runtime::UniqueFunction<void()> done) {
  auto& s = *impl_;
  {
    std::unique_lock lock(s.mu);
    if (done) s.on_closed.push_back(std::move(done));
    if (s.closed) {
      auto ready = s.finish();
      lock.unlock();
      for (auto& f : ready) f();
      return;
    }
    s.closed = true;
  }
  s.token.cancel(Error(std::string(codes::kCancelled), "the watcher was closed"));
  auto cleanup = [impl = impl_](uv_loop_s*) {
    if (impl->tree) impl->tree->clear();
    std::vector<runtime::UniqueFunction<void()>> ready;
    {
      std::lock_guard lock(impl->mu);
      if (impl->timer_armed) impl->rt.io().cancel_timer(impl->timer_id);
      impl->timer_armed = false;
      impl->io_closed = true;
      ready = impl->finish();
    }
    for (auto& f : ready) f();
  };
  if (!s.rt.io().post(cleanup)) {
    std::vector<runtime::UniqueFunction<void()>> ready;
    {
      std::lock_guard lock(s.mu);
      s.io_closed = true;  // the I/O thread is gone and closed every watch itself
      ready = s.finish();
    }
    for (auto& f : ready) f();
  }
}

bool Watcher::closed() const {
  return impl_->closed;
}

WatchRoots Watcher::roots() const {
  std::lock_guard lock(impl_->mu);
  return impl_->roots;
}

std::vector<fs::path> Watcher::watched_dirs() const {
  runtime::Promise<std::vector<fs::path>> out;
  bool posted = impl_->rt.io().post([impl = impl_, out](uv_loop_s*) {
    out.set(impl->tree ? impl->tree->dirs() : std::vector<fs::path>{});
  });
  if (!posted) return {};
  auto r = out.future().get();
  return r.ok() ? r.value() : std::vector<fs::path>{};
}

}  // namespace ggen::watch
