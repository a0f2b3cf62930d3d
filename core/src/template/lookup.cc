// Variable resolution for the renderer: frames (set, loop, macro, include) then the user
// context; plus the undefined-variable error with its "did you mean" / "has keys" hints and the
// `__tera_context` dump.
#include <map>

#include "template/builtins.h"
#include "template/key_compare.h"
#include "template/renderer.h"

namespace ggen::tmpl {

namespace {
constexpr std::string_view kRender = "E_TEMPLATE_RENDER";
constexpr std::string_view kUndefined = "E_UNDEFINED_VARIABLE";
}  // namespace

// ---------------------------------------------------------------- lookup

const Value* Renderer::lookup_root(std::string_view name, Value& tmp) const {
  for (std::size_t i = frames_.size(); i-- > 0;) {
    const Frame& f = frames_[i];
    for (auto it = f.vars.rbegin(); it != f.vars.rend(); ++it)
      if (same_name(it->first, name)) return &it->second;
    if (f.kind == FrameKind::Loop) {
      if (same_name(name, f.value_name)) return f.value;
      if (!f.key_name.empty() && same_name(name, f.key_name)) return &f.key;
      if (same_name(name, "loop")) {
        Object o;
        o.emplace_back("first", Value(f.index == 0));
        o.emplace_back("index", Value(static_cast<long long>(f.index + 1)));
        o.emplace_back("index0", Value(static_cast<long long>(f.index)));
        o.emplace_back("last", Value(f.index + 1 == f.len));
        o.emplace_back("length", Value(static_cast<long long>(f.len)));
        tmp = Value::sorted_object(std::move(o));
        return &tmp;
      }
    } else if (f.kind != FrameKind::Include) {
      break;
    }
  }
  if (same_name(name, "__tera_context")) {
    tmp = Value(dump_context().to_json(true));
    return &tmp;
  }
  if (!frames_.empty()) {
    // Macros see the user context but not their caller's variables (already enforced above).
  }
  return ctx_.find(name);
}

const Value* Renderer::lookup_path(const Expr& e, Value& tmp) {
  std::size_t start = 0;
  const Value* cur = nullptr;
  if (!e.segs.empty() && same_name(e.name, "loop") && !e.segs[0].dynamic) {
    // loop.index & co without building the loop object.
    for (std::size_t i = frames_.size(); i-- > 0;) {
      const Frame& f = frames_[i];
      bool shadowed = false;
      for (const auto& kv : f.vars) shadowed = shadowed || same_name(kv.first, "loop");
      if (shadowed) break;
      if (f.kind == FrameKind::Loop) {
        const std::string& s = e.segs[0].name;
        if (s == "index")
          tmp = Value(static_cast<long long>(f.index + 1));
        else if (s == "index0")
          tmp = Value(static_cast<long long>(f.index));
        else if (s == "first")
          tmp = Value(f.index == 0);
        else if (s == "last")
          tmp = Value(f.index + 1 == f.len);
        else if (s == "length")
          tmp = Value(static_cast<long long>(f.len));
        else
          return nullptr;
        cur = &tmp;
        start = 1;
        break;
      }
      if (f.kind != FrameKind::Include) break;
    }
  }
  if (!cur) cur = lookup_root(e.name, tmp);
  if (!cur) return nullptr;
  for (std::size_t i = start; i < e.segs.size(); ++i) {
    const PathSeg& seg = e.segs[i];
    if (seg.dynamic) {
      Value k;
      try {
        k = eval(*seg.dynamic);
      } catch (const Exception& ex) {
        const Error& err = ex.error();
        std::string inner = err.cause() ? err.cause()->message() : err.message();
        fail(err.code(), "Variable " + path_text(e) + " can not be evaluated because: " + inner,
             seg.dynamic->span, err.hint());
      }
      if (k.is_string()) {
        cur = cur->find(k.as_string());
      } else if (k.is_int()) {
        if (cur->is_array()) {
          cur = k.as_int() < 0 ? nullptr : cur->at(static_cast<std::size_t>(k.as_int()));
        } else {
          cur = cur->find(std::to_string(k.as_int()));
        }
      } else if (k.is_float()) {
        cur = cur->find(k.to_display());
      } else {
        fail(kRender,
             "Only variables evaluating to String or Number can be used as index (`" +
                 path_text(*seg.dynamic) + "` of `" + path_text(e) + "`)",
             seg.dynamic->span);
      }
    } else {
      if (seg.index >= 0 && cur->is_array()) {
        cur = cur->at(static_cast<std::size_t>(seg.index));
      } else {
        cur = cur->find(seg.name);
      }
    }
    if (!cur) return nullptr;
  }
  return cur;
}

const Value& Renderer::require_path(const Expr& e, Value& tmp) {
  if (const Value* v = lookup_path(e, tmp)) return *v;
  // Tera's "evaluated version": the path with every bracket resolved to a dotted key.
  std::string evaluated = e.name;
  for (const auto& seg : e.segs) {
    std::string key = seg.name;
    if (seg.dynamic) {
      try {
        key = eval(*seg.dynamic).to_display();
      } catch (const Exception&) {
        key = path_text(*seg.dynamic);
      }
    }
    evaluated += ".";
    evaluated += key;
  }
  std::string text = path_text(e);
  std::string msg =
      "Variable `" + text + "` not found in context while rendering '" + root_.name + "'";
  bool brackets = false;
  for (const auto& s : e.segs) brackets = brackets || s.bracket;
  if (brackets)
    msg += ": the evaluated version was `" + evaluated + "`. Maybe the index is out of bounds?";
  // Hint: the deepest prefix that exists and what it offers.
  std::string hint;
  Value t3;
  const Value* root = lookup_root(e.name, t3);
  if (!root) {
    hint = did_you_mean(e.name, visible_names());
    if (hint.empty())
      hint = "`" + e.name + "` is not set in the context, a `set`, a loop or a macro argument";
  } else {
    const Value* cur = root;
    std::string prefix = e.name;
    for (const auto& seg : e.segs) {
      if (seg.dynamic) break;
      const Value* next = seg.index >= 0 && cur->is_array()
                              ? cur->at(static_cast<std::size_t>(seg.index))
                              : cur->find(seg.name);
      if (!next) {
        if (cur->is_object()) {
          std::vector<std::string> keys;
          for (const auto& kv : cur->as_object()) keys.push_back(kv.first);
          hint = did_you_mean(seg.name, keys);
          std::string list;
          for (std::size_t i = 0; i < keys.size() && i < 20; ++i) list += (i ? ", " : "") + keys[i];
          if (keys.size() > 20) list += ", ...";
          hint += (hint.empty() ? "" : "; ") + std::string("`") + prefix +
                  "` has keys: " + (list.empty() ? "(none)" : list);
        } else if (cur->is_array()) {
          hint = "`" + prefix + "` is an array of " + std::to_string(cur->as_array().size()) +
                 " elements; index it with a number";
        } else {
          hint = "`" + prefix + "` is a " + cur->type_name() + ", not an object";
        }
        break;
      }
      cur = next;
      prefix += "." + seg.name;
    }
  }
  fail(kUndefined, std::move(msg), e.span, std::move(hint));
}

std::string Renderer::path_text(const Expr& e) const {
  if (e.kind != ExprKind::Path) {
    if (e.kind == ExprKind::Literal) return e.lit.to_json();
    return e.name.empty() ? std::string("expression") : e.name;
  }
  std::string s = e.name;
  for (const auto& seg : e.segs) {
    // Echo bracket access the way it was written (`arr[10]`, `arr[i]`), as Tera does.
    if (seg.dynamic) {
      s += '[';
      s += path_text(*seg.dynamic);
      s += ']';
    } else if (seg.bracket && seg.index >= 0) {
      s += '[';
      s += seg.name;
      s += ']';
    } else if (seg.bracket) {
      s += "[\"";
      s += seg.name;
      s += "\"]";
    } else {
      s += '.';
      s += seg.name;
    }
  }
  return s;
}

std::vector<std::string> Renderer::visible_names() const {
  std::vector<std::string> names;
  for (std::size_t i = frames_.size(); i-- > 0;) {
    const Frame& f = frames_[i];
    for (const auto& kv : f.vars) names.emplace_back(kv.first);
    if (f.kind == FrameKind::Loop) {
      names.emplace_back(f.value_name);
      if (!f.key_name.empty()) names.emplace_back(f.key_name);
      names.emplace_back("loop");
    } else if (f.kind != FrameKind::Include) {
      break;
    }
  }
  if (ctx_.is_object())
    for (const auto& kv : ctx_.as_object()) names.push_back(kv.first);
  return names;
}

Value Renderer::dump_context() const {
  std::size_t base = frames_.size();
  while (base > 0) {
    --base;
    if (frames_[base].kind == FrameKind::Template || frames_[base].kind == FrameKind::Macro) break;
  }
  std::map<std::string, Value> all;
  if (frames_.empty() || frames_[base].kind != FrameKind::Macro) {
    if (ctx_.is_object())
      for (const auto& kv : ctx_.as_object()) all[kv.first] = kv.second;
  }
  for (std::size_t i = base; i < frames_.size(); ++i) {
    const Frame& f = frames_[i];
    if (f.kind == FrameKind::Loop && f.value) {
      all[std::string(f.value_name)] = *f.value;
      if (!f.key_name.empty()) all[std::string(f.key_name)] = f.key;
    }
    for (const auto& kv : f.vars) all[std::string(kv.first)] = kv.second;
  }
  Object o;
  for (auto& kv : all) o.emplace_back(kv.first, std::move(kv.second));
  return Value::sorted_object(std::move(o));
}

}  // namespace ggen::tmpl
