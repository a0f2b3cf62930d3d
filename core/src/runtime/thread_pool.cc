#include "ggen/runtime/thread_pool.h"

#include <pthread.h>
#include <stdlib.h>
#if defined(__linux__)
#include <sys/sysinfo.h>
#endif

#include <algorithm>
#include <memory>

namespace ggen::runtime {

namespace {

using Clock = std::chrono::steady_clock;

// Tells the CPU (and a hypervisor) that this is a polling loop.
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#endif
}

// 1-minute load average below the number of CPUs.
bool load_is_low(unsigned cpus) {
#if defined(__linux__)
  struct sysinfo si;
  if (sysinfo(&si) != 0) return false;
  return si.loads[0] < (static_cast<unsigned long>(cpus) << SI_LOAD_SHIFT);
#else
  double load[1];
  return getloadavg(load, 1) == 1 && load[0] < cpus;
#endif
}

// A closure queued through submit(Task): one allocation for the node, owned by the pool.
struct FunctionTask final : PoolTask {
  explicit FunctionTask(Task f) : fn(std::move(f)) {}
  void run() override {
    std::unique_ptr<FunctionTask> self(this);  // freed even if fn throws
    fn();
  }
  Task fn;
};

}  // namespace

ThreadPool::ThreadPool(unsigned threads, std::string name_prefix, Metrics* metrics)
    : metrics_(metrics), prefix_(std::move(name_prefix)) {
  cpus_ = std::max(1u, std::thread::hardware_concurrency());
  workers_.reserve(threads);
  std::lock_guard lock(mu_);  // worker_ids_ is complete before any worker reads it
  for (unsigned i = 0; i < threads; ++i) {
    workers_.emplace_back([this, i] { work(i); });
    worker_ids_.push_back(workers_.back().get_id());
    // Named here as well as in the thread: visible as soon as the constructor returns.
    std::string name = prefix_ + std::to_string(i);
    name.resize(std::min<size_t>(name.size(), 15));
    pthread_setname_np(workers_.back().native_handle(), name.c_str());
  }
}

ThreadPool::~ThreadPool() {
  shutdown();
}

bool ThreadPool::submit(Task task) {
  auto* t = new FunctionTask(std::move(task));
  if (submit(static_cast<PoolTask*>(t))) return true;
  delete t;
  return false;
}

bool ThreadPool::submit(PoolTask* task) {
  // Queue waits are sampled (one task in kWaitSampleEvery per submitting thread): reading the
  // clock for every call was ~1.5% of the JS thread's time in a burst. Unsampled tasks carry
  // the epoch, which no real enqueue time equals.
  constexpr uint32_t kWaitSampleEvery = 8;
  static thread_local uint32_t submits = 0;
  task->enqueued_ = submits++ % kWaitSampleEvery == 0 ? Clock::now() : Clock::time_point{};
  task->next_in_pool_ = nullptr;
  bool wake;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return false;
    if (tail_ != nullptr) {
      tail_->next_in_pool_ = task;
    } else {
      head_ = task;
    }
    tail_ = task;
    size_t n = size_.load(std::memory_order_relaxed) + 1;
    size_.store(n, std::memory_order_relaxed);
    // Only the first task of a batch wakes a worker: the later ones find it (or a worker still
    // busy with earlier work) about to look at the queue anyway. A spinning worker needs none.
    wake = n == 1 && sleeping_ > 0 && spinning_ == 0;
  }
  if (wake) cv_.notify_one();
  return true;
}

PoolTask* ThreadPool::pop() {
  PoolTask* t = head_;
  head_ = t->next_in_pool_;
  if (head_ == nullptr) tail_ = nullptr;
  size_.store(size_.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
  t->next_in_pool_ = nullptr;
  return t;
}

void ThreadPool::shutdown() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
    stop_.store(true, std::memory_order_relaxed);
  }
  cv_.notify_all();
  for (auto& t : workers_) {
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  }
  workers_.clear();
}

bool ThreadPool::idle() const {
  std::lock_guard lock(mu_);
  return head_ == nullptr && running_ == 0;
}

bool ThreadPool::on_worker_thread() const {
  std::lock_guard lock(mu_);
  auto self = std::this_thread::get_id();
  return std::find(worker_ids_.begin(), worker_ids_.end(), self) != worker_ids_.end();
}

