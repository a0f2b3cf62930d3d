'use strict';
// require('ggen'): the Promise API over the native engine. Nothing here prints or exits; the
// addon and its threads are started by the first call that needs them.
const { version } = require('./version');
const { GgenError } = require('./errors');
const runtime = require('./runtime');
const { doctor } = require('./doctor');
const { generate, plan, apply, generateTree, renderTemplate } = require('./generate');
const project = require('./project');
const { validate } = require('./validate');
const { metrics } = require('./metrics');
const graph = require('./graph');
const template = require('./template');
const { watch } = require('./watch');

module.exports = { version, GgenError, runtime, doctor, generate, plan, apply, generateTree, renderTemplate, project, graph, template, lint: template.lint, validate, metrics };
module.exports.watch = watch;
module.exports.hooks = require('./hooks');
module.exports.lifecycle = require('./lifecycle');
module.exports.pack = require('./pack');
module.exports.marketplace = require('./marketplace');
