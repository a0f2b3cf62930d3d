// The store loader: a QuadSink that interns terms (with small caches for the repeated subject,
// predicate and graph of Turtle) and inserts all quads in one batch at the end.
#include "ggen/rdf/loader.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unordered_map>

namespace ggen::rdf {

namespace {

class StoreSink : public QuadSink {
 public:
  StoreSink(Store& store, TermId default_graph, LoadResult& result,
            const std::function<bool()>* cancelled)
      : store_(store), default_graph_(default_graph), result_(result), cancelled_(cancelled) {}

  void quad(const TermRef& s, const TermRef& p, const TermRef& o, const TermRef* g) override {
    if (cancelled_ && (quads_.size() & 4095) == 4095 && (*cancelled_)()) {
      raise(Error(std::string(codes::kCancelled), "cancelled while loading the graph"));
    }
    // Terms not answered by the caches or the blank-node map go to the dictionary together.
    TermRef pending[4];
    TermId* targets[4];
    size_t n = 0;
    Quad q;
    q.g = default_graph_;
    auto want = [&](const TermRef& t, TermId& out, Cache* cache) {
      if (t.kind == TermKind::Blank) {
        out = blank(t);
      } else if (cache && cache->id != kNoTerm && t.kind == cache->kind &&
                 t.value == cache->value) {
        out = cache->id;
      } else {
        pending[n] = t;
        targets[n++] = &out;
      }
    };
    want(s, q.s, &s_cache_);
    want(p, q.p, &p_cache_);
    want(o, q.o, nullptr);
    if (g) want(*g, q.g, &g_cache_);
    if (n > 0) {
      TermId ids[4];
      store_.dictionary().intern_all(std::span<const TermRef>(pending, n), ids);
      for (size_t i = 0; i < n; ++i) *targets[i] = ids[i];
    }
    remember(s, q.s, s_cache_);
    remember(p, q.p, p_cache_);
    if (g) remember(*g, q.g, g_cache_);
    quads_.push_back(q);
  }
  void prefix(std::string_view name, std::string_view iri) override {
    result_.prefixes.emplace_back(name, iri);
  }
  void base(std::string_view iri) override { result_.base_iri = iri; }

  std::vector<Quad>& quads() { return quads_; }

 private:
  struct Cache {
    TermKind kind = TermKind::Iri;
    std::string value;
    TermId id = kNoTerm;
  };

  // Turtle repeats the subject (';') and predicate (','): skip the dictionary when unchanged.
  static void remember(const TermRef& t, TermId id, Cache& c) {
    if (t.kind == TermKind::Literal || c.id == id) return;
    c.kind = t.kind;
    c.value.assign(t.value);
    c.id = id;
  }

  TermId blank(const TermRef& t) {
    auto it = blanks_.find(t.value);
    if (it != blanks_.end()) return it->second;
    TermId id = store_.dictionary().fresh_blank();
    blanks_.emplace(std::string(t.value), id);
    return id;
  }

  Store& store_;
  TermId default_graph_;
  LoadResult& result_;
  std::vector<Quad> quads_;
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view v) const { return std::hash<std::string_view>()(v); }
  };
  std::unordered_map<std::string, TermId, StringHash, std::equal_to<>> blanks_;
  Cache s_cache_, p_cache_, g_cache_;
  const std::function<bool()>* cancelled_;
};

}  // namespace

Result<LoadResult> load_string(Store& store, std::string_view text, const LoadOptions& options) {
  LoadResult result;
  StoreSink sink(store, options.graph, result, options.cancelled ? &options.cancelled : nullptr);
  ParseOptions po;
  po.format = options.format.value_or(Format::Turtle);
  po.base_iri = options.base_iri;
  po.file = options.file;
  Result<void> r;
  try {
    r = parse(text, po, sink);
    if (!r) return std::move(r).take_error();
    result.parsed = sink.quads().size();
    if (options.cancelled && options.cancelled())
      return Error(std::string(codes::kCancelled), "cancelled while loading the graph");
    result.added = store.insert_all(sink.quads(), options.cancelled);
  } catch (const Exception& e) {  // the sink's or the index build's cancellation
    return e.error();
  }
  return result;
}

Result<LoadResult> load_string(Store& store, std::string_view text, Format format,
                               std::string_view base_iri) {
  LoadOptions o;
  o.format = format;
  o.base_iri = base_iri;
  return load_string(store, text, o);
}

Result<std::string> read_file(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    return Error(std::string(codes::kIo), "cannot open " + path + ": " + std::strerror(errno))
        .at(Location{path, 0, 0});
  }
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return Error(std::string(codes::kIo), "cannot read " + path).at(Location{path, 0, 0});
  return data;
}

Result<std::string> read_file(const std::string& path, const std::function<bool()>& cancelled) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    return Error(std::string(codes::kIo), "cannot open " + path + ": " + std::strerror(errno))
        .at(Location{path, 0, 0});
  }
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  std::string data;
  if (!ec) data.reserve(static_cast<size_t>(size) + 1);
  constexpr size_t kPiece = 1 << 20;
  bool failed = false, stopped = false;
  for (;;) {
    if (cancelled && cancelled()) {
      stopped = true;
      break;
    }
    size_t at = data.size();
    data.resize(at + kPiece);
    size_t n = std::fread(data.data() + at, 1, kPiece, f);
    data.resize(at + n);
    if (n < kPiece) {
      failed = std::ferror(f) != 0;
      break;
    }
  }
  std::fclose(f);
  if (stopped) return Error(std::string(codes::kCancelled), "cancelled while reading " + path);
  if (failed) return Error(std::string(codes::kIo), "cannot read " + path).at(Location{path, 0, 0});
  return data;
}

Result<LoadResult> load_file(Store& store, const std::string& path, const LoadOptions& options) {
  LoadOptions o = options;
  if (!o.format) {
    o.format = format_from_path(path);
    if (!o.format) {
      return Error(std::string(codes::kInvalidArgument), "cannot tell the RDF format of " + path)
          .with_hint("use a .ttl, .trig, .nt or .nq extension, or pass the format");
    }
  }
  if (o.file.empty()) o.file = path;
  if (o.base_iri.empty()) {
    std::error_code ec;
    auto abs = std::filesystem::absolute(path, ec);
    if (!ec) o.base_iri = "file://" + abs.lexically_normal().generic_string();
  }
  Result<std::string> text = read_file(path);
  if (!text) return std::move(text).take_error();
  return load_string(store, *text, o);
}

}  // namespace ggen::rdf
