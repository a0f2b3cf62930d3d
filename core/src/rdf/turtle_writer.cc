// Turtle and TriG output: prefixes, subjects grouped with ';' and ',', blank nodes used once
// written inline as [ ... ], well-formed lists as ( ... ), numbers and booleans unquoted.
// Everything is ordered by content (term text), so equal stores give byte-equal output.
#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "ggen/rdf/writer.h"

namespace ggen::rdf {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view drop_sign(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  return s;
}

bool is_integer(std::string_view s) {
  return all_digits(drop_sign(s));
}

bool is_decimal(std::string_view s) {
  s = drop_sign(s);
  size_t dot = s.find('.');
  if (dot == std::string_view::npos) return false;
  return (dot == 0 || all_digits(s.substr(0, dot))) && all_digits(s.substr(dot + 1));
}

bool is_double(std::string_view s) {
  s = drop_sign(s);
  size_t e = s.find_first_of("eE");
  if (e == std::string_view::npos || e == 0) return false;
  std::string_view mant = s.substr(0, e), exp = drop_sign(s.substr(e + 1));
  if (!all_digits(exp)) return false;
  size_t dot = mant.find('.');
  if (dot == std::string_view::npos) return all_digits(mant);
  std::string_view ip = mant.substr(0, dot), fp = mant.substr(dot + 1);
  return (ip.empty() || all_digits(ip)) && (fp.empty() || all_digits(fp)) &&
         ip.size() + fp.size() > 0;
}

// A conservative PN_LOCAL: ASCII letters, digits, '_', '-', and '.' not at either end.
bool is_simple_local(std::string_view s) {
  if (s.empty()) return true;
  auto ok = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  };
  if (!std::all_of(s.begin(), s.end(), ok)) return false;
  return s.front() != '-' && s.front() != '.' && s.back() != '.';
}

// A conservative PN_PREFIX: an ASCII letter, then letters, digits, '_', '-', '.' (not last).
bool is_simple_prefix(std::string_view s) {
  if (s.empty()) return true;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!letter(s.front()) || s.back() == '.') return false;
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return letter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  });
}

class TurtleWriter {
 public:
  TurtleWriter(const Store& st, const WriteOptions& opts) : st_(st) {
    for (const auto& [name, ns] : opts.prefixes) {
      if (is_simple_prefix(name)) prefixes_[name] = ns;  // others could not be parsed back
    }
    type_ = st.find(TermRef::iri(vocab::kRdfType));
    first_ = st.find(TermRef::iri(vocab::kRdfFirst));
    rest_ = st.find(TermRef::iri(vocab::kRdfRest));
    nil_ = st.find(TermRef::iri(vocab::kRdfNil));
  }

  void write_prefixes() {
    for (const auto& [name, ns] : prefixes_) {
      out_ += "@prefix " + name + ": ";
      append_ntriples(out_, TermRef::iri(ns));
      out_ += " .\n";
    }
    if (!prefixes_.empty()) out_ += '\n';
  }

  // Blank nodes seen in more than one graph, or naming a graph, are never inlined.
  void scan_dataset() {
    std::unordered_map<TermId, TermId> graph_of;
    st_.for_each(QuadPattern{}, [&](const Quad& q) {
      for (TermId t : {q.s, q.o}) {
        if (!is_blank(t)) continue;
        auto [it, fresh] = graph_of.emplace(t, q.g);
        if (!fresh && it->second != q.g) shared_.insert(t);
      }
      if (is_blank(q.g)) shared_.insert(q.g);
    });
  }

  void write_graph(TermId g, const std::string& indent) {
    by_subject_.clear();
    refs_.clear();
    done_.clear();
    st_.for_each(QuadPattern{kAny, kAny, kAny, g}, [&](const Quad& q) {
      by_subject_[q.s].push_back(q);
      if (is_blank(q.o)) ++refs_[q.o];
    });
    std::vector<TermId> top;
    for (const auto& [s, quads] : by_subject_) {
      if (!inlineable(s)) top.push_back(s);
    }
    sort_terms(top);
    for (TermId s : top) write_subject(s, indent);
    // Blank nodes only reachable through a cycle of single references: break the cycle.
    std::vector<TermId> rest;
    for (const auto& [s, quads] : by_subject_) {
      if (!done_.count(s)) rest.push_back(s);
    }
    sort_terms(rest);
    for (TermId s : rest) {
      if (done_.count(s)) continue;
      refs_[s] = 2;  // now referenced by label
      write_subject(s, indent);
    }
  }

  std::string& out() { return out_; }

  void write_label(TermId g) { term(g, false, ""); }

 private:
  bool inlineable(TermId t) const {
    if (!is_blank(t) || shared_.count(t)) return false;
    auto it = refs_.find(t);
    return it != refs_.end() && it->second == 1;
  }

  // Sort key: the term's text; blank nodes after IRIs, keyed by their outgoing triples.
  std::string key(TermId t) {
    if (!is_blank(t)) {
      std::string k = is_literal(t) ? "2" : "0";
      append_ntriples(k, st_.term(t));
      return k;
    }
    std::string k = "1";
    auto it = by_subject_.find(t);
    if (it != by_subject_.end()) {
      for (const Quad& q : it->second) {
        append_ntriples(k, st_.term(q.p));
        if (!is_blank(q.o)) append_ntriples(k, st_.term(q.o));
      }
    }
    return k;
  }