bool ThreadPool::machine_is_quiet() {
  if (cpus_ < 2) return false;  // the spinner would take the only CPU from the producer
  auto now = Clock::now();
  if (now - quiet_checked_ >= std::chrono::milliseconds(250)) {
    quiet_checked_ = now;
    quiet_ = load_is_low(cpus_);
  }
  return quiet_;
}

// On a busy machine a worker still polls, but only for kBusySpinFor and only while polls keep
// finding work (a burst of calls, where each poll replaces a futex wake-up by the submitter and
// a sleep/wake-up pair here, both dearer in CPU than the poll): after a poll that finds nothing
// the worker skips the next 1, 2, 4 ... 64 chances (reset by a poll that finds work), so calls
// made one at a time on a busy machine cost at most a poll per 64 calls.
constexpr std::chrono::microseconds kBusySpinFor{10};
constexpr unsigned kMaxSpinBackoff = 64;
thread_local unsigned spin_backoff = 0;  // per worker thread
thread_local unsigned spin_skip = 0;

bool ThreadPool::spin_for_work(std::unique_lock<std::mutex>& lock, bool& spin_next) {
  SpinMode mode = spin_mode_.load(std::memory_order_relaxed);
  if (mode == SpinMode::kOff || spinning_ > 0) return false;
  auto window = kSpinFor;
  bool busy = mode == SpinMode::kAdaptive && !machine_is_quiet();
  if (busy) {
    if (spin_skip > 0) {
      --spin_skip;
      return false;
    }
    window = kBusySpinFor;
  }
  ++spinning_;
  lock.unlock();
  bool found = false;
  auto until = Clock::now() + window;
  for (unsigned i = 1;; ++i) {
    if (size_.load(std::memory_order_relaxed) != 0 || stop_.load(std::memory_order_relaxed)) {
      found = true;
      break;
    }
    cpu_relax();
    if ((i & 63) == 0 && Clock::now() >= until) break;
  }
  lock.lock();
  --spinning_;
  spin_next = found;  // a spin that found nothing: sleep next time, until sleeps get short again
  if (found) {
    spin_backoff = 0;
  } else if (busy) {
    spin_backoff = std::min(kMaxSpinBackoff, spin_backoff == 0 ? 1 : spin_backoff * 2);
    spin_skip = spin_backoff;
  }
  return found;
}

void ThreadPool::work(unsigned index) {
  std::string name = prefix_ + std::to_string(index);
  name.resize(std::min<size_t>(name.size(), 15));  // the kernel's limit for thread names
  pthread_setname_np(pthread_self(), name.c_str());
  bool spin_next = false;
  std::unique_lock lock(mu_);
  for (;;) {
    if (head_ == nullptr && !stopping_) {
      if (spin_next || spin_mode_.load(std::memory_order_relaxed) == SpinMode::kAlways) {
        spin_for_work(lock, spin_next);
      }
      if (head_ == nullptr && !stopping_) {
        ++sleeping_;
        auto slept_at = Clock::now();
        cv_.wait(lock, [&] { return stopping_ || head_ != nullptr; });
        --sleeping_;
        spin_next = Clock::now() - slept_at < kShortSleep;
      }
    }
    // Drain before exiting: a task accepted by submit() always runs exactly once.
    if (head_ == nullptr) return;
    PoolTask* task = pop();
    bool more = head_ != nullptr && sleeping_ > 0 && spinning_ == 0;
    ++running_;
    lock.unlock();
    if (more) cv_.notify_one();  // pass the wake-up on, so queued work runs in parallel
    if (metrics_) {
      if (task->enqueued_ == Clock::time_point{}) {
        metrics_->on_start(Metrics::kNoWaitSample);
      } else {
        auto waited = Clock::now() - task->enqueued_;
        metrics_->on_start(static_cast<uint64_t>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(waited).count()));
      }
    }
    try {
      task->run();
    } catch (...) {
      // Runtime::spawn turns exceptions into errors; a raw task that throws must not take the
      // worker (and with it the process) down.
    }
    if (metrics_) metrics_->on_finish();
    lock.lock();
    --running_;
  }
}

}  // namespace ggen::runtime
