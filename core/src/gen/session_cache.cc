// The session's caches behind render_unit: query rows and rendered outputs in the shared LRU,
// and, when a persistent folder is set, in the on-disk store too (read back only after its
// checksum matched; an entry that still does not decode is treated as a miss).
#include <nlohmann/json.hpp>

#include "session_internal.h"

namespace ggen::gen::session {

namespace {

struct QueryEntry {
  tmpl::Value rows;
  std::string sha;  // of rows.to_json()
};
using Outputs = std::vector<detail::Rendered>;

std::string encode(const Outputs& outs, const std::function<void()>& poll = nullptr) {
  std::string s;
  put_field(s, std::to_string(outs.size()));
  size_t n = 0;
  for (const auto& r : outs) {
    if (poll && ++n % 256 == 0) poll();
    put_field(s, std::to_string(r.row));
    put_field(s, r.rel);
    put_field(s, r.abs.generic_string());
    put_field(s, r.content);
    put_field(s, std::to_string(r.sh_before.size()));
    for (const auto& c : r.sh_before) put_field(s, c);
    put_field(s, std::to_string(r.sh_after.size()));
    for (const auto& c : r.sh_after) put_field(s, c);
  }
  return s;
}

std::optional<Outputs> decode(std::string_view in) {
  size_t pos = 0;
  long long count = 0;
  if (!get_count(in, pos, count) || count < 0) return std::nullopt;
  Outputs outs;
  for (long long i = 0; i < count; ++i) {
    detail::Rendered r;
    long long row = 0, n = 0;
    std::string abs, cmd;
    if (!get_count(in, pos, row) || !get_field(in, pos, r.rel) || !get_field(in, pos, abs) ||
        !get_field(in, pos, r.content)) {
      return std::nullopt;
    }
    r.row = static_cast<int>(row);
    r.abs = abs;
    for (auto* list : {&r.sh_before, &r.sh_after}) {
      if (!get_count(in, pos, n) || n < 0) return std::nullopt;
      for (long long k = 0; k < n; ++k) {
        if (!get_field(in, pos, cmd)) return std::nullopt;
        list->push_back(cmd);
      }
    }
    outs.push_back(std::move(r));
  }
  if (pos != in.size()) return std::nullopt;
  return outs;
}

size_t outputs_bytes(const Outputs& outs) {
  size_t n = 64;
  for (const auto& r : outs) {
    n += sizeof(r) + r.content.size() + r.rel.size() + r.abs.native().size();
    for (const auto& c : r.sh_before) n += c.size() + 32;
    for (const auto& c : r.sh_after) n += c.size() + 32;
  }
  return n;
}

// A value tree costs roughly three times its compact JSON (nodes, refcounts, small strings).
size_t rows_bytes(const std::string& json) {
  return 3 * json.size() + 128;
}

}  // namespace

// Length-prefixed fields ("<size>:<bytes>"): any bytes survive, unlike JSON strings.
void put_field(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}

bool get_field(std::string_view in, size_t& pos, std::string& out) {
  size_t colon = in.find(':', pos);
  if (colon == std::string_view::npos || colon == pos || colon - pos > 18) return false;
  size_t n = 0;
  for (size_t i = pos; i < colon; ++i) {
    if (in[i] < '0' || in[i] > '9') return false;
    n = n * 10 + static_cast<size_t>(in[i] - '0');
  }
  if (n > in.size() - colon - 1) return false;
  out.assign(in.substr(colon + 1, n));
  pos = colon + 1 + n;
  return true;
}

bool get_count(std::string_view in, size_t& pos, long long& n) {
  std::string f;
  if (!get_field(in, pos, f) || f.empty() || f.size() > 12) return false;
  try {
    n = std::stoll(f);
  } catch (...) {
    return false;
  }
  return true;
}

std::string key_of(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (auto p : parts) {
    s += p;
    s += '\0';
  }
  return sha256_hex(s);
}

std::optional<detail::UnitCache::CachedRows> Caches::find_query(const std::string& key) {
  if (auto hit = lru_.peek<QueryEntry>(kQueries, key)) {
    lru_.record(kQueries, true);
    if (disk_ && !disk_->touch("query", key))
      disk_->put("query", key, hit->sha + "\n" + hit->rows.to_json());
    return CachedRows{hit->sha, [hit] { return hit->rows; }};
  }
  if (disk_) {
    auto payload = disk_->find("query", key);
    if (payload && payload->find('\n') == 64) {
      // The rows are decoded only if a render needs them: when every render hits, never.
      auto text = std::make_shared<const std::string>(std::move(*payload));
      lru_.record(kQueries, true);
      return CachedRows{
          text->substr(0, 64), [text]() -> tmpl::Value {
            try {
              return tmpl::Value::from_json(nlohmann::json::parse(text->substr(65)));
            } catch (const std::exception&) {
              raise(Error(std::string(codes::kInternal), "a cached query result does not decode")
                        .with_hint("delete .ggen/cache/ and run again"));
            }
          }};
    }
  }
  lru_.record(kQueries, false);
  return std::nullopt;
}

std::string Caches::keep_query(const std::string& key, const tmpl::Value& rows) {
  auto e = std::make_shared<QueryEntry>();
  e->rows = rows;
  std::string json = rows.to_json();
  e->sha = sha256_hex(json);
  lru_.put<QueryEntry>(kQueries, key, e, rows_bytes(json));
  if (disk_) disk_->put("query", key, e->sha + "\n" + json);
  return e->sha;
}

bool still_confined(const OutputRoot& root, const Outputs& outputs) {
  for (const auto& r : outputs) {
    auto abs = root.confine(r.rel);
    if (!abs.ok() || abs.value() != r.abs) return false;
  }
  return true;
}

std::optional<Outputs> Caches::find_render(const std::string& key) {
  auto hit = find_render_anywhere(key);
  if (hit && out_root && !still_confined(*out_root, *hit)) {
    lru_.record(kRenders, false);  // rendered again: render_unit reports where it escapes
    return std::nullopt;
  }
  lru_.record(kRenders, hit.has_value());
  return hit;
}

std::optional<Outputs> Caches::find_render_anywhere(const std::string& key) {
  if (auto hit = lru_.peek<Outputs>(kRenders, key)) {
    if (disk_ && !disk_->touch("render", key)) disk_->put("render", key, encode(*hit));
    return *hit;
  }
  if (disk_) {
    if (auto payload = disk_->find("render", key)) {
      if (auto outs = decode(*payload)) {
        auto e = std::make_shared<const Outputs>(*outs);
        lru_.put<Outputs>(kRenders, key, e, outputs_bytes(*e));
        return outs;
      }
    }
  }
  return std::nullopt;
}

void Caches::keep_render(const std::string& key, const Outputs& outputs) {
  if (poll) poll();
  auto e = std::make_shared<const Outputs>(outputs);
  lru_.put<Outputs>(kRenders, key, e, outputs_bytes(*e));
  if (disk_) disk_->put("render", key, encode(outputs, poll));
}

bool Caches::graph_known(const std::string& graph_key) {
  bool in_memory;
  {
    std::lock_guard lock(known_mu_);
    in_memory = known_.count(graph_key) > 0;
  }
  if (in_memory) {
    if (disk_ && !disk_->touch("graph", graph_key)) disk_->put("graph", graph_key, "ok");
    return true;
  }
  if (disk_ && disk_->touch("graph", graph_key)) {
    std::lock_guard lock(known_mu_);
    known_.insert(graph_key);
    return true;
  }
  return false;
}

void Caches::graph_ok(const std::string& graph_key) {
  {
    std::lock_guard lock(known_mu_);
    known_.insert(graph_key);
  }
  if (disk_) disk_->put("graph", graph_key, "ok");
}

}  // namespace ggen::gen::session
