'use strict';
const ggen = require('../../lib');

const create = {
  summary: 'scaffold a new pack: ggen-pack.toml, templates/hello.tmpl, README.md',
  args: [{ name: 'id', required: true, description: 'the pack id (a-z 0-9 - . _)' }],
  flags: { dir: { type: 'string', value: 'dir', description: 'where to create it (default: ./<id>)' } },
  examples: ['ggen pack new rust-models', 'ggen pack new rust-models --dir packs/rust'],
  run: (opts, ctx) => ggen.pack.create(opts.id, { dir: opts.dir, cwd: ctx.cwd, signal: ctx.signal }),
  render(r, out) {
    for (const f of r.files) out.line(`created ${r.dir}/${f}`);
    out.line(`next: edit ${r.dir}/ggen-pack.toml, then \`ggen pack lint ${r.dir}\``);
  },
};

const lint = {
  summary: 'check a pack: manifest keys and types, versions and ranges, the files it names',
  args: [{ name: 'dir', description: 'the pack folder (default: .)' }],
  flags: {},
  examples: ['ggen pack lint', 'ggen pack lint packs/rust --json'],
  run: (opts, ctx) => ggen.pack.lint(opts.dir || '.', { cwd: ctx.cwd, signal: ctx.signal }),
  render(r, out) {
    for (const i of r.issues) {
      const where = i.file ? ` (${i.file}${i.line ? `:${i.line}:${i.column}` : ''})` : '';
      const label = i.severity === 'error' ? out.paint('red', `error[${i.code}]`) : out.paint('yellow', `warning[${i.code}]`);
      out.stderr.write(`${label}: ${i.message}${where}\n${i.hint ? `  = hint: ${i.hint}\n` : ''}`);
    }
    if (r.ok) out.line(`${r.id}@${r.version}: ok (${r.files.length} files)`);
  },
  exitCode: (r) => (r.ok ? 0 : 1),
};

module.exports = { description: 'reusable template packs (ggen-pack.toml)', verbs: { new: create, lint } };
