'use strict';
// The command table: noun -> { description, verbs: { verb -> spec } }. Help, dispatch and shell
// completion all read it.
const commands = {
  project: require('./project'),
  graph: require('./graph'),
  template: require('./template'),
  hook: require('./hook'),
  lifecycle: require('./lifecycle'),
  completion: require('./completion'),
  pack: require('./pack'),
  marketplace: require('./marketplace'),
  utils: require('./utils'),
};

module.exports = { commands };
