'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ggen = require('../../lib');
const { renderReport, renderOutputs, summary, colourDiff } = require('../cli/report');
const { generationFlags, generationOptions, renderDiagnostic } = require('./template');
const { controlFlags, controlOptions } = require('../cli/control');
const { UsageError } = require('../cli/usage-error');
const { watchPrinter } = require('../cli/watch-report');

const projectFlags = {
  output: { type: 'string', short: 'o', value: 'dir', description: 'output root (default: ggen.toml\'s generate.output)' },
  ...generationFlags,
};

const init = {
  summary: 'create ggen.toml, graphs/ and templates/ with a small working example',
  args: [{ name: 'dir', description: 'where (default: the current folder)' }],
  flags: { name: { type: 'string', description: 'project name (default: the folder name)' } },
  async run(opts, ctx) {
    const dir = path.resolve(ctx.cwd, opts.dir || '.');
    return ggen.project.init(dir, { name: opts.name });
  },
  render(r, out) {
    for (const f of r.written) out.line(`${out.paint('green', 'create   ')} ${f}`);
    out.line(`project ${r.name} ready: run \`ggen project gen\`${r.root !== process.cwd() ? ` in ${r.root}` : ''}`);
  },
};

const gen = {
  summary: 'generate every template of the project over its graphs (ggen.toml is found upward)',
  args: [{ name: 'dir', description: 'a folder inside the project (default: the current folder)' }],
  examples: ['ggen project gen', 'ggen project gen --cache', 'ggen project gen --dry-run', 'ggen project gen --check   # in CI'],
  flags: {
    ...projectFlags,
    cache: { type: 'boolean', description: 'reuse work between runs through .ggen/cache/ (see docs/caching.md)' },
  },
  run: (opts, ctx) => ggen.generate({ ...generationOptions(opts, ctx), root: ctx.cwd, project: opts.dir || '.', output: opts.output, cache: opts.cache }),
  render(r, out) {
    renderReport(r, out);
    for (const w of r.cacheWarnings || []) out.warn(w);
  },
  exitCode: (r) => (r.mode === 'check' && r.changed.length > 0 ? 1 : 0),
};

const plan = {
  summary: 'write the plan (actions, exact bytes, hashes of every input and target) to a file',
  args: [{ name: 'dir', description: 'a folder inside the project (default: the current folder)' }],
  flags: {
    out: { type: 'string', short: 'o', value: 'file', description: 'where to write the plan (default: print it)' },
    ...generationFlags,
  },
  async run(opts, ctx) {
    const p = await ggen.plan({ ...generationOptions(opts, ctx), root: ctx.cwd, project: opts.dir || '.' });
    if (opts.out) {
      const target = path.resolve(ctx.cwd, opts.out);
      const tmp = `${target}.${process.pid}.tmp`;
      const { diff, ...saved } = p;
      fs.writeFileSync(tmp, `${JSON.stringify(saved, null, 2)}\n`);
      fs.renameSync(tmp, target);
      return { written: opts.out, plan: summaryOf(p) };
    }
    return p;
  },
  render(r, out) {
    if (r.written) {
      renderOutputs(r.plan, out, { showUnchanged: false });
      out.line(`plan: ${summary(r.plan)}; written to ${r.written}; apply it with \`ggen project apply ${r.written}\``);
    } else {
      out.data(JSON.stringify(r, null, 2));
    }
  },
};

function summaryOf(p) {
  return { summary: p.summary, outputs: p.outputs.map(({ content, ...o }) => o) };
}

const apply = {
  summary: 'apply a saved plan, refusing if any input or target changed since it was made',
  args: [{ name: 'plan', required: true, description: 'the plan file from `ggen project plan -o`' }],
  flags: {},
  async run(opts, ctx) {
    const file = path.resolve(ctx.cwd, opts.plan);
    let saved;
    try {
      saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ggen.GgenError(err.code === 'ENOENT' ? 'E_NOT_FOUND' : 'E_INVALID_ARGUMENT', `cannot read the plan ${opts.plan}: ${err.message}`, { hint: 'create one with `ggen project plan -o plan.json`' });
    }
    return ggen.apply(saved, { signal: ctx.signal });
  },
  render(r, out) {
    renderOutputs(r.plan, out);
    out.line(`applied: ${summary(r.plan)}`);
  },
};

