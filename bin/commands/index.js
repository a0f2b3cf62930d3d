'use strict';
// The command table: noun -> { description, verbs: { verb -> spec } }. Help, dispatch and shell
// completion all read it. Each noun's module is loaded when first read, so `ggen project gen`
// loads the project commands and what they use, not the marketplace's or the graph's.
const modules = {
  project: './project',
  graph: './graph',
  template: './template',
  hook: './hook',
  lifecycle: './lifecycle',
  completion: './completion',
  pack: './pack',
  marketplace: './marketplace',
  utils: './utils',
};

const commands = {};
for (const [noun, file] of Object.entries(modules)) {
  Object.defineProperty(commands, noun, { enumerable: true, get: () => require(file) });
}

module.exports = { commands };
