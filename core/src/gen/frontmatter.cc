#include "ggen/gen/frontmatter.h"

#include <algorithm>
#include <set>

namespace ggen::gen {

namespace {

const std::vector<std::string> kKeys = {
    "to",        "from",     "force",     "unless_exists", "inject",      "prepend",
    "append",    "before",   "after",     "at_line",       "skip_if",     "idempotent",
    "backup",    "eof_last", "sh_before", "sh_after",      "base",        "prefixes",
    "rdf",       "rdf_inline", "sparql",  "vars",          "matrix",      "determinism",
    "description", "tags",   "schema"};

class Reader {
 public:
  explicit Reader(const std::string& file) : file_(file) {}

  Location at(const yaml::Node& n) const { return Location{file_, n.line(), n.column()}; }

  [[noreturn]] void fail(const yaml::Node& n, std::string message, std::string hint = {}) const {
    raise(Error(std::string(kFrontmatter), std::move(message)).at(at(n)).with_hint(std::move(hint)));
  }

  std::string string(const yaml::Node& n, std::string_view key) const {
    if (n.is_string()) return n.as_string();
    // Numbers and booleans written bare are fine where text is expected (e.g. `to: 42.txt`
    // is a string anyway; `description: 2024` should not be an error).
    if (n.is_int() || n.is_float() || n.is_bool()) return n.text();
    fail(n, "`" + std::string(key) + "` must be a string, not a " + n.kind_name());
  }

  Located located(const yaml::Node& n, std::string_view key) const {
    return Located{string(n, key), at(n)};
  }

  bool boolean(const yaml::Node& n, std::string_view key) const {
    if (!n.is_bool()) {
      fail(n, "`" + std::string(key) + "` must be true or false, not " +
                  (n.is_string() ? "the string \"" + n.as_string() + "\"" : std::string("a ") + n.kind_name()),
           "write `" + std::string(key) + ": true` without quotes");
    }
    return n.as_bool();
  }

  int64_t integer(const yaml::Node& n, std::string_view key) const {
    if (!n.is_int()) fail(n, "`" + std::string(key) + "` must be a whole number, not a " + n.kind_name());
    return n.as_int();
  }

  // A string, or a list of strings.
  std::vector<Located> string_list(const yaml::Node& n, std::string_view key) const {
    std::vector<Located> out;
    if (n.is_null()) return out;
    if (n.is_sequence()) {
      for (const auto& item : n.items()) out.push_back(located(item, key));
      return out;
    }
    if (n.is_mapping()) {
      fail(n, "`" + std::string(key) + "` must be a string or a list of strings, not a mapping");
    }
    out.push_back(located(n, key));
    return out;
  }

