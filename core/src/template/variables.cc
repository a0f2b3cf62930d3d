// Engine::variables: the free top-level names a template reads from its context, so the
// generation layer can check a template against the variables a query will provide.
#include <set>

#include "template/engine_impl.h"

namespace ggen::tmpl {

namespace {

class Walker {
 public:
  explicit Walker(const Engine::Impl& eng) : eng_(eng) {}

  void tpl(const Ast& ast) {
    if (!visited_.insert(&ast).second) return;
    body(ast.body);
    for (const auto& [name, m] : ast.macros) {
      std::size_t mark = bound_.size();
      for (const auto& p : m.params) bound_.push_back(p.name);
      body(m.body);
      bound_.resize(mark);
    }
    for (const auto& im : ast.imports)
      if (const TemplateRec* t = eng_.find(im.file)) tpl(*t->ast);
    if (!ast.parent.empty())
      if (const TemplateRec* t = eng_.find(ast.parent)) tpl(*t->ast);
  }

  std::set<std::string> found;

 private:
  bool is_bound(const std::string& n) const {
    for (const auto& b : bound_)
      if (b == n) return true;
    return false;
  }

  void body(const Body& b) {
    std::size_t mark = bound_.size();
    for (const Node& n : b) node(n);
    bound_.resize(mark);
  }

  void node(const Node& n) {
    switch (n.kind) {
      case NodeKind::Print:
        expr(*n.expr);
        break;
      case NodeKind::Set:
        expr(*n.expr);
        bound_.push_back(n.text);
        break;
      case NodeKind::If:
        for (const auto& br : n.branches) {
          expr(*br.cond);
          body(br.body);
        }
        body(n.else_body);
        break;
      case NodeKind::For: {
        expr(*n.expr);
        std::size_t mark = bound_.size();
        bound_.push_back(n.text);
        if (!n.key_var.empty()) bound_.push_back(n.key_var);
        body(n.body);
        bound_.resize(mark);
        body(n.else_body);
        break;
      }
      case NodeKind::Include:
        for (const auto& name : n.names) {
          if (const TemplateRec* t = eng_.find(name)) {
            // Included templates see the current scope.
            if (visited_.insert(t->ast.get()).second) body(t->ast->body);
            break;
          }
        }
        break;
      case NodeKind::Block:
        body(n.body);
        break;
      case NodeKind::FilterSection:
        for (const auto& a : n.filter.args) expr(*a.value);
        body(n.body);
        break;
      default:
        break;
    }
  }

  void expr(const Expr& e) {
    if (e.kind == ExprKind::Path && e.name != "loop" && e.name != "__tera_context" &&
        !is_bound(e.name)) {
      found.insert(e.name);
    }
    for (const auto& s : e.segs)
      if (s.dynamic) expr(*s.dynamic);
    for (const auto& k : e.kids) expr(*k);
    for (const auto& k : e.kwargs) expr(*k.value);
    for (const auto& f : e.filters)
      for (const auto& a : f.args) expr(*a.value);
  }

  const Engine::Impl& eng_;
  std::vector<std::string> bound_;
  std::set<const Ast*> visited_;
};

}  // namespace

Result<std::vector<std::string>> Engine::variables(std::string_view name) const {
  const TemplateRec* t = impl_->find(name);
  if (!t) {
    return Error(std::string(kTemplateNotFound), "Template '" + std::string(name) + "' not found")
        .with_hint(did_you_mean(name, template_names()));
  }
  Walker w(*impl_);
  w.tpl(*t->ast);
  return std::vector<std::string>(w.found.begin(), w.found.end());
}

}  // namespace ggen::tmpl
