// Expression evaluation with Tera 1 semantics: int/float arithmetic, `/` that yields ints when
// whole, number-aware `==`, `in`, `~`, tests, filters (with the `default`/`safe` special cases)
// and functions.
#include <cmath>

#include "template/builtins.h"
#include "template/renderer.h"

namespace ggen::tmpl {

namespace {
constexpr std::string_view kRender = "E_TEMPLATE_RENDER";

std::vector<std::string> with_user_names(std::vector<std::string_view> builtins, const auto& user) {
  std::vector<std::string> out(builtins.begin(), builtins.end());
  for (const auto& kv : user) out.push_back(kv.first);
  return out;
}
}  // namespace

void Renderer::fill_kwargs(const std::vector<Kwarg>& in, Kwargs& out) {
  out.items.reserve(in.size());
  for (const Kwarg& k : in) out.items.emplace_back(k.name, eval(*k.value));
}

Value Renderer::eval(const Expr& e, std::size_t filters) {
  Value v;
  if (e.kind == ExprKind::Path && e.has_default_filter()) {
    Value tmp;
    const Value* p = nullptr;
    try {
      p = lookup_path(e, tmp);
    } catch (const Exception&) {
      p = nullptr;  // an unresolvable index counts as undefined here
    }
    if (p && !p->is_null()) {
      v = *p;
    } else {
      const Kwarg* def = nullptr;
      for (const Kwarg& k : e.filters[0].args)
        if (k.name == "value") def = &k;
      if (!def) {
        fail(kFilterArgs, "The `default` filter requires a `value` argument.", e.filters[0].span,
             "write `default(value=...)`");
      }
      v = eval(*def->value);
    }
  } else {
    v = eval_base(e);
  }
  for (std::size_t i = 0; i < filters; ++i) {
    const FilterCall& f = e.filters[i];
    if (f.is_safe || f.is_default) continue;
    v = apply_filter(f, std::move(v));
  }
  return v;
}

Value Renderer::eval_base(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Literal:
      return e.lit;
    case ExprKind::Array: {
      Array a;
      a.reserve(e.kids.size());
      for (const auto& k : e.kids) a.push_back(eval(*k));
      return Value(std::move(a));
    }
    case ExprKind::Path: {
      Value tmp;
      return require_path(e, tmp);
    }
    case ExprKind::Call:
      return eval_call(e);
    case ExprKind::MacroCall: {
      std::string s;
      render_macro(e, s);
      return Value(std::move(s));
    }
    case ExprKind::Super: {
      std::string s;
      std::string* saved = out_;
      out_ = &s;
      render_super(e);
      out_ = saved;
      return Value(std::move(s));
    }
    case ExprKind::Test:
      return Value(eval_test(e));
    case ExprKind::Math:
      return eval_math(e);
    case ExprKind::Compare:
      return eval_compare(e);
    case ExprKind::And:
    case ExprKind::Or:
    case ExprKind::Not:
      return Value(eval_cond(e));
    case ExprKind::In:
      return eval_in(e);
    case ExprKind::Concat:
      return eval_concat(e);
    case ExprKind::Ternary:
      return eval_cond(*e.kids[1]) ? eval(*e.kids[0]) : eval(*e.kids[2]);
  }
  return Value();
}

bool Renderer::eval_cond(const Expr& e) {
  switch (e.kind) {
    case ExprKind::And:
      if (!e.filters.empty()) break;
      return eval_cond(*e.kids[0]) && eval_cond(*e.kids[1]);
    case ExprKind::Or:
      if (!e.filters.empty()) break;
      return eval_cond(*e.kids[0]) || eval_cond(*e.kids[1]);
    case ExprKind::Not:
      if (!e.filters.empty()) break;
      return !eval_cond(*e.kids[0]);
    case ExprKind::Path: {
      // Tera: in a condition an undefined variable (or a failing filter on it) is just false.
      if (e.filters.empty()) {
        Value tmp;
        const Value* p = nullptr;
        try {
          p = lookup_path(e, tmp);
        } catch (const Exception&) {
          return false;
        }
        return p && p->truthy();
      }
      try {
        return eval(e).truthy();
      } catch (const Exception&) {
        return false;
      }
    }
    case ExprKind::Math: {
      Value v = eval(e);
      return v.is_number() && v.truthy();  // "NaN" from x/0 is false here
    }
    default:
      break;
  }
  return eval(e).truthy();
}

