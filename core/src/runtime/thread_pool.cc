#include "ggen/runtime/thread_pool.h"

#include <pthread.h>

#include <algorithm>

namespace ggen::runtime {

ThreadPool::ThreadPool(unsigned threads, std::string name_prefix, Metrics* metrics)
    : metrics_(metrics), prefix_(std::move(name_prefix)) {
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
  bool wake;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return false;
    queue_.push_back(Item{std::move(task), std::chrono::steady_clock::now()});
    // Only the first task of a batch wakes a worker: the later ones find it (or a worker still
    // busy with earlier work) about to look at the queue anyway.
    wake = sleeping_ > 0 && queue_.size() == 1;
  }
  if (wake) cv_.notify_one();
  return true;
}

void ThreadPool::shutdown() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) {
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  }
  workers_.clear();
}

size_t ThreadPool::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

bool ThreadPool::on_worker_thread() const {
  std::lock_guard lock(mu_);
  auto self = std::this_thread::get_id();
  return std::find(worker_ids_.begin(), worker_ids_.end(), self) != worker_ids_.end();
}

void ThreadPool::work(unsigned index) {
  std::string name = prefix_ + std::to_string(index);
  name.resize(std::min<size_t>(name.size(), 15));  // the kernel's limit for thread names
  pthread_setname_np(pthread_self(), name.c_str());
  for (;;) {
    Item item;
    bool more;
    {
      // No spinning before sleeping: a spinning thread takes CPU from the JS thread it is about
      // to hand results to, which on a busy machine costs more than the wake-up it saves.
      std::unique_lock lock(mu_);
      ++sleeping_;
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      --sleeping_;
      // Drain before exiting: a task accepted by submit() always runs exactly once.
      if (queue_.empty()) return;
      item = std::move(queue_.front());
      queue_.pop_front();
      more = !queue_.empty() && sleeping_ > 0;
    }
    if (more) cv_.notify_one();  // pass the wake-up on, so queued work runs in parallel
    auto waited = std::chrono::steady_clock::now() - item.enqueued;
    if (metrics_) {
      metrics_->on_start(static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(waited).count()));
    }
    try {
      item.task();
    } catch (...) {
      // Runtime::spawn turns exceptions into errors; a raw task that throws must not take the
      // worker (and with it the process) down.
    }
    if (metrics_) metrics_->on_finish();
  }
}

}  // namespace ggen::runtime
