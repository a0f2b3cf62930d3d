// Type definitions for ggen's JavaScript API. Hand-written; kept in step with lib/ (one file per
// area in lib/types/; test/js/types.test.js type-checks a program that uses all of it).

export * from './types/base';
export * from './types/graph';
export * from './types/template';
export * from './types/project';
export * from './types/tools';

import type { version, GgenError, runtime, doctor } from './types/base';
import type { graph } from './types/graph';
import type { template, lint } from './types/template';
import type { generate, plan, apply, generateTree, renderTemplate, validate, metrics, project, watch } from './types/project';
import type { hooks, lifecycle, pack, marketplace } from './types/tools';

declare const ggen: {
  version: typeof version;
  generate: typeof generate;
  plan: typeof plan;
  apply: typeof apply;
  generateTree: typeof generateTree;
  renderTemplate: typeof renderTemplate;
  GgenError: typeof GgenError;
  runtime: typeof runtime;
  doctor: typeof doctor;
  graph: typeof graph;
  template: typeof template;
  lint: typeof lint;
  validate: typeof validate;
  metrics: typeof metrics;
  project: typeof project;
  watch: typeof watch;
  hooks: typeof hooks;
  lifecycle: typeof lifecycle;
  pack: typeof pack;
  marketplace: typeof marketplace;
};
export default ggen;
