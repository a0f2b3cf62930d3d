#include "ggen/runtime/thread_pool.h"

#include "ggen/runtime/reverse_list.h"

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

// The intake's value once shutdown has begun: submit() refuses, and nothing is ever queued behind
// it. Never dereferenced.
PoolTask* const kClosed = reinterpret_cast<PoolTask*>(alignof(PoolTask));

ThreadPool::ThreadPool(unsigned threads, std::string name_prefix, Metrics* metrics)
    : metrics_(metrics), prefix_(std::move(name_prefix)) {
  cpus_ = std::max(1u, std::thread::hardware_concurrency());
  workers_.reserve(threads);
  threads_ = threads;
  awake_.store(threads, std::memory_order_relaxed);  // each goes to sleep through sleep()
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
  PoolTask* head = intake_.load(std::memory_order_relaxed);
  do {
    if (head == kClosed) return false;
    task->next_in_pool_ = head;
  } while (!intake_.compare_exchange_weak(head, task, std::memory_order_seq_cst,
                                          std::memory_order_relaxed));
  size_.fetch_add(1, std::memory_order_relaxed);
  // Seq_cst after the push, against sleep()'s decrement then re-check: either this sees no
  // worker awake and wakes one, or the worker going to sleep sees the task. With workers awake
  // but none polling (they run tasks, maybe long ones), a sleeper is woken if none is on watch
  // (it then watches); a polling worker takes the task within microseconds.
  unsigned awake = awake_.load(std::memory_order_seq_cst);
  if (awake == 0 || (awake < threads_ && spinning_.load(std::memory_order_relaxed) == 0 &&
                     watchers_.load(std::memory_order_seq_cst) == 0)) {
    wake_one();
  }
  return true;
}

void ThreadPool::wake_one() {
  // Through mu_: a worker between its last look at the queue and its wait holds it, so the
  // notification cannot fall into that gap. Notified after unlocking: a worker woken while this
  // thread still held mu_ would block on it at once (two more context switches per wake-up).
  std::condition_variable* cv;
  {
    std::lock_guard lock(mu_);
    cv = watchers_.load(std::memory_order_relaxed) > 0 ? &watch_cv_ : &deep_cv_;
  }
  cv->notify_one();
}

void ThreadPool::append(PoolTask* list) {
  PoolTask* last = nullptr;
  PoolTask* fifo = reverse_list(list, &PoolTask::next_in_pool_, &last);  // newest first: reverse
  if (fifo == nullptr) return;
  if (tail_ != nullptr) {
    tail_->next_in_pool_ = fifo;
  } else {
    head_ = fifo;
  }
  tail_ = last;
}

bool ThreadPool::refill() {
  if (head_ != nullptr) return true;
  PoolTask* list = intake_.load(std::memory_order_acquire);
  do {
    if (list == nullptr || list == kClosed) return false;
  } while (!intake_.compare_exchange_weak(list, nullptr, std::memory_order_acquire,
                                          std::memory_order_acquire));
  append(list);
  return true;
}

PoolTask* ThreadPool::pop() {
  PoolTask* t = head_;
  head_ = t->next_in_pool_;
  if (head_ == nullptr) tail_ = nullptr;
  size_.fetch_sub(1, std::memory_order_relaxed);
  ++popped_;
  t->next_in_pool_ = nullptr;
  return t;
}

void ThreadPool::shutdown() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && workers_.empty()) return;
    if (!stopping_) {
      // From here submit() refuses; what was pushed before runs (the workers drain the FIFO).
      append(intake_.exchange(kClosed, std::memory_order_acq_rel));
    }
    stopping_ = true;
    stop_.store(true, std::memory_order_relaxed);
  }
  watch_cv_.notify_all();
  deep_cv_.notify_all();
  for (auto& t : workers_) {
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  }
  workers_.clear();
}

