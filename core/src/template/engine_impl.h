#pragma once
#include <map>
#include <memory>
#include <string>

#include "ggen/template/engine.h"
#include "template/ast.h"

namespace ggen::tmpl {

struct TemplateRec {
  std::string name;
  std::shared_ptr<const Ast> ast;
};

struct Engine::Impl {
  Options options;
  std::map<std::string, TemplateRec, std::less<>> templates;
  std::map<std::string, Function, std::less<>> functions;
  std::map<std::string, FilterFunction, std::less<>> filters;
  std::map<std::string, TestFunction, std::less<>> tests;

  const TemplateRec* find(std::string_view name) const {
    auto it = templates.find(name);
    return it == templates.end() ? nullptr : &it->second;
  }
};

// Names within edit distance for "did you mean" hints, best first.
std::vector<std::string> suggest(std::string_view wrong,
                                 const std::vector<std::string>& candidates);
std::string did_you_mean(std::string_view wrong, const std::vector<std::string>& candidates);

}  // namespace ggen::tmpl
