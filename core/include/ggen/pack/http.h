#pragma once
// A small HTTP/1.1 GET client for registries. The connection lives on the runtime's I/O thread
// (libuv TCP); the caller (a worker) waits for the attempt. Name lookup runs on the caller with
// getaddrinfo (libuv's getaddrinfo would use the shared threadpool, which ggen never touches).
// Per attempt: connect + request + whole response within `timeout`. Connection errors, timeouts
// and 5xx are retried with exponential backoff (backoff, 2*backoff, ...); 4xx is not. Redirects
// (301/302/303/307/308) are followed up to max_redirects. Bodies: Content-Length, chunked, or
// until close; larger than max_bytes fails. https:// goes to the request's `https` transport (the
// host's TLS stack, e.g. Node's fetch) under the same retries, redirects and error codes; without
// one it is refused with E_HTTPS_UNSUPPORTED (no TLS library in the core).
#include <chrono>
#include <functional>
#include <map>
#include <string>

#include "ggen/error/result.h"
#include "ggen/runtime/context.h"
#include "ggen/runtime/io_thread.h"

namespace ggen::pack {

inline constexpr std::string_view kUnreachable = "E_REGISTRY_UNREACHABLE";
inline constexpr std::string_view kHttpTimeout = "E_REGISTRY_TIMEOUT";
inline constexpr std::string_view kHttpStatus = "E_HTTP_STATUS";
inline constexpr std::string_view kHttpProtocol = "E_HTTP_PROTOCOL";
inline constexpr std::string_view kHttpsUnsupported = "E_HTTPS_UNSUPPORTED";
inline constexpr std::string_view kTls = "E_TLS";  // certificate or handshake failure (no retry)

struct HttpOptions;
struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string url;  // after redirects
  int attempts = 0;
};

// One https attempt: GET `url` without following redirects, the whole answer within
// options.timeout and at most options.max_bytes of body; fails with E_REGISTRY_UNREACHABLE,
// E_REGISTRY_TIMEOUT, E_HTTP_PROTOCOL (retried) or E_TLS (not retried), and with ctx's reason
// as soon as ctx is cancelled. Carried per request so that each host environment (e.g. each
// worker_thread) answers its own requests.
using HttpsTransport = std::function<Result<HttpResponse>(
    const std::string& url, const HttpOptions&, const runtime::Context&)>;

struct HttpOptions {
  std::chrono::milliseconds timeout{10000};  // per attempt
  int retries = 3;                           // extra attempts after the first
  std::chrono::milliseconds backoff{200};    // before the first retry; doubles each time
  int max_redirects = 5;
  size_t max_bytes = 64u << 20;
  HttpsTransport https;  // empty: https:// fails with E_HTTPS_UNSUPPORTED
};

struct Url {
  std::string scheme, host, target;  // target: path + query, at least "/"
  int port = 80;
};
Result<Url> parse_url(std::string_view url);
// Resolves `ref` against `base` (absolute URL, absolute path, or relative path).
std::string join_url(const std::string& base, const std::string& ref);

// Response parsing over a growing buffer: kNeedMore until complete.
enum class ParseState { kNeedMore, kDone, kError };
struct ResponseParser {
  size_t max_bytes = 64u << 20;
  HttpResponse response;
  std::string error;
  ParseState feed(const std::string& buffer, bool eof);
};

// A GET with retries, redirects and timeouts; fails with E_CANCELLED when ctx is cancelled.
Result<HttpResponse> http_get(runtime::IoThread& io, const std::string& url,
                              const HttpOptions& options, const runtime::Context& ctx);

}  // namespace ggen::pack
