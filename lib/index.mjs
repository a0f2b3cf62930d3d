// ESM wrapper over the CommonJS entry: one implementation, two module systems.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ggen = require('./index.js');

export const { version, GgenError, runtime, doctor, generate, plan, apply, generateTree, renderTemplate, project, graph, template, lint, validate, metrics } = ggen;
export const { watch } = ggen;
export const { hooks, lifecycle } = ggen;
export const { pack, marketplace } = ggen;
export default ggen;