bool ThreadPool::idle() const {
  std::lock_guard lock(mu_);
  PoolTask* in = intake_.load(std::memory_order_acquire);
  return head_ == nullptr && (in == nullptr || in == kClosed) && running_ == 0;
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
    if (intake_.load(std::memory_order_relaxed) != nullptr ||
        stop_.load(std::memory_order_relaxed)) {
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

void ThreadPool::sleep(std::unique_lock<std::mutex>& lock, bool& spin_next) {
  auto watch = kWatchFirst;
  bool leave_to_others = false;  // after a watchdog timeout that found the others progressing
  for (;;) {
    // While another worker is awake, sleep on watch: it may be stuck in a long task while a
    // submitter, seeing it awake and a watcher, wakes nobody. Once every worker sleeps, only a
    // submit (or shutdown) can bring work: sleep for good. (awake_ changes only under mu_.)
    bool watching = awake_.load(std::memory_order_relaxed) > 1;
    if (watching) watchers_.fetch_add(1, std::memory_order_seq_cst);
    awake_.fetch_sub(1, std::memory_order_seq_cst);
    // Seq_cst, against submit(): a task pushed before this load is seen here; one pushed after
    // it finds awake_ without this worker and wakes a sleeper. Queued work may be left to
    // workers still awake (they look at the queue, under mu_, before they sleep).
    bool queued = head_ != nullptr || intake_.load(std::memory_order_seq_cst) != nullptr;
    bool slept = !stopping_ && !(queued && (!leave_to_others || awake_.load() == 0));
    bool timed_out = false;
    auto slept_at = Clock::now();
    uint64_t seen = popped_;
    if (slept) {
      ++sleeping_;
      if (watching) {
        timed_out = watch_cv_.wait_for(lock, watch) == std::cv_status::timeout;
      } else {
        deep_cv_.wait(lock);
      }
      --sleeping_;
    }
    awake_.fetch_add(1, std::memory_order_seq_cst);
    if (watching) watchers_.fetch_sub(1, std::memory_order_seq_cst);
    if (!slept) return;
    if (!timed_out) {
      spin_next = Clock::now() - slept_at < kShortSleep;
      return;
    }
    // Watchdog: take over only queued work no worker has taken from meanwhile (the awake
    // ones are stuck in long tasks); otherwise leave it to them and sleep longer.
    bool queued_now = head_ != nullptr || intake_.load(std::memory_order_acquire) != nullptr;
    if (stopping_ || (queued_now && popped_ == seen)) {
      spin_next = false;
      return;
    }
    leave_to_others = true;
    watch = std::min(watch * 2, std::chrono::duration_cast<decltype(watch)>(kWatchMax));
  }
}

void ThreadPool::work(unsigned index) {
  std::string name = prefix_ + std::to_string(index);
  name.resize(std::min<size_t>(name.size(), 15));  // the kernel's limit for thread names
  pthread_setname_np(pthread_self(), name.c_str());
  bool spin_next = false;
  std::unique_lock lock(mu_);
  for (;;) {
    if (!refill() && !stopping_) {
      if (spin_next || spin_mode_.load(std::memory_order_relaxed) == SpinMode::kAlways) {
        spin_for_work(lock, spin_next);
      }
      if (!refill() && !stopping_) {
        sleep(lock, spin_next);
        continue;  // look again: woken by a submit, a pass-on, the watchdog or shutdown
      }
    }
    // Drain before exiting: a task accepted by submit() always runs exactly once (shutdown
    // moved the intake into the FIFO).
    if (head_ == nullptr) return;
    PoolTask* task = pop();
    // Pass the wake-up on, so queued work runs in parallel (a watcher first: it is awake soonest).
    std::condition_variable* pass_on = nullptr;
    if ((head_ != nullptr || intake_.load(std::memory_order_relaxed) != nullptr) && sleeping_ > 0 &&
        spinning_ == 0) {
      pass_on = watchers_.load(std::memory_order_relaxed) > 0 ? &watch_cv_ : &deep_cv_;
    }
    ++running_;
    lock.unlock();
    if (pass_on != nullptr) pass_on->notify_one();
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
