#pragma once
// https for the registry client over the host's own fetch (no TLS library in the core). Each
// environment (main thread, each worker_thread) registers one JS fetcher; a marketplace call
// captures its environment's transport on the JS thread and carries it in its HttpOptions. The
// core calls the transport from a worker: the request is queued to the environment's JS thread
// (thread-safe function), JS runs `fetcher(request, respond)`, and respond(...) hands the status,
// headers and body back to the waiting worker. Cancelling the call's token fails the wait at
// once and aborts the fetch; tearing the environment down fails every waiting request with
// E_CANCELLED (the TSFN is never touched after its environment's cleanup).
#include <napi.h>

#include "ggen/pack/http.h"

namespace ggen::binding {

// JS thread: registers `fetcher(request, respond) -> abort()` for env; the first one stays.
// request: { id, url, timeoutMs, maxBytes }; respond(id, error | null, status, headers, body).
void set_https_fetcher(Napi::Env env, Napi::Function fetcher);

// JS thread: env's transport, or an empty one when no fetcher is registered.
pack::HttpsTransport https_transport_of(Napi::Env env);

}  // namespace ggen::binding
