#include "sparql/rdfxml.h"

#include <map>
#include <stdexcept>

#include "sparql/xml.h"

namespace sparql_conf {
namespace {

const std::string kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

struct Converter {
  std::string base;
  std::map<std::string, std::string> ns;
  std::string out;
  int blank = 0;

  void collect_ns(const XmlNode& n) {
    for (const auto& [k, v] : n.attrs)
      if (k.rfind("xmlns:", 0) == 0)
        ns[k.substr(6)] = v;
      else if (k == "xmlns")
        ns[""] = v;
    for (const auto& kid : n.kids) collect_ns(*kid);
  }

  std::string expand(const std::string& qname) {
    size_t c = qname.find(':');
    std::string prefix = c == std::string::npos ? "" : qname.substr(0, c);
    std::string local = c == std::string::npos ? qname : qname.substr(c + 1);
    return ns[prefix] + local;
  }

  std::string resolve(const std::string& ref) {
    if (ref.find(':') != std::string::npos) return ref;
    if (ref.empty()) return base;
    if (ref[0] == '#') return base.substr(0, base.find('#')) + ref;
    return base.substr(0, base.rfind('/') + 1) + ref;
  }

  static std::string esc(const std::string& s) {
    std::string o;
    for (char c : s) {
      if (c == '"' || c == '\\') o += '\\';
      if (c == '\n') {
        o += "\\n";
        continue;
      }
      o += c;
    }
    return o;
  }

  const std::string* rdf_attr(const XmlNode& n, const std::string& local) {
    for (const auto& [k, v] : n.attrs)
      if (k.find(':') != std::string::npos && expand(k) == kRdf + local) return &v;
    return nullptr;
  }

  // Emits the node's triples and returns its term in N-Triples syntax.
  std::string node(const XmlNode& n) {
    std::string subj;
    if (auto* a = rdf_attr(n, "about"))
      subj = "<" + resolve(*a) + ">";
    else if (auto* id = rdf_attr(n, "ID"))
      subj = "<" + resolve("#" + *id) + ">";
    else if (auto* b = rdf_attr(n, "nodeID"))
      subj = "_:" + *b;
    else
      subj = "_:genid" + std::to_string(++blank);
    if (expand(n.qname) != kRdf + "Description")
      out += subj + " <" + kRdf + "type> <" + expand(n.qname) + "> .\n";
    properties(n, subj);
    return subj;
  }

  void properties(const XmlNode& n, const std::string& subj) {
    for (const auto& pk : n.kids) {
      const XmlNode& p = *pk;
      std::string pred = "<" + expand(p.qname) + ">";
      std::string obj;
      auto* pt = rdf_attr(p, "parseType");
      if (auto* r = rdf_attr(p, "resource")) {
        obj = "<" + resolve(*r) + ">";
      } else if (auto* b = rdf_attr(p, "nodeID")) {
        obj = "_:" + *b;
      } else if (pt && *pt == "Resource") {
        obj = "_:genid" + std::to_string(++blank);
        properties(p, obj);
      } else if (!p.kids.empty()) {
        obj = node(*p.kids[0]);
      } else {
        obj = "\"" + esc(p.text) + "\"";
        if (auto* dt = rdf_attr(p, "datatype"))
          obj += "^^<" + *dt + ">";
        else if (auto* l = p.attr("lang"))
          obj += "@" + *l;
      }
      out += subj + " " + pred + " " + obj + " .\n";
    }
  }
};

}  // namespace

std::string rdfxml_to_ntriples(const std::string& text, const std::string& base) {
  auto doc = parse_xml(text);
  Converter c;
  c.base = base;
  c.collect_ns(*doc);
  const XmlNode* root = doc->child("RDF");
  if (!root) throw std::runtime_error("no rdf:RDF element");
  for (const auto& n : root->kids) c.node(*n);
  return c.out;
}

}  // namespace sparql_conf