  void sort_terms(std::vector<TermId>& ts) {
    std::vector<std::pair<std::string, TermId>> keyed;
    for (TermId t : ts) keyed.emplace_back(key(t), t);
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < ts.size(); ++i) ts[i] = keyed[i].second;
  }

  void write_subject(TermId s, const std::string& indent) {
    done_.insert(s);
    out_ += indent;
    term(s, false, indent);
    out_ += ' ';
    predicate_objects(s, indent + "    ");
    out_ += " .\n";
  }

  void predicate_objects(TermId s, const std::string& indent) {
    std::map<TermId, std::vector<TermId>> by_pred;
    for (const Quad& q : by_subject_[s]) by_pred[q.p].push_back(q.o);
    std::vector<TermId> preds;
    for (const auto& [p, objs] : by_pred) preds.push_back(p);
    sort_terms(preds);
    auto type_it = std::find(preds.begin(), preds.end(), type_);
    if (type_it != preds.end()) std::rotate(preds.begin(), type_it, type_it + 1);
    bool first = true;
    for (TermId p : preds) {
      if (!first) out_ += " ;\n" + indent;
      first = false;
      term(p, true, indent);
      std::vector<TermId>& objs = by_pred[p];
      sort_terms(objs);
      for (size_t i = 0; i < objs.size(); ++i) {
        out_ += i == 0 ? " " : ", ";
        term(objs[i], false, indent);
      }
    }
  }

  // A well-formed list starting at `head`: each node inlineable with exactly rdf:first and
  // rdf:rest, ending in rdf:nil.
  bool list_items(TermId head, std::vector<TermId>& items) {
    if (first_ == kNoTerm) return false;
    for (TermId n = head; n != nil_;) {
      if (!inlineable(n)) return false;
      auto it = by_subject_.find(n);
      if (it == by_subject_.end() || it->second.size() != 2) return false;
      TermId item = kNoTerm, next = kNoTerm;
      for (const Quad& q : it->second) {
        if (q.p == first_) item = q.o;
        if (q.p == rest_) next = q.o;
      }
      if (item == kNoTerm || next == kNoTerm) return false;
      if (std::find(items.begin(), items.end(), n) != items.end()) return false;
      items.push_back(item);
      list_nodes_.push_back(n);
      n = next;
    }
    return true;
  }

  void term(TermId t, bool predicate, const std::string& indent) {
    if (predicate && t == type_) {
      out_ += 'a';
      return;
    }
    if (is_blank(t)) {
      if (!predicate && inlineable(t) && !done_.count(t)) {
        done_.insert(t);
        std::vector<TermId> items;
        list_nodes_.clear();
        if (list_items(t, items)) {
          for (TermId n : list_nodes_) done_.insert(n);
          out_ += '(';
          for (TermId item : items) {
            out_ += ' ';
            term(item, false, indent);
          }
          out_ += " )";
          return;
        }
        if (by_subject_.find(t) == by_subject_.end()) {
          out_ += "[]";
          return;
        }
        out_ += "[\n" + indent + "    ";
        predicate_objects(t, indent + "    ");
        out_ += "\n" + indent + "]";
        return;
      }
      auto [it, fresh] = labels_.emplace(t, labels_.size());
      out_ += "_:b" + std::to_string(it->second);
      return;
    }
    TermRef r = st_.term(t);
    if (r.kind == TermKind::Iri) {
      iri(r.value);
      return;
    }
    if (r.lang.empty()) {
      std::string_view dt = r.datatype;
      if ((dt == vocab::kXsdInteger && is_integer(r.value)) ||
          (dt == vocab::kXsdDecimal && is_decimal(r.value)) ||
          (dt == vocab::kXsdDouble && is_double(r.value)) ||
          (dt == vocab::kXsdBoolean && (r.value == "true" || r.value == "false"))) {
        out_ += r.value;
        return;
      }
      if (dt != vocab::kXsdString) {
        append_ntriples(out_, TermRef::literal(r.value));
        out_ += "^^";
        iri(dt);
        return;
      }
    }
    append_ntriples(out_, r);
  }

  void iri(std::string_view v) {
    const std::string* best_name = nullptr;
    size_t best_len = 0;
    for (const auto& [name, ns] : prefixes_) {
      if (ns.size() > best_len && v.starts_with(ns) && is_simple_local(v.substr(ns.size()))) {
        best_name = &name;
        best_len = ns.size();
      }
    }
    if (best_name) {
      out_ += *best_name;
      out_ += ':';
      out_ += v.substr(best_len);
    } else {
      append_ntriples(out_, TermRef::iri(v));
    }
  }

  const Store& st_;
  std::map<std::string, std::string> prefixes_;
  TermId type_, first_, rest_, nil_;
  std::string out_;
  std::unordered_map<TermId, std::vector<Quad>> by_subject_;
  std::unordered_map<TermId, int> refs_;
  std::unordered_set<TermId> done_, shared_;
  std::unordered_map<TermId, size_t> labels_;
  std::vector<TermId> list_nodes_;
};

}  // namespace

std::string write_turtle(const Store& store, const WriteOptions& options, TermId graph) {
  TurtleWriter w(store, options);
  w.write_prefixes();
  w.write_graph(graph, "");
  return std::move(w.out());
}

std::string write_trig(const Store& store, const WriteOptions& options) {
  TurtleWriter w(store, options);
  w.write_prefixes();
  w.scan_dataset();
  w.write_graph(kDefaultGraph, "");
  std::vector<TermId> graphs = store.graph_names();
  // Graph order by name text, for output independent of ids.
  std::vector<std::pair<std::string, TermId>> named;
  for (TermId g : graphs) named.emplace_back(to_ntriples(store.term(g)), g);
  std::sort(named.begin(), named.end());
  for (const auto& [text, g] : named) {
    if (!w.out().empty()) w.out() += '\n';
    w.write_label(g);
    w.out() += " {\n";
    w.write_graph(g, "    ");
    w.out() += "}\n";
  }
  return std::move(w.out());
}

}  // namespace ggen::rdf
