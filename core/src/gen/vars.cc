#include "ggen/gen/vars.h"

#include <nlohmann/json.hpp>

#include <map>

#include "ggen/gen/frontmatter.h"
#include "ggen/rdf/loader.h"
#include "ggen/yaml/parse.h"

namespace ggen::gen {

static bool is_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

Result<std::pair<std::string, std::string>> parse_var(std::string_view a) {
  size_t eq = a.find('=');
  if (eq == std::string_view::npos) {
    return Error(std::string(kBadVar), "`--var " + std::string(a) + "` has no value")
        .with_hint("write --var name=value");
  }
  std::string name(a.substr(0, eq));
  if (!is_identifier(name)) {
    return Error(std::string(kBadVar), "`" + name + "` is not a valid variable name")
        .with_hint("variable names use letters, digits and '_' and do not start with a digit");
  }
  return std::make_pair(name, std::string(a.substr(eq + 1)));
}

Result<tmpl::Value> vars_from_assignments(const std::vector<std::string>& assignments) {
  std::map<std::string, std::string> seen;  // later assignments win, like repeated flags do
  for (const auto& a : assignments) {
    auto kv = parse_var(a);
    if (!kv.ok()) return kv.error();
    seen[kv.value().first] = kv.value().second;
  }
  tmpl::Object o;
  for (auto& [k, v] : seen) o.emplace_back(k, tmpl::Value(v));
  return tmpl::Value::sorted_object(std::move(o));
}

Result<tmpl::Value> vars_from_file(const std::string& path) {
  auto text = rdf::read_file(path);
  if (!text.ok()) return text.error();
  bool yaml_file = path.size() >= 5 && (path.ends_with(".yaml") || path.ends_with(".yml"));
  tmpl::Value v;
  if (yaml_file) {
    auto node = yaml::parse(text.value(), path);
    if (!node.ok()) return node.error();
    v = to_value(node.value());
  } else {
    try {
      v = tmpl::Value::from_json(nlohmann::json::parse(text.value()));
    } catch (const nlohmann::json::parse_error& e) {
      // nlohmann reports a byte offset; turn it into line:column.
      size_t byte = e.byte > 0 ? e.byte - 1 : 0;
      int line = 1, col = 1;
      for (size_t i = 0; i < byte && i < text.value().size(); ++i) {
        if (text.value()[i] == '\n') {
          ++line;
          col = 1;
        } else {
          ++col;
        }
      }
      return Error(std::string(kBadVar), "invalid JSON in the vars file")
          .at({path, line, col})
          .with_hint("vars files are JSON objects (or YAML mappings in .yaml/.yml files)");
    }
  }
  if (!v.is_object()) {
    return Error(std::string(kBadVar), "a vars file must hold an object of name: value")
        .at({path, 1, 1});
  }
  return v;
}

tmpl::Value merge_vars(const tmpl::Value& base, const tmpl::Value& over) {
  if (!base.is_object()) return over.is_object() ? over : tmpl::Value(tmpl::Object{});
  if (!over.is_object()) return base;
  tmpl::Object merged = base.as_object();
  for (const auto& [k, v] : over.as_object()) {
    bool replaced = false;
    for (auto& [mk, mv] : merged) {
      if (mk == k) {
        mv = v;
        replaced = true;
        break;
      }
    }
    if (!replaced) merged.emplace_back(k, v);
  }
  return tmpl::Value(std::move(merged));
}

}  // namespace ggen::gen