Value Renderer::apply_filter(const FilterCall& f, Value v) {
  Kwargs evaluated;
  if (!f.const_args && !f.args.empty()) fill_kwargs(f.args, evaluated);
  const Kwargs& args = f.const_args ? f.const_args->args : evaluated;
  if (!engine_.filters.empty()) {
    auto it = engine_.filters.find(f.name);
    if (it != engine_.filters.end()) {
      try {
        return it->second(v, args);
      } catch (const Exception& ex) {
        fail_call("Filter", f.name, ex.error(), f.span);
      } catch (const std::exception& ex) {
        fail_call("Filter", f.name, Error(std::string(kRender), ex.what()), f.span);
      }
    }
  }
  if (!f.builtin) {
    std::string hint = did_you_mean(f.name, with_user_names(filter_names(), engine_.filters));
    fail(kRender, "Filter '" + f.name + "' not found", f.span,
         hint.empty() ? "register it with Engine::register_filter, or check the spelling" : hint);
  }
  try {
    return f.builtin->fn(v, args);
  } catch (const Exception& ex) {
    fail_call("Filter", f.name, ex.error(), f.span);
  }
}

FilterWrite Renderer::writer_of(const FilterCall& f) const {
  if (!f.builtin || !f.builtin->write || f.is_safe || f.is_default) return nullptr;
  if (!engine_.filters.empty() && engine_.filters.count(f.name)) return nullptr;  // overridden
  return f.builtin->write;
}

void Renderer::write_filter(const FilterCall& f, FilterWrite w, const Value& v) {
  Kwargs evaluated;
  if (!f.const_args && !f.args.empty()) fill_kwargs(f.args, evaluated);
  const Kwargs& args = f.const_args ? f.const_args->args : evaluated;
  try {
    w(v, args, *out_);
  } catch (const Exception& ex) {
    fail_call("Filter", f.name, ex.error(), f.span);
  }
}

Value Renderer::eval_call(const Expr& e) {
  Kwargs args;
  if (!e.kwargs.empty()) fill_kwargs(e.kwargs, args);
  if (!engine_.functions.empty()) {
    auto it = engine_.functions.find(e.name);
    if (it != engine_.functions.end()) {
      try {
        return it->second(args);
      } catch (const Exception& ex) {
        fail_call("Function", e.name, ex.error(), e.span);
      } catch (const std::exception& ex) {
        fail_call("Function", e.name, Error(std::string(kRender), ex.what()), e.span);
      }
    }
  }
  if (!e.fn) {
    std::string hint = did_you_mean(e.name, with_user_names(function_names(), engine_.functions));
    fail(kRender, "Function '" + e.name + "' not found", e.span,
         hint.empty() ? "register it with Engine::register_function, or check the spelling" : hint);
  }
  try {
    return e.fn->fn(args);
  } catch (const Exception& ex) {
    fail_call("Function", e.name, ex.error(), e.span);
  }
}

bool Renderer::eval_test(const Expr& e) {
  const Expr& subject = *e.kids[0];
  Value tmp;
  const Value* v = nullptr;
  try {
    v = lookup_path(subject, tmp);
  } catch (const Exception&) {
    v = nullptr;
  }
  Value held;
  if (v) held = *v;  // evaluating the arguments may reuse the lookup slots
  std::vector<Value> args;
  args.reserve(e.kids.size() - 1);
  for (std::size_t i = 1; i < e.kids.size(); ++i) args.push_back(eval(*e.kids[i]));
  const Value* subj = v ? &held : nullptr;
  bool r = false;
  auto user = engine_.tests.find(e.name);
  if (user != engine_.tests.end()) {
    try {
      r = user->second(subj, args);
    } catch (const Exception& ex) {
      fail_call("Test", e.name, ex.error(), e.span);
    }
  } else if (e.test) {
    try {
      r = e.test->fn(subj, args);
    } catch (const Exception& ex) {
      fail_call("Test", e.name, ex.error(), e.span);
    }
  } else {
    std::string hint = did_you_mean(e.name, with_user_names(test_names(), engine_.tests));
    fail(kRender, "Test '" + e.name + "' not found", e.span, hint);
  }
  return e.negated ? !r : r;
}

