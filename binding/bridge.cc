#include "bridge.h"

#include "ggen/runtime/reverse_list.h"

namespace ggen::binding {

namespace {
// How long the runtime must stay without new calls after a burst before memory is given back.
constexpr std::chrono::milliseconds kReleaseMemoryIdle{1000};
// The instance data holds a shared_ptr so tasks finishing after teardown still find valid memory.
struct Holder {
  std::shared_ptr<EnvState> state;
};
}  // namespace

std::shared_ptr<EnvState> EnvState::create(Napi::Env env) {
  std::shared_ptr<EnvState> s(new EnvState(env));
  napi_value name;
  napi_create_string_utf8(env, "ggen.completions", NAPI_AUTO_LENGTH, &name);
  napi_status st = napi_create_threadsafe_function(env, nullptr, nullptr, name, 0, 1, nullptr,
                                                   nullptr, s.get(), &EnvState::drain, &s->tsfn_);
  if (st != napi_ok)
    NAPI_THROW(Napi::Error::New(env, "ggen: cannot create the completion queue"), s);
  napi_unref_threadsafe_function(env, s->tsfn_);
  env.SetInstanceData<Holder>(new Holder{s});
  // Registered after the TSFN so it runs before node's own TSFN teardown (hooks run in reverse).
  napi_add_env_cleanup_hook(env, &EnvState::cleanup, s.get());
  return s;
}

EnvState& EnvState::of(Napi::Env env) {
  return *env.GetInstanceData<Holder>()->state;
}

void EnvState::begin(Completion& c, runtime::CancellationToken& token_out) {
  // Calls without a cancel id share the environment's token: no per-call registration.
  if (c.cancel_id > 0) {
    token_out = env_token_.child();
    cancellable_[c.cancel_id] = token_out;
  } else {
    token_out = env_token_;
  }
  ++begun_;
  if (++pending_ > peak_pending_) peak_pending_ = pending_;
  if (!referenced_) {
    napi_ref_threadsafe_function(env_, tsfn_);
    referenced_ = true;
  }
}

void EnvState::complete(std::unique_ptr<Completion> c) {
  bool wake = false;
  if (!closed_.load(std::memory_order_acquire)) {
    Completion* node = c.release();
    Completion* head = done_.load(std::memory_order_relaxed);
    do {
      node->next_done = head;
    } while (!done_.compare_exchange_weak(head, node, std::memory_order_release,
                                          std::memory_order_relaxed));
    // Only the push onto an empty queue wakes the JS thread: it drains everything pushed since.
    wake = head == nullptr;
  }
  // c (if still owned) is a late completion of an environment going away: freed here.
  c.reset();
  // The TSFN stays valid until pushed_ counts this call: the cleanup hook releases it only after.
  if (wake && napi_call_threadsafe_function(tsfn_, nullptr, napi_tsfn_nonblocking) != napi_ok) {
    closed_.store(true, std::memory_order_release);  // napi_closing: the environment is going away
  }
  // Seq_cst pair with the cleanup hook (closed_ then pushed_): either it sees this count, or
  // this sees closed_ and notifies under mu_, so the hook cannot miss the last call.
  pushed_.fetch_add(1, std::memory_order_seq_cst);
  if (closed_.load(std::memory_order_seq_cst)) {
    std::lock_guard lock(mu_);
    idle_cv_.notify_all();
  }
}

void EnvState::delete_queued() {
  Completion* c = done_.exchange(nullptr, std::memory_order_acquire);
  while (c != nullptr) {
    Completion* next = c->next_done;
    delete c;
    c = next;
  }
}

bool EnvState::cancel(uint64_t cancel_id) {
  auto it = cancellable_.find(cancel_id);
  if (it == cancellable_.end()) return false;
  return it->second.cancel();
}

void EnvState::set_rejection_adapter(Napi::Value adapter) {
  napi_env env = adapter.Env();
  if (rejection_adapter_ != nullptr) {
    napi_delete_reference(env, rejection_adapter_);
    rejection_adapter_ = nullptr;
  }
  if (adapter.IsUndefined() || adapter.IsNull()) return;
  if (!adapter.IsFunction()) {
    throw Napi::TypeError::New(adapter.Env(), "the rejection adapter must be a function");
  }
  napi_create_reference(env, adapter, 1, &rejection_adapter_);
}

void EnvState::reject(napi_deferred deferred, napi_value error) {
  if (rejection_adapter_ != nullptr) {
    napi_value fn = nullptr;
    napi_value recv;
    napi_value thenable;
    if (napi_get_reference_value(env_, rejection_adapter_, &fn) == napi_ok && fn != nullptr &&
        napi_get_undefined(env_, &recv) == napi_ok &&
        napi_call_function(env_, recv, fn, 1, &error, &thenable) == napi_ok) {
      napi_resolve_deferred(env_, deferred, thenable);
      return;
    }
    // The adapter threw, or JS can no longer run here: reject with the error as it is.
    bool pending = false;
    napi_value ignored;
    if (napi_is_exception_pending(env_, &pending) == napi_ok && pending) {
      napi_get_and_clear_last_exception(env_, &ignored);
    }
  }
  napi_reject_deferred(env_, deferred, error);
}

void reject(Napi::Env env, napi_deferred deferred, napi_value error) {
  EnvState::of(env).reject(deferred, error);
}

void EnvState::drain(napi_env raw_env, napi_value, void* context, void*) {
  if (raw_env == nullptr) return;  // the TSFN is being torn down
  auto* self = static_cast<EnvState*>(context);
  // Take everything queued so far and restore submission order (the stack is newest first).
  Completion* fifo = runtime::reverse_list(self->done_.exchange(nullptr, std::memory_order_acquire),
                                           &Completion::next_done);
  Napi::Env env(raw_env);
  // One handle scope per chunk: a settle creates a few handles, and a scope per call costs more
  // than the calls' handles.
  constexpr int kPerScope = 256;
  while (fifo != nullptr) {
    Napi::HandleScope scope(env);
    for (int i = 0; i < kPerScope && fifo != nullptr; ++i) {
      std::unique_ptr<Completion> c(fifo);
      fifo = fifo->next_done;
      c->settle(env);
      if (env.IsExceptionPending()) env.GetAndClearPendingException();
      if (c->cancel_id > 0) self->cancellable_.erase(c->cancel_id);
      --self->pending_;
    }
  }
  if (self->pending_ == 0) {
    if (self->referenced_) {
      napi_unref_threadsafe_function(raw_env, self->tsfn_);
      self->referenced_ = false;
    }
    // A large burst has settled and its calls are freed: let the runtime give the memory back
    // once it has stayed idle for a while. Not at once: the next burst would pay the page faults
    // of re-growing the heap (measured: twice the JS thread's time per call when bursts repeat).
    if (self->peak_pending_ >= kReleaseMemoryAfter) {
      self->peak_pending_ = 0;
      if (runtime::Runtime* rt = runtime::Runtime::global_if_created()) {
        uint64_t spawned = rt->stats().spawned;  // once per burst, not per call
        try {
          (void)rt->io().start_timer(kReleaseMemoryIdle, [rt, spawned] {
            if (rt->stats().spawned == spawned) rt->release_memory();  // nothing ran since
          });
        } catch (...) {
          // No I/O thread (shutting down): the memory stays with the allocator, no harm done.
        }
      }
    }
  }
}

void EnvState::cleanup(void* arg) {
  auto* self = static_cast<EnvState*>(arg);
  self->closed_.store(true, std::memory_order_seq_cst);
  self->env_token_.cancel(
      Error(std::string(codes::kCancelled), "the JavaScript environment is shutting down"));
  bool idle;
  {
    // Cancelled tasks end at their next check; bound the wait so a stuck task cannot hang exit.
    std::unique_lock lock(self->mu_);
    idle = self->idle_cv_.wait_for(lock, std::chrono::seconds(10),
                                   [&] { return self->pushed_.load() == self->begun_; });
  }
  if (!idle) {
    // A task is still running and will call complete() on this state later: keep the state alive
    // for good (it finds closed_ set and drops its result). A bounded leak beats a use after free.
    new std::shared_ptr<EnvState>(self->shared_from_this());
  }
  napi_release_threadsafe_function(self->tsfn_, napi_tsfn_abort);
  self->delete_queued();  // completions pushed before closed_ was seen; never settled
  self->cancellable_.clear();
  if (self->rejection_adapter_ != nullptr) {
    napi_delete_reference(self->env_, self->rejection_adapter_);
    self->rejection_adapter_ = nullptr;
  }
}

Napi::Error to_js_error(Napi::Env env, const Error& error) {
  Napi::Error e = Napi::Error::New(env, error.message());
  Napi::Object o = e.Value();
  o.Set("code", error.code());
  const Location& loc = error.location();
  if (!loc.file.empty()) o.Set("file", loc.file);
  if (loc.line > 0) o.Set("line", loc.line);
  if (loc.column > 0) o.Set("column", loc.column);
  if (loc.end_line > 0) o.Set("endLine", loc.end_line);
  if (loc.end_column > 0) o.Set("endColumn", loc.end_column);
  if (!error.hint().empty()) o.Set("hint", error.hint());
  if (error.cause() != nullptr) o.Set("cause", to_js_error(env, *error.cause()).Value());
  return e;
}

}  // namespace ggen::binding
