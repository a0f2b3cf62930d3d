// Deciding what each output does to the file system. Outputs are grouped by target path in plan
// order: whole-file outputs replace, injections apply one after another to the result so far.
// A file that ggen did not write (or that was edited since) is overwritten only with `force`:
// the manifest .ggen/generated.json records the hash of every whole file ggen wrote.
#include <map>
#include <set>

#include "ggen/gen/inject.h"
#include "ggen/gen/writer.h"
#include "internal.h"
#include "manifest.h"

namespace ggen::gen::detail {

namespace {

InjectSpec inject_spec(const Frontmatter& fm) {
  InjectSpec s;
  if (fm.prepend) {
    s.mode = InjectSpec::Mode::kPrepend;
  } else if (fm.before) {
    s.mode = InjectSpec::Mode::kBefore;
    s.anchor = fm.before->value;
  } else if (fm.after) {
    s.mode = InjectSpec::Mode::kAfter;
    s.anchor = fm.after->value;
  } else if (fm.at_line) {
    s.mode = InjectSpec::Mode::kAtLine;
    s.at_line = *fm.at_line;
  } else {
    s.mode = InjectSpec::Mode::kAppend;
  }
  if (fm.skip_if) s.skip_if = fm.skip_if->value;
  s.idempotent = fm.idempotent;
  s.eof_last = fm.eof_last;
  s.where = fm.before ? fm.before->where : fm.after ? fm.after->where : fm.where;
  return s;
}

}  // namespace

Result<void> decide(Plan& plan, const std::vector<Unit>& units, std::vector<Rendered> rendered,
                    const GenerateOptions& o, const runtime::Context* ctx) {
  if (o.preview) {
    // Rendering for display: nothing on disk matters.
    for (auto& r : rendered) {
      PlannedOutput out;
      out.path = r.rel;
      out.abs = r.abs;
      out.template_path = units[r.unit].display;
      out.row = r.row;
      out.content = std::move(r.content);
      plan.outputs.push_back(std::move(out));
    }
    return {};
  }
  // Every loop below is polled (every 256 items): with 20,000 outputs each is tens of ms.
  auto poll = [ctx](size_t i) {
    if (ctx && i % 256 == 0) ctx->check();
  };
  poll(0);  // a stop that landed after the last render stops here
  // The manifest: what ggen wrote last time.
  fs::path manifest_path = plan.output_root / kManifestPath;
  auto manifest_text = read_file_if_exists(manifest_path);
  if (!manifest_text.ok()) return manifest_text.error();
  plan.manifest_before = manifest_text.value();
  std::map<std::string, ManifestEntry> owned;
  if (plan.manifest_before) owned = parse_manifest(*plan.manifest_before);

  // Duplicate whole-file outputs for one path are a mistake in the templates.
  std::map<std::string, size_t> whole;
  for (size_t i = 0; i < rendered.size(); ++i) {
    poll(i + 1);
    const Unit& u = units[rendered[i].unit];
    if (u.fm.inject) continue;
    auto [it, fresh] = whole.emplace(rendered[i].rel, i);
    if (!fresh) {
      const Unit& first = units[rendered[it->second].unit];
      return Error(std::string(kConflict), "two outputs write `" + rendered[i].rel +
                                               "`: " + first.display + " and " + u.display)
          .at(u.fm.to->where)
          .with_hint("make the `to:` paths distinct (for a matrix, use a row variable in `to:`)");
    }
  }

  // Per path, its content so far: what is on disk (read once), until an output of this plan
  // writes it; then that output's content, referred to by index (not copied: with thousands of
  // outputs the copies, and freeing them, cost more than the rest of deciding).
  constexpr size_t kNone = static_cast<size_t>(-1);
  struct SoFar {
    std::optional<std::string> disk;
    size_t output = static_cast<size_t>(-1);  // kNone
  };
  std::map<std::string, SoFar> current;
  std::set<std::string> rendered_paths;
  std::map<std::string, std::string> template_of;  // whole-file output -> its template
  size_t polled = 0;
  for (auto& r : rendered) {
    poll(++polled);  // a read and a hash per output
    const Unit& u = units[r.unit];
    rendered_paths.insert(r.rel);
    if (!u.fm.inject) template_of[r.rel] = manifest_template(plan, u);
    const Frontmatter& fm = u.fm;
    PlannedOutput out;
    out.path = r.rel;
    out.abs = r.abs;
    out.template_path = u.display;
    out.row = r.row;
    out.backup = fm.backup;
    out.sh_before = std::move(r.sh_before);
    out.sh_after = std::move(r.sh_after);
    auto it = current.find(r.rel);
    if (it == current.end()) {
      auto disk = read_file_if_exists(r.abs);
      if (!disk.ok()) return Error(disk.error()).at(fm.to->where);
      it = current.emplace(r.rel, SoFar{std::move(disk).value()}).first;
    }
    // Valid until plan.outputs grows (the push_back below, after its last use).
    const std::string* now = it->second.output != kNone
                                 ? &plan.outputs[it->second.output].content
                             : it->second.disk ? &*it->second.disk
                                               : nullptr;
    if (now) out.before = *now;
    if (fm.inject) {
      if (!now) {
        out.action = Action::kCreate;
        out.content = apply_eof_last(std::move(r.content), fm.eof_last);
        out.reason = "the injection target did not exist";
      } else {
        auto injected = inject(*now, r.content, inject_spec(fm));
        if (!injected.ok()) {
          Error e = injected.error();
          return std::move(e).with_hint(e.hint() + " (target: " + r.rel + ")");
        }
        out.content = std::move(injected.value().content);
        out.action = injected.value().changed ? Action::kInject : Action::kSkip;
        out.reason = injected.value().changed ? "injected" : injected.value().reason;
      }
    } else {
      out.content = std::move(r.content);
      out.owned = true;
      if (!now) {
        out.action = Action::kCreate;
      } else if (*now == out.content) {
        out.action = Action::kUnchanged;
        out.reason = "up to date";
      } else if (fm.unless_exists) {
        out.action = Action::kSkip;
        out.reason = "exists (unless_exists)";
        out.owned = false;
      } else {
        auto rec = owned.find(r.rel);
        bool ours = rec != owned.end() && rec->second.sha256 == sha256_hex(*now);
        if (!ours && !fm.force && !o.force) {
          return Error(std::string(kConflict),
                       "`" + r.rel + "` exists and was not generated by ggen, or was edited since")
              .at(fm.to->where)
              .with_hint(
                  "review it with `ggen project diff`; overwrite with --force (or "
                  "`force: true`), or keep it with `unless_exists: true`");
        }
        out.action = Action::kOverwrite;
        out.reason = ours ? "regenerated" : "forced";
      }
    }
    if (out.writes()) it->second.output = plan.outputs.size();
    plan.outputs.push_back(std::move(out));
  }

  auto stale = plan_deletions(plan, units, rendered_paths, owned, o);
  if (!stale.ok()) return stale.error();

  // The manifest after apply: previous entries, updated for every whole file in the plan.
  size_t hashed = 0;
  for (const auto& out : plan.outputs) {
    poll(++hashed);
    if (out.owned && out.action != Action::kSkip) {
      owned[out.path] = ManifestEntry{sha256_hex(out.content), template_of.at(out.path)};
    }
  }
  plan.manifest_after = write_manifest(owned, [&](size_t i) { poll(i); });
  return {};
}

}  // namespace ggen::gen::detail
