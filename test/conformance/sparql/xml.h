#pragma once
// A minimal XML reader for the result files of the test suite (.srx and RDF/XML result sets):
// elements, attributes, text, the five predefined entities and numeric references. No DTDs.
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sparql_conf {

struct XmlNode {
  std::string name;  // local name (prefix dropped)
  std::string qname;
  std::map<std::string, std::string> attrs;  // by qualified name
  std::vector<std::unique_ptr<XmlNode>> kids;
  std::string text;  // concatenated character data

  const XmlNode* child(const std::string& local) const;
  std::vector<const XmlNode*> children(const std::string& local) const;
  // Attribute by local name (any prefix), or nullptr.
  const std::string* attr(const std::string& local) const;
};

// Throws std::runtime_error on malformed input.
std::unique_ptr<XmlNode> parse_xml(const std::string& text);

}  // namespace sparql_conf
