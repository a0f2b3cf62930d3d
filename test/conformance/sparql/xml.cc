#include "sparql/xml.h"

#include <stdexcept>

#include "ggen/text/utf8.h"

namespace sparql_conf {
namespace {

std::string local_of(const std::string& q) {
  size_t c = q.find(':');
  return c == std::string::npos ? q : q.substr(c + 1);
}

std::string decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    size_t e = s.find(';', i);
    if (e == std::string::npos) throw std::runtime_error("bad entity");
    std::string ent = s.substr(i + 1, e - i - 1);
    if (ent == "lt")
      out += '<';
    else if (ent == "gt")
      out += '>';
    else if (ent == "amp")
      out += '&';
    else if (ent == "quot")
      out += '"';
    else if (ent == "apos")
      out += '\'';
    else if (!ent.empty() && ent[0] == '#')
      ggen::text::append_utf8(
          out, static_cast<uint32_t>(ent[1] == 'x' ? std::stoul(ent.substr(2), nullptr, 16)
                                                   : std::stoul(ent.substr(1))));
    else
      throw std::runtime_error("unknown entity &" + ent + ";");
    i = e;
  }
  return out;
}

}  // namespace

const XmlNode* XmlNode::child(const std::string& local) const {
  for (const auto& k : kids)
    if (k->name == local) return k.get();
  return nullptr;
}

std::vector<const XmlNode*> XmlNode::children(const std::string& local) const {
  std::vector<const XmlNode*> out;
  for (const auto& k : kids)
    if (k->name == local) out.push_back(k.get());
  return out;
}

const std::string* XmlNode::attr(const std::string& local) const {
  for (const auto& [k, v] : attrs)
    if (local_of(k) == local || k == local) return &v;
  return nullptr;
}

std::unique_ptr<XmlNode> parse_xml(const std::string& t) {
  auto root = std::make_unique<XmlNode>();
  std::vector<XmlNode*> stack{root.get()};
  size_t i = 0;
  while (i < t.size()) {
    if (t[i] != '<') {
      size_t e = t.find('<', i);
      if (e == std::string::npos) e = t.size();
      stack.back()->text += decode(t.substr(i, e - i));
      i = e;
      continue;
    }
    if (t.compare(i, 4, "<!--") == 0) {
      i = t.find("-->", i) + 3;
      continue;
    }
    if (t.compare(i, 9, "<![CDATA[") == 0) {
      size_t e = t.find("]]>", i);
      stack.back()->text += t.substr(i + 9, e - i - 9);
      i = e + 3;
      continue;
    }
    if (t[i + 1] == '?' || t[i + 1] == '!') {
      i = t.find('>', i) + 1;
      continue;
    }
    if (t[i + 1] == '/') {
      size_t e = t.find('>', i);
      if (stack.size() < 2) throw std::runtime_error("unbalanced close tag");
      stack.pop_back();
      i = e + 1;
      continue;
    }
    size_t j = i + 1;
    while (j < t.size() && !std::isspace(static_cast<unsigned char>(t[j])) && t[j] != '>' &&
           t[j] != '/')
      ++j;
    auto node = std::make_unique<XmlNode>();
    node->qname = t.substr(i + 1, j - i - 1);
    node->name = local_of(node->qname);
    bool self_close = false;
    for (;;) {
      while (j < t.size() && std::isspace(static_cast<unsigned char>(t[j]))) ++j;
      if (j >= t.size()) throw std::runtime_error("unterminated tag");
      if (t[j] == '/') {
        self_close = true;
        j = t.find('>', j) + 1;
        break;
      }
      if (t[j] == '>') {
        ++j;
        break;
      }
      size_t eq = t.find('=', j);
      std::string name = t.substr(j, eq - j);
      while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back())))
        name.pop_back();
      size_t q = eq + 1;
      while (std::isspace(static_cast<unsigned char>(t[q]))) ++q;
      char quote = t[q];
      size_t qe = t.find(quote, q + 1);
      node->attrs[name] = decode(t.substr(q + 1, qe - q - 1));
      j = qe + 1;
    }
    XmlNode* raw = node.get();
    stack.back()->kids.push_back(std::move(node));
    if (!self_close) stack.push_back(raw);
    i = j;
  }
  return root;
}

}  // namespace sparql_conf