const diff = {
  summary: 'show what regeneration would change against what is on disk (catches hand edits)',
  args: [{ name: 'dir', description: 'a folder inside the project (default: the current folder)' }],
  flags: {
    stat: { type: 'boolean', description: 'a per-file summary instead of the full diff' },
    ...generationFlags,
  },
  run: (opts, ctx) => ggen.generate({ ...generationOptions(opts, ctx), root: ctx.cwd, project: opts.dir || '.', dryRun: true, force: true }),
  render(r, out, opts) {
    const text = opts.stat ? r.stat : r.diff;
    if (text) out.data(colourDiff(text, out));
    else out.line('no differences');
  },
  exitCode: (r) => (r.changed.length > 0 ? 1 : 0),
};

const validate = {
  summary: 'check everything `gen` would use (ggen.toml, graphs, frontmatter, templates, SPARQL, variables); write nothing',
  args: [{ name: 'dir', description: 'a folder inside the project (default: the current folder)' }],
  flags: {
    var: generationFlags.var,
    vars: generationFlags.vars,
    data: generationFlags.data,
    'allow-shell': { type: 'boolean', description: 'accept templates with sh_before/sh_after (an error without it, as in gen)' },
    jobs: { ...controlFlags.jobs, description: 'templates checked in parallel (default: runtime threads)' },
    timeout: controlFlags.timeout,
    metrics: controlFlags.metrics,
  },
  examples: ['ggen project validate', 'ggen project validate --json   # for editors and CI'],
  run(opts, ctx) {
    const { jobs, timeout } = controlOptions(opts);
    return ggen.validate({ root: ctx.cwd, project: opts.dir || '.', varAssignments: opts.var, varsFiles: opts.vars, data: opts.data, allowShell: opts.allowShell, jobs, timeout, signal: ctx.signal, onProgress: ctx.progress ? ctx.progress.onProgress : undefined });
  },
  render(r, out) {
    for (const d of r.diagnostics) if (!(d.severity === 'warning' && out.quiet)) renderDiagnostic(d, out, r.root);
    const n = (k, w) => `${k} ${w}${k === 1 ? '' : 's'}`;
    const scope = `${n(r.templates, 'template')}, ${n(r.graphs, 'graph')} (${r.triples} triples), ${n(r.queries, 'query').replace('querys', 'queries')}`;
    if (r.diagnostics.length) out.stderr.write(`${n(r.errors, 'error')}, ${n(r.warnings, 'warning')} in ${scope}\n`);
    else out.line(`valid: ${scope} checked, no problems`);
  },
  exitCode: (r) => (r.ok ? 0 : 1),
};

const create = {
  summary: 'create a project folder from a project template folder (names and .tera/.tmpl files rendered)',
  args: [{ name: 'name', required: true, description: 'the new folder (also the `name` variable)' }],
  flags: {
    from: { type: 'string', value: 'dir', description: 'the project template folder (required)' },
    var: generationFlags.var,
    force: { type: 'boolean', short: 'f', description: 'write into an existing, non-empty folder' },
    'dry-run': generationFlags['dry-run'],
  },
  examples: ['ggen project new billing --from ~/templates/service --var owner=team-a'],
  async run(opts, ctx) {
    if (!opts.from) throw new UsageError('`ggen project new` needs --from <template folder>', 'pass --from <folder>');
    return ggen.project.create(opts.name, { root: ctx.cwd, from: opts.from, varAssignments: opts.var, force: opts.force, dryRun: opts.dryRun, signal: ctx.signal });
  },
  render: renderReport,
};

const watch = {
  summary: 'regenerate on every save of a template, a graph or ggen.toml, until Ctrl-C',
  args: [{ name: 'dir', description: 'a folder inside the project (default: the current folder)' }],
  flags: {
    output: projectFlags.output,
    debounce: { type: 'number', value: 'ms', description: 'quiet window after a burst of saves (default 50)' },
    var: generationFlags.var,
    vars: generationFlags.vars,
    force: generationFlags.force,
    'allow-shell': generationFlags['allow-shell'],
  },
  examples: ['ggen project watch', 'ggen project watch --json | jq -c .event'],
  async run(opts, ctx) {
    const print = watchPrinter(ctx.out, ctx.json);
    const handle = ggen.watch({ root: ctx.cwd, project: opts.dir || '.', output: opts.output, debounce: opts.debounce, varAssignments: opts.var, varsFiles: opts.vars, force: opts.force, allowShell: opts.allowShell });
    for (const event of ['change', 'generated', 'error']) handle.on(event, print[event]);
    print.ready(await handle.ready);
    if (!ctx.signal.aborted) await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
    await handle.close();
    print.closed();
  },
  exitCode: () => 130, // it only ends when interrupted
};

module.exports = { description: 'project-wide generation from ggen.toml', verbs: { init, new: create, gen, plan, apply, diff, watch, validate } };
