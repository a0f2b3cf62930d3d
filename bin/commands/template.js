'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ggen = require('../../lib');
const { renderReport } = require('../cli/report');
const { controlFlags, controlOptions } = require('../cli/control');

const generationFlags = {
  var: { type: 'list', value: 'name=value', description: 'set a variable (repeatable; the value may contain , and =)' },
  vars: { type: 'list', value: 'file', description: 'variables from a JSON or YAML file (repeatable)' },
  data: { type: 'list', short: 'd', value: 'graph', description: 'an RDF file every template sees (.ttl .trig .nt .nq; repeatable)' },
  force: { type: 'boolean', short: 'f', description: 'overwrite files ggen did not generate, or that were edited since' },
  'dry-run': { type: 'boolean', short: 'n', description: 'print the plan and a unified diff; write nothing' },
  check: { type: 'boolean', description: 'exit 1 listing the files that would change (for CI)' },
  'allow-shell': { type: 'boolean', description: 'run the templates\' sh_before/sh_after commands' },
  ...controlFlags,
  'trim-blocks': { type: 'boolean', description: 'drop the newline after a block tag' },
  'lstrip-blocks': { type: 'boolean', description: 'strip whitespace before a block tag at the start of a line' },
};

function generationOptions(opts, ctx) {
  return {
    signal: ctx.signal,
    onProgress: ctx.progress ? ctx.progress.onProgress : undefined,
    varAssignments: opts.var,
    varsFiles: opts.vars,
    data: opts.data,
    force: opts.force,
    dryRun: opts.dryRun,
    check: opts.check,
    allowShell: opts.allowShell,
    ...controlOptions(opts),
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

const engineFlags = {
  'trim-blocks': generationFlags['trim-blocks'],
  'lstrip-blocks': generationFlags['lstrip-blocks'],
  autoescape: { type: 'boolean', description: 'escape HTML in every output (default: only *.html/*.htm/*.xml templates)' },
};

const dirFlag = { type: 'string', value: 'dir', description: 'templates folder for include/extends/import (default: the template\'s folder)' };

function readContext(spec, ctx) {
  if (spec === undefined) return Promise.resolve({});
  const where = spec === '-' ? 'stdin' : spec;
  const text = spec === '-' ? readStdin() : fs.promises.readFile(path.resolve(ctx.cwd, spec), 'utf8');
  return text.then(
    (t) => {
      let value;
      try {
        value = JSON.parse(t);
      } catch (err) {
        throw new ggen.GgenError('E_INVALID_ARGUMENT', `the context in ${where} is not valid JSON: ${err.message}`, { hint: 'pass a JSON object, e.g. {"name": "x"}' });
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new ggen.GgenError('E_INVALID_ARGUMENT', `the context in ${where} must be a JSON object`);
      }
      return value;
    },
    (err) => {
      if (err instanceof ggen.GgenError) throw err;
      throw new ggen.GgenError(err.code === 'ENOENT' ? 'E_NOT_FOUND' : 'E_IO', `cannot read the context file ${where}: ${err.message}`);
    },
  );
}

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

const render = {
  summary: 'render a template file (frontmatter stripped) and print the output',
  args: [{ name: 'file', required: true, description: 'the template' }],
  flags: {
    dir: dirFlag,
    context: { type: 'string', short: 'c', value: 'file|-', description: 'context JSON object (`-`: read it from stdin); over the frontmatter\'s vars' },
    data: { type: 'list', short: 'd', value: 'graph', description: 'an RDF file the frontmatter\'s queries run over (repeatable; with the frontmatter\'s rdf:)' },
    ...engineFlags,
  },
  examples: ['ggen template render templates/page.tmpl --context ctx.json', 'echo \'{"name":"x"}\' | ggen template render t.tmpl --context -'],
  async run(opts, ctx) {
    const context = await readContext(opts.context, ctx);
    const output = await ggen.renderTemplate(opts.file, {
      cwd: ctx.cwd, dir: opts.dir, context, data: opts.data, signal: ctx.signal,
      trimBlocks: opts.trimBlocks, lstripBlocks: opts.lstripBlocks, ...(opts.autoescape ? { autoescape: true } : {}),
    });
    return { file: opts.file, output };
  },
  render(r, out) {
    out.stdout.write(r.output);
  },
};

// Compiler-style report of one diagnostic: severity[CODE]: message / --> file:line:col / the line
// with carets / = hint.
function renderDiagnostic(d, out, cwd) {
  const e = (s, t) => out.paint(s, t, true);
  const label = d.severity === 'error' ? e('red', `error[${d.code}]`) : e('yellow', `warning[${d.code}]`);
  let text = `${label}: ${e('bold', d.message)}\n  ${e('cyan', '-->')} ${d.file}:${d.line}:${d.column}\n`;
  const src = lineOf(path.resolve(cwd, d.file), d.line);
  if (src !== null) {
    const num = String(d.line);
    const pad = ' '.repeat(num.length);
    const width = d.endLine === d.line && d.endColumn > d.column ? d.endColumn - d.column : 1;
    const lead = src.slice(0, d.column - 1).replace(/[^\t]/g, ' ');
    text += `${pad} ${e('cyan', '|')}\n${e('cyan', num)} ${e('cyan', '|')} ${src}\n${pad} ${e('cyan', '|')} ${lead}${e(d.severity === 'error' ? 'red' : 'yellow', '^'.repeat(width))}\n`;
  }
  if (d.hint) text += `  ${e('cyan', '=')} hint: ${d.hint}\n`;
  out.stderr.write(text);
}

const sourceCache = new Map();
function lineOf(file, line) {
  if (!sourceCache.has(file)) {
    try {
      sourceCache.set(file, fs.readFileSync(file, 'utf8').split(/\r?\n/));
    } catch {
      sourceCache.set(file, null);
    }
  }
  const lines = sourceCache.get(file);
  return lines && line >= 1 && line <= lines.length ? lines[line - 1] : null;
}

const lint = {
  summary: 'check templates: frontmatter, template syntax, SPARQL queries, undeclared variables',
  args: [{ name: 'templates', variadic: true, description: 'template files or folders (default: templates/)' }],
  flags: { dir: dirFlag },
  examples: ['ggen template lint templates/', 'ggen template lint templates/model.tmpl --json   # for editors'],
  run(opts, ctx) {
    const paths = opts.templates.length ? opts.templates : ['templates'];
    return ggen.lint(paths, { cwd: ctx.cwd, dir: opts.dir, signal: ctx.signal });
  },
  render(r, out) {
    for (const d of r.diagnostics) {
      if (d.severity === 'warning' && out.quiet) continue;
      renderDiagnostic(d, out, process.cwd());
    }
    const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = r.diagnostics.length - errors;
    const files = r.files.length;
    const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;
    if (errors || warnings) out.stderr.write(`${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'template')}\n`);
    else out.line(`${plural(files, 'template')} checked: no problems`);
  },
  exitCode: (r) => (r.diagnostics.some((d) => d.severity === 'error') ? 1 : 0),
};

const list = {
  summary: 'list the templates of a folder (recursively) with their descriptions',
  flags: { dir: { type: 'string', value: 'dir', description: 'the templates folder (default: templates)' } },
  run: (opts, ctx) => ggen.template.list({ cwd: ctx.cwd, dir: opts.dir, signal: ctx.signal }),
  render(r, out) {
    if (r.templates.length === 0) {
      out.line(`no templates in ${path.relative(process.cwd(), r.dir) || '.'}`);
      return;
    }
    const width = Math.max(...r.templates.map((t) => t.path.length));
    for (const t of r.templates) {
      const desc = t.error ? out.paint('red', `(${t.error.code}: ${t.error.message})`) : out.paint('dim', t.description);
      out.data(`${t.path.padEnd(width)}  ${desc}`.trimEnd());
    }
  },
};

const show = {
  summary: 'show a template: its frontmatter, queries and the variables it reads',
  args: [{ name: 'template', required: true, description: 'the template file' }],
  flags: { dir: dirFlag },
  run: (opts, ctx) => ggen.template.show(opts.template, { cwd: ctx.cwd, dir: opts.dir, signal: ctx.signal }),
  render(r, out) {
    const p = r.parsed;
    out.data(out.paint('bold', r.file));
    if (p) {
      if (p.description) out.data(`  description: ${p.description}`);
      if (p.to) out.data(`  to:          ${p.to.value}`);
      if (p.from) out.data(`  from:        ${p.from.value}`);
      if (p.matrix) out.data(`  matrix:      ${p.matrix}`);
      if (p.tags.length) out.data(`  tags:        ${p.tags.join(', ')}`);
      const vars = Object.keys(p.vars);
      if (vars.length) out.data(`  vars:        ${vars.map((k) => `${k}=${JSON.stringify(p.vars[k])}`).join(', ')}`);
    } else if (r.hasFrontmatter) {
      out.data('  frontmatter: invalid (run `ggen template lint` for the details)');
    }
    out.data(`  variables:   ${r.variables.length ? r.variables.join(', ') : '(none)'}`);
    for (const q of r.queries) {
      out.data(`  query ${q.name} (line ${q.line}):`);
      out.data(q.text.replace(/\s+$/, '').split('\n').map((l) => `    ${l}`).join('\n'));
    }
    const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
    if (r.diagnostics.length) out.data(`  problems:    ${errors} error(s), ${r.diagnostics.length - errors} warning(s) (\`ggen template lint ${r.file}\`)`);
  },
};

const create = {
  summary: 'write a starter template that lints clean and generates (never overwrites)',
  args: [{ name: 'name', required: true, description: 'template name (.tmpl is added unless it has a template extension)' }],
  flags: { dir: { type: 'string', value: 'dir', description: 'the templates folder (default: templates)' } },
  examples: ['ggen template new model', 'ggen template new api/handler.tera --dir src/templates'],
  run: (opts, ctx) => ggen.template.create(opts.name, { cwd: ctx.cwd, dir: opts.dir }),
  render(r, out) {
    out.line(`${out.paint('green', 'create   ')} ${r.file}`);
    out.line(`try it: ggen template generate -t ${r.file} --dry-run`);
  },
};

const generateTree = {
  summary: 'render a file-tree spec (YAML: name, variables, defaults, tree) into a folder',
  args: [{ name: 'spec', required: true, description: 'the YAML tree spec' }],
  flags: {
    output: { type: 'string', short: 'o', value: 'dir', description: 'output root (default: .)' },
    var: generationFlags.var,
    vars: generationFlags.vars,
    force: generationFlags.force,
    'dry-run': generationFlags['dry-run'],
    check: generationFlags.check,
  },
  examples: ['ggen template generate-tree service.yaml --var name=billing -o services'],
  run: (opts, ctx) => ggen.generateTree(opts.spec, { ...generationOptions(opts, ctx), root: ctx.cwd, output: opts.output || '.' }),
  render: renderReport,
  exitCode: (r) => (r.mode === 'check' && r.changed.length > 0 ? 1 : 0),
};

module.exports = {
  description: 'render, generate from, lint, list and scaffold templates',
  verbs: { generate, 'generate-tree': generateTree, render, lint, list, show, new: create },
  generationFlags,
  generationOptions,
  renderDiagnostic,
};
