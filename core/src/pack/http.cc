// The socket side of the HTTP client: one connection per attempt, owned by the I/O thread; the
// calling worker waits on a future. Retries, backoff and redirects run on the caller.
#include <netdb.h>
#include <sys/socket.h>
#include <uv.h>

#include <cstring>
#include <thread>

#include "ggen/pack/http.h"

namespace ggen::pack {

namespace {

struct Conn;
struct Handle {
  Conn* conn = nullptr;  // touched only on the I/O thread; null once the attempt is over
};

struct Conn {
  runtime::IoThread* io = nullptr;
  uint64_t shutdown_id = 0;  // fails the attempt at once when the I/O thread shuts down
  uv_tcp_t tcp;
  uv_timer_t timer;
  uv_connect_t connect_req;
  uv_write_t write_req;
  std::string request, buffer, where;
  ResponseParser parser;
  runtime::Promise<HttpResponse> promise;
  std::shared_ptr<Handle> handle;
  int open_handles = 2;
  bool finished = false;
  char chunk[64 * 1024];
};

void on_closed(uv_handle_t* h) {
  auto* c = static_cast<Conn*>(h->data);
  if (--c->open_handles == 0) delete c;
}

void finish(Conn* c, Result<HttpResponse> r) {
  if (c->finished) return;
  c->finished = true;
  c->handle->conn = nullptr;
  c->io->remove_on_shutdown(c->shutdown_id);
  uv_timer_stop(&c->timer);
  uv_close(reinterpret_cast<uv_handle_t*>(&c->timer), on_closed);
  uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp), on_closed);
  c->promise.set(std::move(r));
}

void fail(Conn* c, std::string_view code, const std::string& msg) {
  finish(c, Error(std::string(code), msg));
}

void on_read(uv_stream_t* s, ssize_t n, const uv_buf_t*) {
  auto* c = static_cast<Conn*>(s->data);
  if (c->finished) return;
  if (n < 0 && n != UV_EOF) {
    fail(
        c, kUnreachable,
        "connection to " + c->where + " failed while reading: " + uv_strerror(static_cast<int>(n)));
    return;
  }
  if (n > 0) c->buffer.append(c->chunk, static_cast<size_t>(n));
  ParseState st = c->parser.feed(c->buffer, n == UV_EOF);
  if (st == ParseState::kError) {
    fail(c, kHttpProtocol, "bad response from " + c->where + ": " + c->parser.error);
  } else if (st == ParseState::kDone) {
    finish(c, std::move(c->parser.response));
  }
}

void on_write(uv_write_t* req, int status) {
  auto* c = static_cast<Conn*>(req->data);
  if (c->finished) return;
  if (status < 0)
    fail(c, kUnreachable, "cannot send the request to " + c->where + ": " + uv_strerror(status));
}

void on_connect(uv_connect_t* req, int status) {
  auto* c = static_cast<Conn*>(req->data);
  if (c->finished) return;
  if (status < 0) {
    fail(c, kUnreachable, "cannot connect to " + c->where + ": " + uv_strerror(status));
    return;
  }
  uv_buf_t buf = uv_buf_init(c->request.data(), static_cast<unsigned>(c->request.size()));
  c->write_req.data = c;
  int rc = uv_write(&c->write_req, reinterpret_cast<uv_stream_t*>(&c->tcp), &buf, 1, on_write);
  if (rc < 0) {
    fail(c, kUnreachable, "cannot send the request to " + c->where + ": " + uv_strerror(rc));
    return;
  }
  uv_read_start(
      reinterpret_cast<uv_stream_t*>(&c->tcp),
      [](uv_handle_t* h, size_t, uv_buf_t* b) {
        auto* c = static_cast<Conn*>(h->data);
        *b = uv_buf_init(c->chunk, sizeof c->chunk);
      },
      on_read);
}

// One attempt: connect, send, read the whole response, all within `timeout`.
Result<HttpResponse> attempt(runtime::IoThread& io, const Url& u, const sockaddr_storage& addr,
                             const HttpOptions& o, const runtime::Context& ctx) {
  runtime::Promise<HttpResponse> promise;
  auto fut = promise.future();
  auto handle = std::make_shared<Handle>();
  std::string host_header = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  if (u.port != 80) host_header += ":" + std::to_string(u.port);
  std::string request = "GET " + u.target + " HTTP/1.1\r\nHost: " + host_header +
                        "\r\nUser-Agent: ggen\r\nAccept: */*\r\nAccept-Encoding: "
                        "identity\r\nConnection: close\r\n\r\n";
  std::string where = u.scheme + "://" + host_header;
  runtime::IoThread* iop = &io;
  bool posted = io.post([=](uv_loop_s* loop) {
    auto* c = new Conn;
    c->io = iop;
    c->shutdown_id = iop->on_shutdown(
        [c] { fail(c, codes::kShutdown, "the runtime shut down while waiting for " + c->where); });
    c->request = request;
    c->where = where;
    c->parser.max_bytes = o.max_bytes;
    c->promise = promise;
    c->handle = handle;
    handle->conn = c;
    uv_tcp_init(loop, &c->tcp);
    uv_timer_init(loop, &c->timer);
    c->tcp.data = c;
    c->timer.data = c;
    c->connect_req.data = c;
    uv_timer_start(
        &c->timer,
        [](uv_timer_t* t) {
          auto* c = static_cast<Conn*>(t->data);
          fail(c, kHttpTimeout, "no complete answer from " + c->where + " within the timeout");
        },
        static_cast<uint64_t>(o.timeout.count()), 0);
    int rc = uv_tcp_connect(&c->connect_req, &c->tcp, reinterpret_cast<const sockaddr*>(&addr),
                            on_connect);
    if (rc < 0) fail(c, kUnreachable, "cannot connect to " + where + ": " + uv_strerror(rc));
  });
  if (!posted) return Error(std::string(codes::kShutdown), "the runtime is shutting down");
  auto reg = ctx.token.on_cancel([&io, handle](const Error& reason) {
    io.post([handle, reason](uv_loop_s*) {
      if (handle->conn) finish(handle->conn, reason);
    });
  });
  fut.wait();
  reg.reset();
  return fut.get();
}

