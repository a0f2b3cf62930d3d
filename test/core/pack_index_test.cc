#include <gtest/gtest.h>

#include "ggen/pack/http.h"
#include "ggen/pack/index.h"

using namespace ggen::pack;

namespace {

std::string sha(char c) {
  return std::string(64, c);
}

// id -> versions -> deps
Index make(
    std::vector<std::tuple<std::string, std::string, std::map<std::string, std::string>>> rows) {
  Index idx;
  for (auto& [id, ver, deps] : rows) {
    Manifest m;
    m.id = id;
    m.name = id;
    m.version = parse_version(ver).value();
    m.dependencies = deps;
    EXPECT_TRUE(add_to_index(idx, m, id + "-" + ver + ".tgz", sha('a'), 10).ok());
  }
  return idx;
}

Version v(const char* s) {
  return parse_version(s).value();
}

}  // namespace

TEST(PackIndex, JsonRoundTripIsStable) {
  Index idx = make({{"b-pack", "1.0.0", {{"a-pack", "^1.0.0"}}},
                    {"a-pack", "1.0.0", {}},
                    {"a-pack", "1.2.0", {}}});
  std::string once = index_to_json(idx);
  auto back = parse_index(once, "index.json").value();
  EXPECT_EQ(index_to_json(back), once);
  EXPECT_EQ(back.packs.at("a-pack").latest().version.to_string(), "1.2.0");
  EXPECT_LT(once.find("\"a-pack\""), once.find("\"b-pack\""));
}

TEST(PackIndex, RejectsBadIndexes) {
  for (const char* bad : {"[]", "{}", "{\"schema\":2,\"packs\":{}}", "{\"schema\":1}",
                          "{\"schema\":1,\"packs\":{\"a-b\":{\"versions\":{\"1.0\":{}}}}}",
                          "{\"schema\":1,\"packs\":{\"a-b\":{\"versions\":{\"1.0.0\":{\"archive\":"
                          "\"x\",\"sha256\":\"zz\"}}}}}",
                          "nope"}) {
    auto r = parse_index(bad, "index.json");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), "E_REGISTRY_INDEX");
  }
}

TEST(PackIndex, PublishedVersionsAreImmutable) {
  Index idx = make({{"a-pack", "1.0.0", {}}});
  Manifest m;
  m.id = "a-pack";
  m.version = v("1.0.0");
  EXPECT_TRUE(add_to_index(idx, m, "a-pack-1.0.0.tgz", sha('a'), 10).ok());
  EXPECT_EQ(add_to_index(idx, m, "a-pack-1.0.0.tgz", sha('b'), 10).error().code(), "E_PACK_EXISTS");
}

TEST(PackSearch, RanksIdThenNameThenKeywordsThenDescription) {
  Index idx;
  auto add = [&](std::string id, std::string name, std::vector<std::string> kw, std::string desc) {
    IndexPack p{id,    name, desc,
                "MIT", kw,   {IndexVersion{v("1.0.0"), id + ".tgz", sha('a'), 1, "*", {}}}};
    idx.packs[id] = p;
  };
  add("rust", "Rust", {}, "");
  add("zz-desc", "zz", {}, "models in rust");
  add("aa-desc", "aa", {}, "rust everywhere");
  add("kw-pack", "kw", {"rust"}, "");
  add("rust-models", "Rust models", {}, "");
  auto hits = search(idx, "Rust");
  ASSERT_EQ(hits.size(), 5u);
  EXPECT_EQ(hits[0].pack->id, "rust");
  EXPECT_EQ(hits[0].matched, "id");
  EXPECT_EQ(hits[1].pack->id, "rust-models");
  EXPECT_EQ(hits[2].pack->id, "kw-pack");
  EXPECT_EQ(hits[2].matched, "keyword");
  EXPECT_EQ(hits[3].pack->id, "aa-desc");  // tie on description: by id
  EXPECT_EQ(hits[4].pack->id, "zz-desc");
  EXPECT_EQ(search(idx, "rust models").front().pack->id, "rust-models");
  EXPECT_TRUE(search(idx, "python").empty());
  EXPECT_EQ(search(idx, "").size(), 5u);
}

TEST(PackResolve, PicksHighestSatisfyingAndFollowsDependencies) {
  Index idx = make({{"app", "1.0.0", {{"base", "^1.0.0"}}},
                    {"base", "1.0.0", {}},
                    {"base", "1.3.0", {}},
                    {"base", "2.0.0", {}}});
  auto r = resolve(idx, {{"app", "*"}}, {}, v("0.1.0")).value();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].id, "app");
  EXPECT_EQ(r[1].version->version.to_string(), "1.3.0");
  EXPECT_EQ(r[1].required_by, "app@1.0.0");
  // A locked version is kept while it satisfies.
  auto kept = resolve(idx, {{"app", "*"}}, {{"base", v("1.0.0")}}, v("0.1.0")).value();
  EXPECT_EQ(kept[1].version->version.to_string(), "1.0.0");
  // A requested pack's own range binds where it is met as a dependency (app sorts first).
  auto pinned = resolve(idx, {{"app", "*"}, {"base", "~1.0.0"}}, {}, v("0.1.0")).value();
  EXPECT_EQ(pinned[1].version->version.to_string(), "1.0.0");
}

