'use strict';
// require('ggen'): the Promise API over the native engine. Nothing here prints or exits; the
// addon and its threads are started by the first call that needs them. Each area's module is
// loaded when first read (a CLI command pays only for the areas it uses); the functions and
// namespaces are the same objects on every read.
const { version } = require('./version');
const { GgenError } = require('./errors');

const api = { version, GgenError };
const lazy = {
  runtime: () => require('./runtime'),
  doctor: () => require('./doctor').doctor,
  generate: () => require('./generate').generate,
  plan: () => require('./generate').plan,
  apply: () => require('./generate').apply,
  generateTree: () => require('./generate').generateTree,
  renderTemplate: () => require('./generate').renderTemplate,
  project: () => require('./project'),
  graph: () => require('./graph'),
  template: () => require('./template'),
  lint: () => require('./template').lint,
  validate: () => require('./validate').validate,
  metrics: () => require('./metrics').metrics,
  watch: () => require('./watch').watch,
  hooks: () => require('./hooks'),
  lifecycle: () => require('./lifecycle'),
  pack: () => require('./pack'),
  marketplace: () => require('./marketplace'),
};
for (const [name, load] of Object.entries(lazy)) {
  // The first read loads the module and replaces the getter with the value: later reads (a
  // render loop calling ggen.template.render) are plain property reads.
  Object.defineProperty(api, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value = load();
      Object.defineProperty(api, name, { enumerable: true, configurable: true, writable: false, value });
      return value;
    },
  });
}

module.exports = api;
