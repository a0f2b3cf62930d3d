#pragma once
// File-tree specs: a YAML file that describes a folder tree whose names and contents are
// templates. Paths (`template:`) are relative to the spec file, every ggen filter and function is
// available, and `defaults` count towards the required `variables`.
//
//   name: service
//   description: a minimal service
//   variables: [name]            # required (a default satisfies it)
//   defaults: { port: 8080 }
//   tree:
//     - directory: "{{ name }}"
//       children:
//         - file: README.md
//           content: "# {{ name | title }}\n"
//         - file: src/main.rs
//           template: templates/main.rs.tera
#include <filesystem>

#include "ggen/error/result.h"
#include "ggen/gen/generate.h"

namespace ggen::gen {

inline constexpr std::string_view kTreeSpec = "E_TREE_SPEC";

// Plans the tree described by `spec` into options.output_dir with options.vars (the templates,
// graphs and templates_dir of `options` are ignored).
Result<Plan> plan_tree(const std::filesystem::path& spec, const GenerateOptions& options,
                       const runtime::Context& ctx);

}  // namespace ggen::gen

namespace ggen::gen {

// `ggen project new`: copies the folder `from` into options.output_dir. File and folder names
// are templates; files ending in .tera or .tmpl are rendered (and lose that extension), others
// are copied byte for byte. The variables include `name`.
Result<Plan> plan_scaffold(const std::filesystem::path& from, const GenerateOptions& options,
                           const runtime::Context& ctx);

}  // namespace ggen::gen