Value Renderer::eval_math(const Expr& e) {
  Value l = eval(*e.kids[0]);
  Value r = eval(*e.kids[1]);
  for (int side = 0; side < 2; ++side) {
    const Value& v = side ? r : l;
    if (!v.is_number()) {
      const Expr& x = *e.kids[side];
      std::string what = x.kind == ExprKind::Path ? path_text(x) : v.to_json();
      fail(kRender, "Variable `" + what + "` was used in a math operation but is not a number",
           x.span,
           std::string("it is a ") + v.type_name() +
               (v.is_string() ? "; convert it with `| int` or `| float`" : ""));
    }
  }
  auto oob = [&] {
    fail(kRender, "Math operation results in an out of bounds i64", e.span,
         "use a float operand to get a floating-point result");
  };
  if (l.is_int() && r.is_int() && e.op != Op::Div) {
    long long a = l.as_int(), b = r.as_int(), out = 0;
    switch (e.op) {
      case Op::Add:
        if (__builtin_add_overflow(a, b, &out)) oob();
        return Value(out);
      case Op::Sub:
        if (__builtin_sub_overflow(a, b, &out)) oob();
        return Value(out);
      case Op::Mul:
        if (__builtin_mul_overflow(a, b, &out)) oob();
        return Value(out);
      case Op::Mod:
        if (b == 0) fail(kRender, "Tried to do a modulo by zero", e.span);
        if (b == -1) return Value(0LL);
        return Value(a % b);
      default:
        break;
    }
  }
  double a = l.as_number(), b = r.as_number();
  switch (e.op) {
    case Op::Add:
      return Value(a + b);
    case Op::Sub:
      return Value(a - b);
    case Op::Mul:
      return Value(a * b);
    case Op::Mod:
      return Value(std::fmod(a, b));
    case Op::Div: {
      double q = a / b;
      if (!std::isfinite(q)) return Value("NaN");
      if (q == std::trunc(q) && std::fabs(q) < 9.2e18) return Value(static_cast<long long>(q));
      return Value(q);
    }
    default:
      break;
  }
  return Value();
}

Value Renderer::eval_compare(const Expr& e) {
  Value l = eval(*e.kids[0]);
  Value r = eval(*e.kids[1]);
  if (e.op == Op::Eq || e.op == Op::Ne) {
    bool eq;
    if (l.is_number() || r.is_number()) {
      // Tera: a number against a non-number is neither equal nor unequal.
      if (!l.is_number() || !r.is_number()) return Value(false);
      eq = l.as_number() == r.as_number();
    } else {
      eq = l == r;
    }
    return Value(e.op == Op::Eq ? eq : !eq);
  }
  for (int side = 0; side < 2; ++side) {
    const Value& v = side ? r : l;
    if (!v.is_number()) {
      const Expr& x = *e.kids[side];
      std::string what = x.kind == ExprKind::Path ? path_text(x) : v.to_json();
      fail(kRender,
           "Variable `" + what + "` was used in a comparison (<, >, <=, >=) but is not a number",
           x.span, std::string("it is a ") + v.type_name() + "; only numbers can be ordered");
    }
  }
  double a = l.as_number(), b = r.as_number();
  bool res = false;
  switch (e.op) {
    case Op::Lt:
      res = a < b;
      break;
    case Op::Gt:
      res = a > b;
      break;
    case Op::Le:
      res = a <= b;
      break;
    case Op::Ge:
      res = a >= b;
      break;
    default:
      break;
  }
  return Value(res);
}

Value Renderer::eval_in(const Expr& e) {
  Value l = eval(*e.kids[0]);
  Value r = eval(*e.kids[1]);
  bool res = false;
  if (r.is_array()) {
    for (const Value& x : r.as_array()) {
      if (x == l) {
        res = true;
        break;
      }
    }
  } else if (r.is_string() || r.is_object()) {
    if (!l.is_string()) {
      fail(kRender,
           std::string("Tried to check if a ") + l.type_name() + " is in a " + r.type_name() +
               ", but only strings can be looked up there",
           e.kids[0]->span);
    }
    res = r.is_string() ? r.as_string().find(l.as_string()) != std::string::npos
                        : r.find(l.as_string()) != nullptr;
  } else {
    fail(kRender,
         std::string("The `in` operator only works on arrays, strings and objects, got a ") +
             r.type_name(),
         e.kids[1]->span);
  }
  return Value(e.negated ? !res : res);
}

Value Renderer::eval_concat(const Expr& e) {
  std::string s;
  for (const auto& kid : e.kids) {
    if (kid->kind == ExprKind::Literal && kid->filters.empty()) {
      kid->lit.render(s);  // literal floats print Rust-style ("3.18")
      continue;
    }
    Value v = eval(*kid);
    if (v.is_string()) {
      s += v.as_string();
    } else if (v.is_int()) {
      v.render(s);
    } else if (v.is_float()) {
      format_float_json(v.as_float(), s);  // serde_json Number display ("2.0")
    } else {
      fail(kRender,
           "Tried to concat a value that is not a string or a number from ident " + path_text(*kid),
           kid->span, std::string("it is a ") + v.type_name() + "; `~` joins strings and numbers");
    }
  }
  return Value(std::move(s));
}

bool Renderer::needs_escape(const Expr& e) const {
  if (e.marked_safe()) return false;
  for (auto it = e.filters.rbegin(); it != e.filters.rend(); ++it)
    if (!it->is_safe && !it->is_default) return true;
  switch (e.kind) {
    case ExprKind::Literal:
      return e.lit.is_string();
    case ExprKind::Path:
      return e.name != "__tera_context";
    case ExprKind::Call:
    case ExprKind::Concat:
    case ExprKind::Ternary:
      return true;
    default:
      return false;
  }
}

}  // namespace ggen::tmpl