Result<sockaddr_storage> lookup(const Url& u) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  int rc = ::getaddrinfo(u.host.c_str(), std::to_string(u.port).c_str(), &hints, &res);
  if (rc != 0 || !res) {
    return Error(std::string(kUnreachable),
                 "cannot resolve the host `" + u.host + "`: " + gai_strerror(rc))
        .with_hint("check the registry URL and the network");
  }
  const addrinfo* pick = res;
  for (const addrinfo* a = res; a; a = a->ai_next) {
    if (a->ai_family == AF_INET) {  // IPv4 first: local test servers listen on 127.0.0.1
      pick = a;
      break;
    }
  }
  sockaddr_storage out{};
  std::memcpy(&out, pick->ai_addr, pick->ai_addrlen);
  ::freeaddrinfo(res);
  return out;
}

bool retryable(const Error& e) {
  return e.code() == kUnreachable || e.code() == kHttpTimeout || e.code() == kHttpProtocol;
}

// Sleeps `d`, waking early (with the reason) when ctx is cancelled.
Result<void> pause(std::chrono::milliseconds d, const runtime::Context& ctx) {
  auto until = runtime::Clock::now() + d;
  while (runtime::Clock::now() < until) {
    if (ctx.token.cancelled()) return ctx.token.reason();
    if (ctx.stopped()) return runtime::timeout_error();
    std::this_thread::sleep_for(std::min<std::chrono::nanoseconds>(std::chrono::milliseconds(10),
                                                                   until - runtime::Clock::now()));
  }
  return {};
}

// A plain-http attempt: name lookup on the caller, then the exchange on the I/O thread.
Result<HttpResponse> plain_attempt(runtime::IoThread& io, const Url& u, const HttpOptions& o,
                                   const runtime::Context& ctx) {
  auto addr = lookup(u);
  if (!addr.ok()) return addr.error();
  return attempt(io, u, addr.value(), o, ctx);
}

}  // namespace

Result<HttpResponse> http_get(runtime::IoThread& io, const std::string& start_url,
                              const HttpOptions& o, const runtime::Context& ctx) {
  std::string url = start_url;
  int total_attempts = 0;
  for (int hop = 0;; ++hop) {
    auto u = parse_url(url);
    if (!u.ok()) return u.error();
    bool tls = u.value().scheme == "https";
    if (tls && !o.https) {
      return Error(std::string(kHttpsUnsupported), "https is not available in this host: " + url)
          .with_hint(
              "use an http:// registry, a local folder, or run ggen under Node.js (which "
              "provides https)");
    }
    // The same retry policy for both transports: connection errors, timeouts, truncated
    // answers and 5xx are retried after a growing pause; 4xx, TLS failures and cancellation
    // are final.
    Result<HttpResponse> r = Error();
    for (int i = 0; i <= o.retries; ++i) {
      if (ctx.token.cancelled()) return ctx.token.reason();
      if (i > 0) {
        auto slept = pause(o.backoff * (1 << (i - 1)), ctx);
        if (!slept.ok()) return slept.error();
      }
      ++total_attempts;
      r = tls ? o.https(url, o, ctx) : plain_attempt(io, u.value(), o, ctx);
      if (!r.ok()) {
        if (ctx.token.cancelled()) return ctx.token.reason();
        if (!retryable(r.error())) return r.error();
        continue;
      }
      if (r.value().status < 500) break;
    }
    if (!r.ok()) {
      Error e = r.error();
      return Error(e.code(), e.message() + " (" + std::to_string(total_attempts) + " attempts)")
          .with_hint(e.code() == kHttpTimeout
                         ? "the registry did not answer in time; try again or raise the timeout"
                         : "check that the registry is running and the URL is right");
    }
    if (!r.ok()) return r.error();
    HttpResponse& resp = r.value();
    int s = resp.status;
    if (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) {
      auto loc = resp.headers.find("location");
      if (loc == resp.headers.end() || loc->second.empty()) {
        return Error(std::string(kHttpProtocol), "redirect without a Location from " + url);
      }
      if (hop >= o.max_redirects) {
        return Error(std::string(kHttpProtocol), "more than " + std::to_string(o.max_redirects) +
                                                     " redirects from " + start_url);
      }
      url = join_url(url, loc->second);
      continue;
    }
    if (s >= 400) {
      return Error(std::string(s == 404 ? codes::kNotFound : kHttpStatus),
                   "GET " + url + " answered " + std::to_string(s) +
                       (s >= 500 ? " (" + std::to_string(total_attempts) + " attempts)" : ""))
          .with_hint(s == 404 ? "the registry has no such file"
                              : "the registry refused the request");
    }
    resp.url = url;
    resp.attempts = total_attempts;
    return std::move(resp);
  }
}

}  // namespace ggen::pack