 private:
  const std::string& file_;
};

void parse_sparql(const Reader& r, const yaml::Node& n, Frontmatter& fm) {
  std::set<std::string> seen;
  auto add = [&](std::string name, const yaml::Node& q, const yaml::Node& at) {
    if (!seen.insert(name).second) r.fail(at, "duplicate query name `" + name + "`");
    fm.sparql.push_back(NamedQuery{std::move(name), r.string(q, "sparql"), r.at(q)});
  };
  if (n.is_string()) {
    add("default", n, n);
  } else if (n.is_mapping()) {
    for (const auto& e : n.entries()) add(e.key.text(), e.value, e.key);
  } else if (n.is_sequence()) {
    for (size_t i = 0; i < n.items().size(); ++i) {
      add("query_" + std::to_string(i), n.items()[i], n.items()[i]);
    }
  } else if (!n.is_null()) {
    r.fail(n, "`sparql` must be a query, a mapping of name: query, or a list of queries");
  }
}

void parse_determinism(const Reader& r, const yaml::Node& n, Frontmatter& fm) {
  if (n.is_int()) {
    fm.seed = n.as_int();
    return;
  }
  if (n.is_bool()) return;  // `determinism: true` states the default
  if (!n.is_mapping()) {
    r.fail(n, "`determinism` must be a seed (a whole number) or a mapping with `seed` and `now`");
  }
  for (const auto& e : n.entries()) {
    const std::string& k = e.key.text();
    if (k == "seed") {
      fm.seed = r.integer(e.value, "determinism.seed");
    } else if (k == "now") {
      fm.now = r.string(e.value, "determinism.now");
    } else {
      std::string guess = closest(k, {"seed", "now"});
      r.fail(e.key, "unknown key `determinism." + k + "`",
             guess.empty() ? "`determinism` takes `seed` and `now`" : "did you mean `" + guess + "`?");
    }
  }
}

void validate(const Reader& r, const yaml::Node& root, const Frontmatter& fm) {
  auto key_node = [&](std::string_view k) -> const yaml::Node& {
    const auto* e = root.find_entry(k);
    return e ? e->key : root;
  };
  int modes = fm.prepend + fm.append + fm.before.has_value() + fm.after.has_value() +
              fm.at_line.has_value();
  const char* inject_only[] = {"prepend", "append", "before", "after", "at_line", "skip_if", "idempotent"};
  if (!fm.inject) {
    for (const char* k : inject_only) {
      if (root.find(k)) {
        r.fail(key_node(k), std::string("`") + k + "` applies only to injection",
               "add `inject: true` to edit the existing file instead of replacing it");
      }
    }
  }
  if (modes > 1) {
    r.fail(root, "choose one injection position: prepend, append, before, after or at_line",
           "they are mutually exclusive");
  }
  if (fm.force && fm.unless_exists) {
    r.fail(key_node("unless_exists"), "`force` and `unless_exists` contradict each other");
  }
  if (fm.at_line && *fm.at_line < 1) r.fail(key_node("at_line"), "`at_line` counts from 1");
  if (fm.matrix) {
    bool found = std::any_of(fm.sparql.begin(), fm.sparql.end(),
                             [&](const NamedQuery& q) { return q.name == fm.matrix->value; });
    if (!found) {
      std::vector<std::string> names;
      for (const auto& q : fm.sparql) names.push_back(q.name);
      std::string guess = closest(fm.matrix->value, names);
      r.fail(key_node("matrix"), "`matrix` names the query `" + fm.matrix->value + "`, which `sparql` does not define",
             guess.empty() ? "name one of the queries under `sparql:`" : "did you mean `" + guess + "`?");
    }
  }
}

}  // namespace

const std::vector<std::string>& frontmatter_keys() { return kKeys; }

tmpl::Value to_value(const yaml::Node& n) {
  switch (n.kind()) {
    case yaml::Kind::kNull:
      return tmpl::Value();
    case yaml::Kind::kBool:
      return tmpl::Value(n.as_bool());
    case yaml::Kind::kInt:
      return tmpl::Value(static_cast<long long>(n.as_int()));
    case yaml::Kind::kFloat:
      return tmpl::Value(n.as_float());
    case yaml::Kind::kString:
      return tmpl::Value(n.as_string());
    case yaml::Kind::kSequence: {
      tmpl::Array a;
      for (const auto& item : n.items()) a.push_back(to_value(item));
      return tmpl::Value(std::move(a));
    }
    case yaml::Kind::kMapping: {
      tmpl::Object o;
      for (const auto& e : n.entries()) o.emplace_back(e.key.text(), to_value(e.value));
      return tmpl::Value(std::move(o));
    }
  }
  return tmpl::Value();
}

Result<Frontmatter> parse_frontmatter(const yaml::Node& root, const std::string& file) {
  Reader r(file);
  Frontmatter fm;
  fm.where = r.at(root);
  try {
    if (root.is_null()) return fm;
    if (!root.is_mapping()) {
      r.fail(root, std::string("the frontmatter must be a mapping of keys, not a ") + root.kind_name(),
             "write `key: value` lines between the `---` delimiters");
    }
    for (const auto& e : root.entries()) {
      const std::string& k = e.key.text();
      const yaml::Node& v = e.value;
      if (k == "to") fm.to = r.located(v, k);
      else if (k == "from") fm.from = r.located(v, k);
      else if (k == "force") fm.force = r.boolean(v, k);
      else if (k == "unless_exists") fm.unless_exists = r.boolean(v, k);
      else if (k == "inject") fm.inject = r.boolean(v, k);
      else if (k == "prepend") fm.prepend = r.boolean(v, k);
      else if (k == "append") fm.append = r.boolean(v, k);
      else if (k == "before") fm.before = r.located(v, k);
      else if (k == "after") fm.after = r.located(v, k);
      else if (k == "at_line") fm.at_line = static_cast<int>(r.integer(v, k));
      else if (k == "skip_if") fm.skip_if = r.located(v, k);
      else if (k == "idempotent") fm.idempotent = r.boolean(v, k);
      else if (k == "backup") fm.backup = r.boolean(v, k);
      else if (k == "eof_last") fm.eof_last = r.boolean(v, k);
      else if (k == "sh_before") fm.sh_before = r.string_list(v, k);
      else if (k == "sh_after") fm.sh_after = r.string_list(v, k);
      else if (k == "base") fm.base = r.string(v, k);
      else if (k == "prefixes") {
        if (!v.is_mapping()) r.fail(v, "`prefixes` must be a mapping of prefix: IRI");
        for (const auto& p : v.entries()) fm.prefixes.emplace_back(p.key.text(), r.string(p.value, "prefixes"));
        std::sort(fm.prefixes.begin(), fm.prefixes.end());
      } else if (k == "rdf") fm.rdf = r.string_list(v, k);
      else if (k == "rdf_inline") fm.rdf_inline = r.string_list(v, k);
      else if (k == "sparql") parse_sparql(r, v, fm);
      else if (k == "vars") {
        if (!v.is_mapping() && !v.is_null()) r.fail(v, "`vars` must be a mapping of name: default value");
        fm.vars = to_value(v);
      } else if (k == "matrix") {
        if (v.is_mapping()) {
          const yaml::Node* q = v.find("query");
          if (!q || v.size() != 1) r.fail(v, "`matrix` takes a query name, or `{ query: <name> }`");
          fm.matrix = r.located(*q, "matrix.query");
        } else {
          fm.matrix = r.located(v, k);
        }
      } else if (k == "determinism") parse_determinism(r, v, fm);
      else if (k == "description") fm.description = r.string(v, k);
      else if (k == "tags") {
        for (auto& t : r.string_list(v, k)) fm.tags.push_back(t.value);
      } else if (k == "schema") {
        fm.schema = static_cast<int>(r.integer(v, k));
        if (fm.schema != kSchemaVersion) {
          r.fail(v, "frontmatter schema " + std::to_string(fm.schema) + " is not supported",
                 "this ggen reads schema " + std::to_string(kSchemaVersion));
        }
      } else {
        std::string guess = closest(k, kKeys);
        r.fail(e.key, "unknown frontmatter key `" + k + "`",
               guess.empty() ? "see docs/templates.md for the keys" : "did you mean `" + guess + "`?");
      }
    }
    validate(r, root, fm);
  } catch (const Exception& ex) {
    return ex.error();
  }
  return fm;
}

}  // namespace ggen::gen
