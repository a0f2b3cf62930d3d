#include "ggen/yaml/node.h"

#include <fmt/format.h>

#include "ggen/error/error.h"

namespace ggen::yaml {

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return "int";
    case Kind::kFloat:
      return "float";
    case Kind::kString:
      return "string";
    case Kind::kSequence:
      return "sequence";
    case Kind::kMapping:
      return "mapping";
  }
  return "?";
}

Node Node::null(Mark mark) {
  Node n;
  n.mark_ = mark;
  return n;
}

Node Node::boolean(bool v, Mark mark) {
  Node n = null(mark);
  n.kind_ = Kind::kBool;
  n.bool_ = v;
  n.text_ = v ? "true" : "false";
  return n;
}

Node Node::integer(std::int64_t v, Mark mark) {
  Node n = null(mark);
  n.kind_ = Kind::kInt;
  n.int_ = v;
  n.text_ = std::to_string(v);
  return n;
}

Node Node::floating(double v, Mark mark) {
  Node n = null(mark);
  n.kind_ = Kind::kFloat;
  n.float_ = v;
  n.text_ = fmt::format("{}", v);
  return n;
}

Node Node::string(std::string v, Mark mark, bool quoted) {
  Node n = null(mark);
  n.kind_ = Kind::kString;
  n.quoted_ = quoted;
  n.text_ = std::move(v);
  return n;
}

Node Node::sequence(Mark mark) {
  Node n = null(mark);
  n.kind_ = Kind::kSequence;
  return n;
}

Node Node::mapping(Mark mark) {
  Node n = null(mark);
  n.kind_ = Kind::kMapping;
  return n;
}

void Node::expect(Kind kind) const {
  if (kind_ == kind) return;
  raise(Error(std::string(ggen::codes::kInternal),
              fmt::format("yaml node at {}:{} is a {}, not a {}", mark_.line, mark_.column,
                          yaml::kind_name(kind_), yaml::kind_name(kind))));
}

bool Node::as_bool() const {
  expect(Kind::kBool);
  return bool_;
}

std::int64_t Node::as_int() const {
  expect(Kind::kInt);
  return int_;
}

double Node::as_float() const {
  if (kind_ == Kind::kInt) return static_cast<double>(int_);
  expect(Kind::kFloat);
  return float_;
}

const std::string& Node::as_string() const {
  expect(Kind::kString);
  return text_;
}

const std::vector<Node>& Node::items() const {
  expect(Kind::kSequence);
  return items_;
}

std::vector<Node>& Node::items() {
  expect(Kind::kSequence);
  return items_;
}

void Node::push_back(Node item) {
  items().push_back(std::move(item));
}

const std::vector<Node::Entry>& Node::entries() const {
  expect(Kind::kMapping);
  return entries_;
}

std::vector<Node::Entry>& Node::entries() {
  expect(Kind::kMapping);
  return entries_;
}

void Node::add(Node key, Node value) {
  entries().push_back(Entry{std::move(key), std::move(value)});
}

const Node::Entry* Node::find_entry(std::string_view key) const {
  if (kind_ != Kind::kMapping) return nullptr;
  for (const Entry& e : entries_) {
    if (e.key.text_ == key) return &e;
  }
  return nullptr;
}

const Node* Node::find(std::string_view key) const {
  const Entry* e = find_entry(key);
  return e ? &e->value : nullptr;
}

Node* Node::find(std::string_view key) {
  return const_cast<Node*>(static_cast<const Node*>(this)->find(key));
}

std::size_t Node::size() const {
  if (kind_ == Kind::kSequence) return items_.size();
  if (kind_ == Kind::kMapping) return entries_.size();
  return 0;
}

bool Node::operator==(const Node& o) const {
  if (kind_ != o.kind_) return false;
  switch (kind_) {
    case Kind::kNull:
      return true;
    case Kind::kBool:
      return bool_ == o.bool_;
    case Kind::kInt:
      return int_ == o.int_;
    case Kind::kFloat:
      return float_ == o.float_ || (float_ != float_ && o.float_ != o.float_);  // nan == nan
    case Kind::kString:
      return text_ == o.text_;
    case Kind::kSequence:
      return items_ == o.items_;
    case Kind::kMapping:
      if (entries_.size() != o.entries_.size()) return false;
      for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (entries_[i].key.text_ != o.entries_[i].key.text_) return false;
        if (!(entries_[i].value == o.entries_[i].value)) return false;
      }
      return true;
  }
  return false;
}

nlohmann::ordered_json Node::to_json() const {
  switch (kind_) {
    case Kind::kNull:
      return nullptr;
    case Kind::kBool:
      return bool_;
    case Kind::kInt:
      return int_;
    case Kind::kFloat:
      return float_;
    case Kind::kString:
      return text_;
    case Kind::kSequence: {
      auto out = nlohmann::ordered_json::array();
      for (const Node& item : items_) out.push_back(item.to_json());
      return out;
    }
    case Kind::kMapping: {
      auto out = nlohmann::ordered_json::object();
      for (const Entry& e : entries_) out[e.key.text_] = e.value.to_json();
      return out;
    }
  }
  return nullptr;
}

}  // namespace ggen::yaml
