#include "ggen/gen/tree.h"

#include <set>

#include "ggen/gen/frontmatter.h"
#include "ggen/gen/paths.h"
#include "ggen/gen/sparql_context.h"
#include "ggen/gen/vars.h"
#include "ggen/rdf/loader.h"
#include "ggen/yaml/parse.h"
#include "internal.h"

namespace ggen::gen {

namespace fs = std::filesystem;

namespace {

struct TreeWalker {
  const tmpl::Engine& engine;
  const fs::path& spec_dir;
  const std::string& display;
  const GenerateOptions& o;
  tmpl::Value vars;
  detail::InputLog& inputs;
  std::vector<detail::Unit>& units;
  std::vector<detail::Rendered>& out;

  [[noreturn]] void fail(const yaml::Node& n, std::string msg, std::string hint = {}) const {
    raise(Error(std::string(kTreeSpec), std::move(msg))
              .at({display, n.line(), n.column()})
              .with_hint(std::move(hint)));
  }
  Location at(const yaml::Node& n) const { return {display, n.line(), n.column()}; }

  std::string render(const yaml::Node& n, const std::string& what) const {
    if (!n.is_string()) fail(n, "`" + what + "` must be a string");
    auto r = engine.render_string(n.as_string(), vars, display + " " + what);
    if (!r.ok()) {
      raise(Error(r.error().code(), "in `" + what + "`: " + r.error().message()).at(at(n)).with_hint(r.error().hint()));
    }
    return std::move(r).value();
  }

  void walk(const yaml::Node& list, const fs::path& prefix) {
    if (!list.is_sequence()) fail(list, "`tree` and `children` are lists of entries");
    for (const auto& e : list.items()) {
      if (!e.is_mapping()) fail(e, "a tree entry is a mapping with `file:` or `directory:`");
      for (const auto& kv : e.entries()) {
        static const std::vector<std::string> keys = {"file", "directory", "content", "template", "children"};
        if (std::find(keys.begin(), keys.end(), kv.key.text()) == keys.end()) {
          std::string guess = closest(kv.key.text(), keys);
          fail(kv.key, "unknown key `" + kv.key.text() + "` in a tree entry",
               guess.empty() ? "entries take file or directory, content or template, and children" : "did you mean `" + guess + "`?");
        }
      }
      const yaml::Node* dir = e.find("directory");
      const yaml::Node* file = e.find("file");
      if ((dir != nullptr) == (file != nullptr)) fail(e, "a tree entry has exactly one of `file:` and `directory:`");
      if (dir) {
        if (e.find("content") || e.find("template")) fail(e, "a directory has no `content` or `template`");
        fs::path p = prefix / render(*dir, "directory");
        if (const yaml::Node* ch = e.find("children")) walk(*ch, p);
        continue;
      }
      if (e.find("children")) fail(e, "a file has no `children`");
      const yaml::Node* content = e.find("content");
      const yaml::Node* tmpl_path = e.find("template");
      if ((content != nullptr) == (tmpl_path != nullptr)) fail(e, "a file has exactly one of `content:` and `template:`");
      detail::Rendered r;
      r.unit = units.size();
      std::string rel = (prefix / render(*file, "file")).generic_string();
      detail::Unit u;
      u.display = display;
      u.fm.to = Located{rel, at(*file)};
      units.push_back(u);
      auto abs = confine(o.output_dir, rel, at(*file));
      if (!abs.ok()) raise(abs.error());
      r.abs = abs.value();
      r.rel = relative_display(o.output_dir, r.abs);
      if (content) {
        r.content = render(*content, "content");
      } else {
        fs::path src = spec_dir / tmpl_path->as_string();
        std::string src_display = detail::display_path(o.root, src);
        auto text = rdf::read_file(src.string());
        if (!text.ok()) {
          raise(Error(text.error().code(), "cannot read the template `" + src_display + "`")
                    .at(at(*tmpl_path))
                    .with_hint("`template:` paths are relative to the spec file's folder"));
        }
        inputs.add(src_display, text.value());
        auto rendered = engine.render_string(text.value(), vars, src_display);
        if (!rendered.ok()) raise(rendered.error());
        r.content = std::move(rendered).value();
      }
      out.push_back(std::move(r));
    }
  }
};

}  // namespace

Result<Plan> plan_tree(const fs::path& spec, const GenerateOptions& o, const runtime::Context& ctx) {
  Plan plan;
  std::error_code ec;
  plan.root = o.root.empty() ? fs::current_path(ec) : fs::absolute(o.root, ec);
  plan.output_root = fs::absolute(o.output_dir, ec).lexically_normal();
  std::string display = detail::display_path(plan.root, spec);
  auto text = rdf::read_file(spec.string());
  if (!text.ok()) {
    return Error(text.error().code(), "cannot read the tree spec " + display).with_hint("check the path");
  }
  detail::InputLog inputs;
  inputs.add(display, text.value());
  auto node = yaml::parse(text.value(), display);
  if (!node.ok()) return node.error();
  const yaml::Node& root = node.value();
  std::vector<detail::Unit> units;
  std::vector<detail::Rendered> rendered;
  try {
    auto fail = [&](const yaml::Node& n, std::string msg, std::string hint = {}) {
      raise(Error(std::string(kTreeSpec), std::move(msg)).at({display, n.line(), n.column()}).with_hint(std::move(hint)));
    };
    if (!root.is_mapping()) fail(root, "a tree spec is a mapping with `name` and `tree`");
    static const std::vector<std::string> keys = {"name", "description", "variables", "defaults", "tree"};
    for (const auto& kv : root.entries()) {
      if (std::find(keys.begin(), keys.end(), kv.key.text()) == keys.end()) {
        std::string guess = closest(kv.key.text(), keys);
        fail(kv.key, "unknown key `" + kv.key.text() + "` in the tree spec",
             guess.empty() ? "a spec has name, description, variables, defaults and tree" : "did you mean `" + guess + "`?");
      }
    }
    if (!root.find("name")) fail(root, "the tree spec has no `name`");
    const yaml::Node* tree = root.find("tree");
    if (!tree) fail(root, "the tree spec has no `tree`");
    tmpl::Value defaults = root.find("defaults") ? to_value(*root.find("defaults")) : tmpl::Value(tmpl::Object{});
    if (!defaults.is_object()) fail(*root.find("defaults"), "`defaults` is a mapping of name: value");
    // Defaults first, so they satisfy required variables (the original checked before them).
    tmpl::Value vars = merge_vars(defaults, o.vars);
    if (const yaml::Node* req = root.find("variables")) {
      if (!req->is_sequence()) fail(*req, "`variables` lists the names the spec needs");
      std::vector<std::string> missing;
      for (const auto& v : req->items()) {
        if (!vars.find(v.text())) missing.push_back(v.text());
      }
      if (!missing.empty()) {
        std::string list;
        for (auto& m : missing) list += (list.empty() ? "" : ", ") + m;
        fail(*req, "missing required variable" + std::string(missing.size() > 1 ? "s " : " ") + list,
             "pass them with --var name=value, or give them `defaults`");
      }
    }
    tmpl::Engine engine(o.engine);
    register_generation_functions(engine);
    TreeWalker w{engine, spec.parent_path(), display, o, vars, inputs, units, rendered};
    w.walk(*tree, {});
  } catch (const Exception& e) {
    return e.error();
  }
  ctx.check();
  GenerateOptions decide_opts = o;
  auto decided = detail::decide(plan, units, std::move(rendered), decide_opts);
  if (!decided.ok()) return decided.error();
  plan.inputs = std::move(inputs.hashes);
  return plan;
}

}  // namespace ggen::gen
