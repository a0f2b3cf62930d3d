// The HTTP client against real sockets on 127.0.0.1: a tiny blocking server thread per test.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <thread>

#include "ggen/pack/http.h"

using namespace ggen::pack;
using namespace std::chrono_literals;

namespace {

// Answers each connection with the next canned response (the last one repeats); counts requests.
struct Server {
  int fd = -1;
  int port = 0;
  std::atomic<int> requests{0};
  std::vector<int> held;  // "HOLD": connections kept open, unanswered, until the server goes
  std::thread thread;
  explicit Server(std::vector<std::string> answers) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd, 8);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    thread = std::thread([this, answers] {
      for (;;) {
        int c = ::accept(fd, nullptr, nullptr);
        if (c < 0) return;
        char buf[4096];
        std::string req;
        while (req.find("\r\n\r\n") == std::string::npos) {
          ssize_t n = ::read(c, buf, sizeof buf);
          if (n <= 0) break;
          req.append(buf, static_cast<size_t>(n));
        }
        int i = requests.fetch_add(1);
        const std::string& out = answers[std::min<size_t>(i, answers.size() - 1)];
        if (out == "HOLD") {
          held.push_back(c);
          continue;
        }
        if (out != "HANG")
          (void)!::write(c, out.data(), out.size());
        else
          std::this_thread::sleep_for(400ms);
        ::close(c);
      }
    });
  }
  ~Server() {
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
    thread.join();
    for (int c : held) ::close(c);
  }
  std::string url(const std::string& path = "/index.json") const {
    return "http://127.0.0.1:" + std::to_string(port) + path;
  }
};

HttpOptions fast() {
  HttpOptions o;
  o.timeout = 2000ms;
  o.retries = 2;
  o.backoff = 5ms;
  return o;
}

}  // namespace

TEST(PackHttpLive, GetsABody) {
  Server s({"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"});
  ggen::runtime::IoThread io;
  auto r = http_get(io, s.url(), fast(), {});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r.value().status, 200);
  EXPECT_EQ(r.value().body, "ok");
  io.shutdown();
}

TEST(PackHttpLive, RetriesServerErrorsButNotClientErrors) {
  Server s({"HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"});
  ggen::runtime::IoThread io;
  auto r = http_get(io, s.url(), fast(), {});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r.value().body, "ok");
  EXPECT_EQ(s.requests.load(), 2);
  Server n({"HTTP/1.1 403 No\r\nContent-Length: 0\r\n\r\n"});
  auto e = http_get(io, n.url(), fast(), {});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code(), "E_HTTP_STATUS");
  EXPECT_EQ(n.requests.load(), 1);
  io.shutdown();
}

TEST(PackHttpLive, TimeoutRefusedAndCancelled) {
  ggen::runtime::IoThread io;
  {
    Server s({"HANG"});
    HttpOptions o = fast();
    o.timeout = 100ms;
    o.retries = 1;
    auto r = http_get(io, s.url(), o, {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), "E_REGISTRY_TIMEOUT");
  }
  int port;
  {
    Server gone({"x"});
    port = gone.port;
  }
  auto refused = http_get(io, "http://127.0.0.1:" + std::to_string(port) + "/", fast(), {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), "E_REGISTRY_UNREACHABLE");
  EXPECT_NE(refused.error().message().find("3 attempts"), std::string::npos)
      << refused.error().message();
  ggen::runtime::Context ctx;
  ctx.token.cancel();
  Server s({"HANG"});
  EXPECT_EQ(http_get(io, s.url(), fast(), ctx).error().code(), "E_CANCELLED");
  EXPECT_EQ(http_get(io, "https://127.0.0.1/", fast(), {}).error().code(), "E_HTTPS_UNSUPPORTED");
  io.shutdown();
}

