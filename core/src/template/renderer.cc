// Statement rendering: text, output, set, if, for, include, blocks/super, filter sections,
// macros. Variable lookup and error construction live here too; expressions are in
// render_expr.cc.
#include "template/renderer.h"
#include "template/key_compare.h"

#include <algorithm>

#include "template/builtins.h"

namespace ggen::tmpl {

namespace {
constexpr std::string_view kRender = "E_TEMPLATE_RENDER";
constexpr int kMaxDepth = 512;  // macro recursion / include nesting guard
}  // namespace

Renderer::Renderer(const Engine::Impl& engine, const TemplateRec& root, const Value& context,
                   bool autoescape, std::string& out)
    : engine_(engine),
      root_(root),
      ctx_(context),
      autoescape_(autoescape),
      out_(&out),
      scope_(&root) {
  frames_.reserve(16);
}

void Renderer::run() {
  const TemplateRec* t = &root_;
  chain_.push_back(t);
  while (!t->ast->parent.empty()) {
    const TemplateRec* p = engine_.find(t->ast->parent);
    if (!p) {
      std::vector<std::string> names;
      for (const auto& kv : engine_.templates) names.push_back(kv.first);
      scope_ = t;
      fail(kTemplateNotFound,
           "Template '" + t->name + "' is inheriting from '" + t->ast->parent +
               "', which doesn't exist or isn't loaded.",
           t->ast->parent_span, did_you_mean(t->ast->parent, names));
    }
    if (std::find(chain_.begin(), chain_.end(), p) != chain_.end()) {
      scope_ = t;
      fail(kRender, "Circular extend detected for template '" + root_.name + "'",
           t->ast->parent_span);
    }
    chain_.push_back(p);
    t = p;
  }
  scope_ = chain_.back();
  push_frame(FrameKind::Template, scope_);
  render_body(scope_->ast->body);
}

Renderer::Vars Renderer::take_vars() {
  if (spare_vars_.empty()) return {};
  Vars v = std::move(spare_vars_.back());
  spare_vars_.pop_back();
  return v;
}

Renderer::Frame& Renderer::push_frame(FrameKind kind, const TemplateRec* scope, Vars&& vars) {
  return frames_.emplace_back(kind, scope, std::move(vars));
}

void Renderer::pop_frame() {
  Vars& v = frames_.back().vars;
  v.clear();
  if (v.capacity()) spare_vars_.push_back(std::move(v));
  frames_.pop_back();
}

void Renderer::render_body(const Body& body) {
  for (const Node& n : body) {
    render_node(n);
    if (flow_ != Flow::Normal) return;
  }
}

void Renderer::render_node(const Node& n) {
  switch (n.kind) {
    case NodeKind::Text:
      out_->append(n.text);
      return;
    case NodeKind::Print:
      render_print(n);
      return;
    case NodeKind::Set:
      assign(n);
      return;
    case NodeKind::If:
      for (const IfBranch& b : n.branches) {
        if (eval_cond(*b.cond)) {
          render_body(b.body);
          return;
        }
      }
      render_body(n.else_body);
      return;
    case NodeKind::For:
      render_for(n);
      return;
    case NodeKind::Break:
      flow_ = Flow::Break;
      return;
    case NodeKind::Continue:
      flow_ = Flow::Continue;
      return;
    case NodeKind::Include:
      render_include(n);
      return;
    case NodeKind::Block:
      render_block(n);
      return;
    case NodeKind::FilterSection:
      render_filter_section(n);
      return;
  }
}

void Renderer::render_print(const Node& n) {
  const Expr& e = *n.expr;
  if (e.filters.empty()) {
    if (e.kind == ExprKind::Path) {
      Value tmp;
      const Value& v = require_path(e, tmp);
      if (autoescape_ && v.is_string() && e.name != "__tera_context") {
        escape_html(v.as_string(), *out_);
      } else {
        v.render(*out_);
      }
      return;
    }
    if (e.kind == ExprKind::Super) {
      render_super(e);
      return;
    }
    if (e.kind == ExprKind::MacroCall) {
      render_macro(e, *out_);
      return;
    }
  }
  const bool escape = autoescape_ && needs_escape(e);
  if (!escape && !e.filters.empty()) {
    // The last filter writes its result into the page (no string Value in between).
    if (FilterWrite w = writer_of(e.filters.back())) {
      write_filter(e.filters.back(), w, eval(e, e.filters.size() - 1));
      return;
    }
  }
  Value v = eval(e);
  if (escape && v.is_string()) {
    escape_html(v.as_string(), *out_);
  } else {
    v.render(*out_);
  }
}

void Renderer::assign(const Node& n) {
  Value v = eval(*n.expr);
  std::size_t idx = frames_.size() - 1;
  if (n.global) {
    while (idx > 0 && frames_[idx].kind == FrameKind::Loop) --idx;
  }
  for (auto& kv : frames_[idx].vars) {
    if (same_name(kv.first, n.text)) {
      kv.second = std::move(v);
      return;
    }
  }
  frames_[idx].vars.emplace_back(n.text, std::move(v));
}

void Renderer::render_for(const Node& n) {
  Value container = eval(*n.expr);
  const bool kv = !n.key_var.empty();
  const std::string what =
      n.expr->kind == ExprKind::Path ? path_text(*n.expr) : std::string("expression");
  std::size_t count = 0;
  auto push = [&] {
    Frame& f = push_frame(FrameKind::Loop, scope_);
    f.key_name = n.key_var;
    f.value_name = n.text;
    return frames_.size() - 1;
  };
  // Runs one iteration; false when the body hit `break`.
  auto step = [&](std::size_t fi) {
    frames_[fi].vars.clear();
    render_body(n.body);
    Flow fl = flow_;
    flow_ = Flow::Normal;
    return fl != Flow::Break;
  };
  switch (container.kind()) {
    case Value::Kind::Array: {
      if (kv) {
        fail(kRender,
             "Tried to iterate using key value on variable `" + what +
                 "`, but it isn't an object/map",
             n.expr->span, "iterate arrays with `for " + n.text + " in " + what + "`");
      }
      const Array& arr = container.as_array();
      count = arr.size();
      if (!count) break;
      std::size_t fi = push();
      frames_[fi].len = count;
      for (std::size_t i = 0; i < arr.size(); ++i) {
        frames_[fi].value = &arr[i];
        frames_[fi].index = i;
        if (!step(fi)) break;
      }
      pop_frame();
      break;
    }
    case Value::Kind::Object: {
      if (!kv) {
        fail(kRender,
             "Tried to iterate on a container (`" + what +
                 "`) that has a unsupported type: objects need `for key, value in ...`",
             n.expr->span, "write `for key, " + n.text + " in " + what + "`");
      }
      const Object& obj = container.as_object();
      count = obj.size();
      if (!count) break;
      std::size_t fi = push();
      frames_[fi].len = count;
      for (std::size_t i = 0; i < obj.size(); ++i) {
        frames_[fi].key = Value(obj[i].first);
        frames_[fi].value = &obj[i].second;
        frames_[fi].index = i;
        if (!step(fi)) break;
      }
      pop_frame();
      break;
    }
    case Value::Kind::String: {
      if (kv) {
        fail(kRender,
             "Tried to iterate using key value on variable `" + what +
                 "`, but it isn't an object/map",
             n.expr->span);
      }
      auto parts = graphemes(container.as_string());
      count = parts.size();
      if (!count) break;
      std::size_t fi = push();
      frames_[fi].len = count;
      for (std::size_t i = 0; i < parts.size(); ++i) {
        frames_[fi].value_holder = Value(std::string(parts[i]));
        frames_[fi].value = &frames_[fi].value_holder;
        frames_[fi].index = i;
        if (!step(fi)) break;
      }
      pop_frame();
      break;
    }
    default:
      fail(kRender,
           "Tried to iterate on a container (`" + what + "`) that has a unsupported type (" +
               container.type_name() + ")",
           n.expr->span, "`for` iterates over arrays, objects (with `key, value`) and strings");
  }
  if (count == 0) render_body(n.else_body);
}

void Renderer::render_include(const Node& n) {
  for (const std::string& name : n.names) {
    const TemplateRec* t = engine_.find(name);
    if (!t) continue;
    if (!t->ast->parent.empty()) {
      fail(kRender, "Included template `" + name + "` uses `extends`, which is not supported",
           n.span, "include a template without `{% extends %}`, or render it on its own");
    }
    if (++depth_ > kMaxDepth)
      fail(kRender, "Includes are nested too deeply (recursive include?)", n.span);
    const TemplateRec* saved_scope = scope_;
    auto saved_chain = std::move(chain_);
    auto saved_blocks = std::move(blocks_);
    chain_ = {t};
    blocks_.clear();
    scope_ = t;
    push_frame(FrameKind::Include, t);
    render_body(t->ast->body);
    pop_frame();
    scope_ = saved_scope;
    chain_ = std::move(saved_chain);
    blocks_ = std::move(saved_blocks);
    --depth_;
    return;
  }
  if (n.ignore_missing) return;
  std::string shown = n.names.size() == 1 ? n.names[0] : "";
  if (n.names.size() != 1) {
    shown = "[";
    for (std::size_t i = 0; i < n.names.size(); ++i) shown += (i ? ", " : "") + n.names[i];
    shown += "]";
  }
  std::vector<std::string> names;
  for (const auto& kv : engine_.templates) names.push_back(kv.first);
  std::string hint = did_you_mean(n.names.back(), names);
  if (hint.empty()) hint = "add the template first, or write `include \"...\" ignore missing`";
  fail(kTemplateNotFound, "Template '" + shown + "' not found", n.span, hint);
}

void Renderer::render_block(const Node& n) {
  BlockLevel bl{n.text, 0, {}};
  for (const TemplateRec* t : chain_) {
    auto it = t->ast->blocks.find(n.text);
    if (it != t->ast->blocks.end()) bl.defs.push_back({t, it->second});
  }
  if (bl.defs.empty()) bl.defs.push_back({scope_, &n});
  BlockDef d = bl.defs[0];
  blocks_.push_back(std::move(bl));
  const TemplateRec* saved = scope_;
  scope_ = d.tpl;
  render_body(d.node->body);
  scope_ = saved;
  blocks_.pop_back();
}

void Renderer::render_super(const Expr& e) {
  if (blocks_.empty() || blocks_.back().level + 1 >= blocks_.back().defs.size()) {
    fail(kRender,
         blocks_.empty() ? std::string("Tried to use super() outside of a block")
                         : "Tried to use super() in the top level block `" +
                               std::string(blocks_.back().name) + "`",
         e.span, "super() renders the parent template's version of the block; this block has none");
  }
  BlockLevel next{blocks_.back().name, blocks_.back().level + 1, blocks_.back().defs};
  BlockDef d = next.defs[next.level];
  blocks_.push_back(std::move(next));
  const TemplateRec* saved = scope_;
  scope_ = d.tpl;
  render_body(d.node->body);
  scope_ = saved;
  blocks_.pop_back();
}

void Renderer::render_filter_section(const Node& n) {
  std::string buf;
  std::string* saved = out_;
  out_ = &buf;
  render_body(n.body);
  out_ = saved;
  if (n.filter.is_safe) {
    out_->append(buf);
    return;
  }
  apply_filter(n.filter, Value(std::move(buf))).render(*out_);
}

const TemplateRec* Renderer::resolve_namespace(std::string_view ns, const Expr& at) {
  if (ns == "self") return scope_;
  std::vector<std::string> known;
  for (const TemplateRec* t = scope_; t;) {
    for (const auto& im : t->ast->imports) {
      if (same_name(im.ns, ns)) {
        const TemplateRec* target = engine_.find(im.file);
        if (!target) {
          fail(kTemplateNotFound,
               "Template `" + t->name + "` loads macros from `" + im.file +
                   "` which isn't present in Tera",
               at.span);
        }
        return target;
      }
      known.push_back(im.ns);
    }
    t = t->ast->parent.empty() ? nullptr : engine_.find(t->ast->parent);
  }
  known.push_back("self");
  fail(kRender,
       "Macro namespace `" + std::string(ns) + "` was not found in template `" + scope_->name +
           "`. Have you maybe forgotten to import it, or misspelled it?",
       at.span, did_you_mean(ns, known));
}

void Renderer::render_macro(const Expr& call, std::string& out) {
  const TemplateRec* t = resolve_namespace(call.ns, call);
  auto it = t->ast->macros.find(call.name);
  if (it == t->ast->macros.end()) {
    std::vector<std::string> names;
    for (const auto& kv : t->ast->macros) names.push_back(kv.first);
    fail(kRender,
         "Macro `" + call.ns + "::" + call.name + "` not found in template `" + t->name + "`",
         call.span, did_you_mean(call.name, names));
  }
  const MacroDef& m = it->second;
  // Arguments are evaluated in the caller's scope, before the macro's frame exists.
  Vars vars = take_vars();
  vars.reserve(m.params.size());
  for (const MacroParam& p : m.params) {
    const Kwarg* given = nullptr;
    for (const Kwarg& k : call.kwargs)
      if (same_name(k.name, p.name)) given = &k;
    if (given) {
      vars.emplace_back(p.name, eval(*given->value));
    } else if (p.default_value) {
      vars.emplace_back(p.name, *p.default_value);
    } else {
      std::string sig = m.name + "(";
      for (std::size_t i = 0; i < m.params.size(); ++i) sig += (i ? ", " : "") + m.params[i].name;
      sig += ")";
      fail(kRender, "Macro `" + m.name + "` is missing the argument `" + p.name + "`", call.span,
           "the macro is declared as `" + sig + "`; pass `" + p.name + "=...`");
    }
  }
  if (++depth_ > kMaxDepth) {
    fail(kRender,
         "Macro `" + m.name + "` recursed more than " + std::to_string(kMaxDepth) + " levels deep",
         call.span, "check the recursion's stop condition");
  }
  Frame& f = push_frame(FrameKind::Macro, t, std::move(vars));
  f.macro_ns = call.ns;
  f.macro_name = call.name;
  const TemplateRec* saved_scope = scope_;
  std::string* saved_out = out_;
  scope_ = t;
  out_ = &out;
  render_body(m.body);
  out_ = saved_out;
  scope_ = saved_scope;
  pop_frame();
  --depth_;
}

// ---------------------------------------------------------------- errors

std::string Renderer::error_prefix() const {
  std::string s = "Failed to render '" + root_.name + "'";
  for (std::size_t i = frames_.size(); i-- > 0;) {
    if (frames_[i].kind == FrameKind::Loop) continue;
    if (frames_[i].kind == FrameKind::Macro) {
      s += ": error while rendering macro `" + std::string(frames_[i].macro_ns) +
           "::" + std::string(frames_[i].macro_name) + "`";
    }
    break;
  }
  if (!blocks_.empty()) {
    const BlockLevel& b = blocks_.back();
    if (!root_.ast->blocks.count(b.name)) {
      s += " (error happened in a parent template)";
    } else if (b.defs[b.level].tpl != &root_) {
      s += " (error happened in '" + b.defs[b.level].tpl->name + "').";
    }
  } else if (chain_.size() > 1 && chain_[0] == &root_) {
    s += " (error happened in '" + chain_.back()->name + "').";
  }
  return s;
}

Location Renderer::location(const Span& s) const {
  Location loc;
  loc.file = scope_->name;
  loc.line = static_cast<int>(s.line);
  loc.column = static_cast<int>(s.col);
  loc.end_line = static_cast<int>(s.end_line);
  loc.end_column = static_cast<int>(s.end_col);
  return loc;
}

void Renderer::fail(std::string_view code, std::string message, const Span& at, std::string hint,
                    const Error* cause) const {
  Error detail(std::string(code), std::move(message));
  detail.at(location(at));
  if (cause) detail.caused_by(*cause);
  Error top(std::string(code), error_prefix());
  top.at(location(at));
  if (!hint.empty()) top.with_hint(hint);
  detail.with_hint(std::move(hint));
  top.caused_by(std::move(detail));
  raise(std::move(top));
}

void Renderer::fail_call(std::string_view what, std::string_view name, const Error& inner,
                         const Span& at) const {
  std::string code = inner.code() == codes::kInternal ? std::string(kRender) : inner.code();
  std::string hint = inner.hint();
  std::string lower(what);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (hint.empty() && code == kFilterArgs) {
    const BuiltinFilter* f = lower == "filter" ? find_filter(name) : nullptr;
    const BuiltinFunction* fn = lower == "function" ? find_function(name) : nullptr;
    if (f && !f->signature.empty()) hint = "usage: `" + std::string(f->signature) + "`";
    if (fn && !fn->signature.empty()) hint = "usage: `" + std::string(fn->signature) + "`";
  }
  fail(code, std::string(what) + " call '" + std::string(name) + "' failed", at, hint, &inner);
}

}  // namespace ggen::tmpl
