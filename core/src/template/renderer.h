#pragma once
// Walks an Ast and writes into one output string. One Renderer per render call: all mutable
// state (frames, block stack, output) lives here, never in the shared templates.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ggen/error/error.h"
#include "template/ast.h"
#include "template/builtins.h"
#include "template/engine_impl.h"

namespace ggen::tmpl {

class Renderer {
 public:
  Renderer(const Engine::Impl& engine, const TemplateRec& root, const Value& context,
           bool autoescape, std::string& out);
  void run();

 private:
  enum class FrameKind : std::uint8_t { Template, Macro, Include, Loop };
  using Vars = std::vector<std::pair<std::string_view, Value>>;
  struct Frame {
    Frame(FrameKind k, const TemplateRec* s, Vars&& v) : kind(k), scope(s), vars(std::move(v)) {}
    FrameKind kind;
    const TemplateRec* scope;
    Vars vars;
    // Loop state.
    std::string_view key_name, value_name;
    Value key;
    const Value* value = nullptr;
    Value value_holder;
    std::size_t index = 0, len = 0;
    // Macro frames: how the caller named it, for error messages.
    std::string_view macro_ns, macro_name;
  };
  struct BlockDef {
    const TemplateRec* tpl;
    const Node* node;
  };
  struct BlockLevel {
    std::string_view name;
    std::size_t level;
    std::vector<BlockDef> defs;
  };
  enum class Flow : std::uint8_t { Normal, Break, Continue };

  // Frames are pushed per loop, include and macro call: their variable lists are recycled
  // (spare_vars_) instead of allocated and freed each time.
  Frame& push_frame(FrameKind kind, const TemplateRec* scope, Vars&& vars);
  Frame& push_frame(FrameKind kind, const TemplateRec* scope) {
    return push_frame(kind, scope, take_vars());
  }
  void pop_frame();
  Vars take_vars();

  // --- statements (renderer.cc)
  void render_body(const Body& body);
  void render_node(const Node& n);
  void render_print(const Node& n);
  void render_for(const Node& n);
  void render_include(const Node& n);
  void render_block(const Node& n);
  void render_super(const Expr& e);
  void render_filter_section(const Node& n);
  void render_macro(const Expr& call, std::string& out);
  void assign(const Node& n);

  // --- expressions (render_expr.cc)
  Value eval(const Expr& e) { return eval(e, e.filters.size()); }  // with filters
  Value eval(const Expr& e, std::size_t filters);                  // with the first `filters`
  Value eval_base(const Expr& e);                                  // without filters
  bool eval_cond(const Expr& e);  // truthiness with Tera's undefined-swallowing rules
  Value apply_filter(const FilterCall& f, Value v);
  // The built-in writer of `f` when it may append straight to the output (see FilterWrite).
  FilterWrite writer_of(const FilterCall& f) const;
  void write_filter(const FilterCall& f, FilterWrite w, const Value& v);
  Value eval_call(const Expr& e);
  bool eval_test(const Expr& e);
  Value eval_math(const Expr& e);
  Value eval_compare(const Expr& e);
  Value eval_in(const Expr& e);
  Value eval_concat(const Expr& e);
  bool needs_escape(const Expr& e) const;
  void fill_kwargs(const std::vector<Kwarg>& in, Kwargs& out);

  // Variable lookup: nullptr when undefined. `tmp` holds synthesized values (loop.index).
  const Value* lookup_root(std::string_view name, Value& tmp) const;
  const Value* lookup_path(const Expr& path, Value& tmp);
  const Value& require_path(const Expr& path, Value& tmp);
  std::string path_text(const Expr& path) const;
  std::vector<std::string> visible_names() const;
  Value dump_context() const;

  const TemplateRec* resolve_namespace(std::string_view ns, const Expr& at);

  // --- errors
  std::string error_prefix() const;
  Location location(const Span& s) const;
  [[noreturn]] void fail(std::string_view code, std::string message, const Span& at,
                         std::string hint = {}, const Error* cause = nullptr) const;
  [[noreturn]] void fail_call(std::string_view what, std::string_view name, const Error& inner,
                              const Span& at) const;

  const Engine::Impl& engine_;
  const TemplateRec& root_;
  const Value& ctx_;
  bool autoescape_;
  std::string* out_;
  const TemplateRec* scope_;               // template whose code is running (imports, error file)
  std::vector<const TemplateRec*> chain_;  // inheritance chain of the render unit, child first
  std::vector<Frame> frames_;
  std::vector<Vars> spare_vars_;
  std::vector<BlockLevel> blocks_;
  Flow flow_ = Flow::Normal;
  int depth_ = 0;
};

}  // namespace ggen::tmpl
