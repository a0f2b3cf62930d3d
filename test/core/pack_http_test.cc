// The HTTP client against real sockets on 127.0.0.1: a tiny blocking server thread per test.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
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