TEST(PackResolve, CycleNamesTheChain) {
  Index idx = make({{"a-pack", "1.0.0", {{"b-pack", "^1"}}},
                    {"b-pack", "1.0.0", {{"c-pack", "^1"}}},
                    {"c-pack", "1.0.0", {{"a-pack", "^1"}}}});
  auto r = resolve(idx, {{"a-pack", "*"}}, {}, v("0.1.0"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_DEP_CYCLE");
  EXPECT_NE(r.error().message().find("a-pack@1.0.0 -> b-pack@1.0.0 -> c-pack@1.0.0 -> a-pack"),
            std::string::npos)
      << r.error().message();
}

TEST(PackResolve, ConflictNamesBothSides) {
  Index idx = make({{"app", "1.0.0", {{"left", "^1"}, {"right", "^1"}}},
                    {"left", "1.0.0", {{"base", "^1"}}},
                    {"right", "1.0.0", {{"base", "^2"}}},
                    {"base", "1.0.0", {}},
                    {"base", "2.0.0", {}}});
  auto r = resolve(idx, {{"app", "*"}}, {}, v("0.1.0"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), "E_DEP_CONFLICT");
  EXPECT_NE(r.error().message().find("left@1.0.0"), std::string::npos) << r.error().message();
  EXPECT_NE(r.error().message().find("right@1.0.0"), std::string::npos) << r.error().message();
}

TEST(PackResolve, MissingPackAndNoMatchingVersion) {
  Index idx = make({{"app", "1.0.0", {{"ghost", "^1"}}}, {"base", "1.0.0", {}}});
  EXPECT_EQ(resolve(idx, {{"app", "*"}}, {}, v("0.1.0")).error().code(), "E_NOT_FOUND");
  EXPECT_EQ(resolve(idx, {{"base", "^2"}}, {}, v("0.1.0")).error().code(), "E_NO_MATCHING_VERSION");
}

TEST(PackHttp, ParsesUrls) {
  auto u = parse_url("http://127.0.0.1:8080/reg/index.json?x=1#frag").value();
  EXPECT_EQ(u.host, "127.0.0.1");
  EXPECT_EQ(u.port, 8080);
  EXPECT_EQ(u.target, "/reg/index.json?x=1");
  EXPECT_EQ(parse_url("https://example.org").value().port, 443);
  EXPECT_EQ(parse_url("http://[::1]:81/").value().host, "::1");
  for (const char* bad : {"ftp://x/", "http://", "http://h:99999/", "http://u:p@h/", "nohost"}) {
    EXPECT_FALSE(parse_url(bad).ok()) << bad;
  }
  EXPECT_EQ(join_url("http://h/reg/", "a.tgz"), "http://h/reg/a.tgz");
  EXPECT_EQ(join_url("http://h/reg/index.json", "/other/a.tgz"), "http://h/other/a.tgz");
  EXPECT_EQ(join_url("http://h/reg/", "http://x/y"), "http://x/y");
}

TEST(PackHttp, FramesContentLengthChunkedAndClose) {
  ResponseParser p;
  std::string buf = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel";
  EXPECT_EQ(p.feed(buf, false), ParseState::kNeedMore);
  buf += "lo";
  EXPECT_EQ(p.feed(buf, false), ParseState::kDone);
  EXPECT_EQ(p.response.body, "hello");

  ResponseParser c;
  std::string ch = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n";
  EXPECT_EQ(c.feed(ch, false), ParseState::kNeedMore);
  ch += "2;ext=1\r\nde\r\n0\r\n\r\n";
  EXPECT_EQ(c.feed(ch, false), ParseState::kDone);
  EXPECT_EQ(c.response.body, "abcde");

  ResponseParser e;
  EXPECT_EQ(e.feed("HTTP/1.0 200 OK\r\n\r\nuntil close", false), ParseState::kNeedMore);
  EXPECT_EQ(e.feed("HTTP/1.0 200 OK\r\n\r\nuntil close", true), ParseState::kDone);
  EXPECT_EQ(e.response.body, "until close");
}

TEST(PackHttp, RejectsBrokenResponses) {
  ResponseParser a;
  EXPECT_EQ(a.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", true), ParseState::kError);
  ResponseParser b;
  EXPECT_EQ(b.feed("SSH-2.0\r\n\r\n", false), ParseState::kError);
  ResponseParser c;
  c.max_bytes = 4;
  EXPECT_EQ(c.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", false), ParseState::kError);
  ResponseParser d;
  EXPECT_EQ(d.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false),
            ParseState::kError);
}