TEST(PackHttpLive, ShutdownFailsAnInFlightRequestAtOnce) {
  Server s({"HOLD"});
  auto io = std::make_unique<ggen::runtime::IoThread>();
  HttpOptions o = fast();
  o.timeout = std::chrono::minutes(10);  // the test would hang if shutdown waited for it
  o.retries = 0;
  ggen::Result<HttpResponse> r = ggen::Error();
  std::thread caller([&] { r = http_get(*io, s.url(), o, {}); });
  while (s.requests.load() == 0) std::this_thread::sleep_for(5ms);
  io->shutdown();
  caller.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_SHUTDOWN");
  EXPECT_NE(r.error().message().find("shut down"), std::string::npos) << r.error().message();
  // After shutdown nothing is attempted.
  EXPECT_EQ(http_get(*io, s.url(), o, {}).error().code(), "E_SHUTDOWN");
}

// https goes through the request's transport under the same retry and redirect policy. The
// transport here replays scripted answers so the core's policy can be checked exactly; the real
// one (Node's fetch) is tested end to end in test/js/marketplace_https.test.js.
namespace {
struct ScriptedTransport {
  std::vector<std::string> urls;
  std::vector<ggen::Result<HttpResponse>> answers;  // the last one repeats
  HttpsTransport fn() {
    return [this](const std::string& url, const HttpOptions&, const ggen::runtime::Context&) {
      urls.push_back(url);
      return answers[std::min(urls.size() - 1, answers.size() - 1)];
    };
  }
};
HttpResponse status(int code, std::map<std::string, std::string> headers = {},
                    std::string body = {}) {
  HttpResponse r;
  r.status = code;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}
}  // namespace

TEST(PackHttps, RetriesFiveHundredsAndFollowsRedirects) {
  ggen::runtime::IoThread io;
  ScriptedTransport t;
  t.answers = {status(503), status(302, {{"location", "/b/index.json"}}), status(200, {}, "ok")};
  HttpOptions o = fast();
  o.https = t.fn();
  auto r = http_get(io, "https://reg.example/a/index.json", o, {});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r.value().body, "ok");
  EXPECT_EQ(r.value().url, "https://reg.example/b/index.json");
  EXPECT_EQ(r.value().attempts, 3);
  EXPECT_EQ(t.urls, (std::vector<std::string>{"https://reg.example/a/index.json",
                                              "https://reg.example/a/index.json",
                                              "https://reg.example/b/index.json"}));
}

TEST(PackHttps, TlsAndClientErrorsAreFinalTimeoutsAreRetried) {
  ggen::runtime::IoThread io;
  HttpOptions o = fast();
  ScriptedTransport tls;
  tls.answers = {ggen::Error("E_TLS", "self-signed certificate").with_hint("NODE_EXTRA_CA_CERTS")};
  o.https = tls.fn();
  auto e = http_get(io, "https://reg.example/", o, {});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code(), "E_TLS");
  EXPECT_EQ(e.error().hint(), "NODE_EXTRA_CA_CERTS");
  EXPECT_EQ(tls.urls.size(), 1u);

  ScriptedTransport missing;
  missing.answers = {status(404)};
  o.https = missing.fn();
  EXPECT_EQ(http_get(io, "https://reg.example/x", o, {}).error().code(), "E_NOT_FOUND");
  EXPECT_EQ(missing.urls.size(), 1u);

  ScriptedTransport slow;
  slow.answers = {ggen::Error("E_REGISTRY_TIMEOUT", "no complete answer")};
  o.https = slow.fn();
  auto t = http_get(io, "https://reg.example/", o, {});
  EXPECT_EQ(t.error().code(), "E_REGISTRY_TIMEOUT");
  EXPECT_NE(t.error().message().find("3 attempts"), std::string::npos) << t.error().message();
  EXPECT_EQ(slow.urls.size(), 3u);

  o.https = nullptr;
  EXPECT_EQ(http_get(io, "https://reg.example/", o, {}).error().code(), "E_HTTPS_UNSUPPORTED");
  io.shutdown();
}
