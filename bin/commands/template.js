'use strict';
const path = require('node:path');
const ggen = require('../../lib');
const { renderReport } = require('../cli/report');

const generationFlags = {
  var: { type: 'list', value: 'name=value', description: 'set a variable (repeatable; the value may contain , and =)' },
  vars: { type: 'list', value: 'file', description: 'variables from a JSON or YAML file (repeatable)' },
  data: { type: 'list', short: 'd', value: 'graph', description: 'an RDF file every template sees (.ttl .trig .nt .nq; repeatable)' },
  force: { type: 'boolean', short: 'f', description: 'overwrite files ggen did not generate, or that were edited since' },
  'dry-run': { type: 'boolean', short: 'n', description: 'print the plan and a unified diff; write nothing' },
  check: { type: 'boolean', description: 'exit 1 listing the files that would change (for CI)' },
  'allow-shell': { type: 'boolean', description: 'run the templates\' sh_before/sh_after commands' },
  jobs: { type: 'number', short: 'j', description: 'templates rendered in parallel (default: runtime threads)' },
  'keep-going': { type: 'boolean', description: 'report every failing template instead of stopping at the first' },
  timeout: { type: 'number', value: 'ms', description: 'give up after this many milliseconds' },
  'trim-blocks': { type: 'boolean', description: 'drop the newline after a block tag' },
  'lstrip-blocks': { type: 'boolean', description: 'strip whitespace before a block tag at the start of a line' },
};

function generationOptions(opts, ctx) {
  return {
    signal: ctx.signal,
    varAssignments: opts.var,
    varsFiles: opts.vars,
    data: opts.data,
    force: opts.force,
    dryRun: opts.dryRun,
    check: opts.check,
    allowShell: opts.allowShell,
    jobs: opts.jobs,
    keepGoing: opts.keepGoing,
    timeout: opts.timeout,
    trimBlocks: opts.trimBlocks,
    lstripBlocks: opts.lstripBlocks,
  };
}

const generate = {
  summary: 'render one template (or several) into files',
  flags: {
    template: { type: 'list', short: 't', value: 'file', description: 'the template to run (repeatable)' },
    output: { type: 'string', short: 'o', value: 'dir', description: 'output root (default: .)' },
    dir: { type: 'string', value: 'dir', description: 'templates folder for include/extends (default: the template\'s folder)' },
    ...generationFlags,
  },
  args: [{ name: 'templates', variadic: true, description: 'templates to run (same as -t)' }],
  examples: [
    'ggen template generate -t templates/model.tmpl --var name=User -o src',
    'ggen template generate -t api.tmpl --data domain.ttl --dry-run',
  ],
  async run(opts, ctx) {
    const templates = [...opts.template, ...opts.templates];
    if (templates.length === 0) {
      const { UsageError } = require('../cli/usage-error');
      throw new UsageError('no template given', 'pass -t <template file>');
    }
    return ggen.generate({ ...generationOptions(opts, ctx), root: ctx.cwd, templates, output: opts.output || '.', templatesDir: opts.dir });
  },
  render: renderReport,
  exitCode: (r) => (r.mode === 'check' && r.changed.length > 0 ? 1 : 0),
};

module.exports = {
  description: 'render, generate from, lint, list and scaffold templates',
  verbs: { generate },
  generationFlags,
  generationOptions,
};
