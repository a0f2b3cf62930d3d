// Steps make_plan and Session::plan share: parsing a graph file, refusing unapproved shell
// commands, and gathering the per-template outcomes.
#include "ggen/rdf/loader.h"
#include "internal.h"

namespace ggen::gen::detail {

Result<std::string> read_graph(const fs::path& g, const std::string& display,
                               const runtime::Context* ctx) {
  auto text = ctx ? rdf::read_file(g.string(), [ctx] { return ctx->stopped(); })
                  : rdf::read_file(g.string());
  if (!text.ok()) {
    if (ctx && ctx->token.cancelled()) return ctx->token.reason();
    if (ctx && ctx->stopped()) return runtime::timeout_error();
    return Error(text.error().code(), "cannot read the graph " + display)
        .with_hint("check the path in --data or in ggen.toml's `graphs`")
        .caused_by(text.error());
  }
  return text;
}

Result<void> load_graph_text(rdf::Store& store, const fs::path& g, const std::string& display,
                             std::string_view text, const runtime::Context* ctx) {
  rdf::LoadOptions lo;
  lo.format = rdf::format_from_path(g.string());
  if (!lo.format) {
    return Error(std::string(codes::kInvalidArgument), "unknown graph format: " + display)
        .with_hint("graph files end in .ttl, .trig, .nt or .nq");
  }
  // A base that does not depend on where the project is checked out.
  lo.base_iri = "file:///" + display;
  lo.file = display;
  if (ctx) lo.cancelled = [ctx] { return ctx->stopped(); };
  auto loaded = rdf::load_string(store, text, lo);
  if (!loaded.ok()) {
    if (ctx && ctx->token.cancelled()) return ctx->token.reason();
    if (ctx && ctx->stopped()) return runtime::timeout_error();
    return loaded.error();
  }
  return {};
}

Result<void> check_shell(const std::vector<Unit>& units, const GenerateOptions& o) {
  if (o.allow_shell) return {};
  for (const auto& u : units) {
    if (u.fm.sh_before.empty() && u.fm.sh_after.empty()) continue;
    const Located& c = u.fm.sh_before.empty() ? u.fm.sh_after.front() : u.fm.sh_before.front();
    return Error(std::string(kShellRefused), "the template runs shell commands (`" + c.value + "`)")
        .at(c.where)
        .with_hint("review the commands, then pass --allow-shell to run them");
  }
  return {};
}

// `e` with `tail` after the last of its causes.
static Error append_cause(const Error& e, const Error& tail) {
  if (!e.cause()) return Error(e).caused_by(tail);
  return Error(e).caused_by(append_cause(*e.cause(), tail));
}

Result<std::vector<Rendered>> gather(std::vector<Result<std::vector<Rendered>>> results,
                                     const runtime::Context& ctx) {
  std::vector<Rendered> rendered;
  std::vector<Error> failures;
  size_t total = 0;
  for (const auto& r : results) total += r.ok() ? r.value().size() : 0;
  rendered.reserve(total);  // one move per output (a matrix may have tens of thousands)
  for (auto& r : results) {
    if (!r.ok()) {
      if (r.error().code() != codes::kCancelled || ctx.token.cancelled())
        failures.push_back(r.error());
      continue;
    }
    for (auto& out : r.value()) rendered.push_back(std::move(out));
  }
  if (!failures.empty()) {
    if (failures.size() == 1) return failures.front();
    // Keep-going: the first failure, with the others chained behind it as causes. Each keeps
    // its own causes (the render error says which variable), the next failure after them.
    Error rest = failures.back();
    for (size_t k = failures.size() - 1; k-- > 1;) rest = append_cause(failures[k], rest);
    return append_cause(failures.front(), rest)
        .with_hint(std::to_string(failures.size()) +
                   " templates failed; the others follow as causes");
  }
  ctx.check();
  return rendered;
}

}  // namespace ggen::gen::detail
