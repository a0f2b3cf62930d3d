'use strict';
const ggen = require('../../lib');

const registryFlag = { type: 'string', value: 'folder|url', description: 'the registry (default: [marketplace] registry in ggen.toml)' };
const netFlags = {
  registry: registryFlag,
  'http-timeout': { type: 'number', value: 'ms', description: 'timeout of each HTTP attempt (default 10000)' },
  retries: { type: 'number', description: 'HTTP retries on connection errors and 5xx (default 3)' },
};
const netOptions = (opts, ctx) => ({ cwd: ctx.cwd, signal: ctx.signal, registry: opts.registry, httpTimeout: opts.httpTimeout, retries: opts.retries });

function renderChanges(r, out) {
  if (r.changes.length === 0) out.line('nothing installed');
  for (const c of r.changes) {
    const from = c.from ? ` (from ${c.from})` : '';
    out.line(`${c.action.padEnd(9)} ${c.id}@${c.version}${from}`);
  }
}

const search = {
  summary: 'search a registry: ranked by exact id, name, keywords, then description',
  args: [{ name: 'query', variadic: true, description: 'words to look for (none: every pack)' }],
  flags: netFlags,
  examples: ['ggen marketplace search rust --registry ./registry', 'ggen marketplace search "rust models" --json'],
  run: (opts, ctx) => ggen.marketplace.search(opts.query.join(' '), netOptions(opts, ctx)),
  render(r, out) {
    if (r.results.length === 0) out.line(`no pack matches "${r.query}"`);
    for (const p of r.results) out.data(`${p.id}@${p.version}  ${out.paint('dim', p.description)}`.trimEnd());
  },
};

const info = {
  summary: 'show one pack: versions, sha-256, dependencies, installed version and templates',
  args: [{ name: 'id', required: true, description: 'the pack id' }],
  flags: netFlags,
  examples: ['ggen marketplace info rust-models'],
  run: (opts, ctx) => ggen.marketplace.info(opts.id, netOptions(opts, ctx)),
  render(r, out) {
    out.line(`${r.id} (${r.name}) ${r.license ? `- ${r.license}` : ''}`.trimEnd());
    if (r.description) out.line(r.description);
    if (r.keywords.length) out.line(`keywords: ${r.keywords.join(', ')}`);
    for (const v of r.versions) {
      const deps = Object.entries(v.dependencies).map(([d, range]) => `${d} ${range}`).join(', ');
      out.line(`  ${v.version}  sha256:${v.sha256.slice(0, 16)}…${deps ? `  needs ${deps}` : ''}`);
    }
    out.line(r.installed ? `installed: ${r.installed}` : 'not installed');
    for (const t of r.templates) out.line(`  template ${t}`);
  },
};

const install = {
  summary: 'install a pack and its dependencies into .ggen/packs (verified, atomic) and record ggen.lock',
  args: [{ name: 'spec', required: true, description: '<id> or <id>@<range>' }],
  flags: netFlags,
  examples: ['ggen marketplace install rust-models', 'ggen marketplace install rust-models@^1.2 --registry http://127.0.0.1:8080/'],
  run: (opts, ctx) => ggen.marketplace.install(opts.spec, netOptions(opts, ctx)),
  render: renderChanges,
};

const list = {
  summary: 'list the packs installed in this workspace (from ggen.lock)',
  flags: {},
  examples: ['ggen marketplace list', 'ggen marketplace list --json'],
  run: (opts, ctx) => ggen.marketplace.list({ cwd: ctx.cwd, signal: ctx.signal }),
  render(r, out) {
    if (r.packs.length === 0) out.line('no packs installed');
    for (const p of r.packs) {
      const how = p.requested ? `requested ${p.requested}` : 'dependency';
      out.data(`${p.id}@${p.version}  ${out.paint('dim', how)}${p.present ? '' : out.paint('red', '  (files missing)')}`);
    }
  },
};

const update = {
  summary: 'move installed packs (or one) to the highest versions their ranges allow',
  args: [{ name: 'id', description: 'one pack (default: all)' }],
  flags: netFlags,
  examples: ['ggen marketplace update', 'ggen marketplace update rust-models'],
  run: (opts, ctx) => ggen.marketplace.update(opts.id || '', netOptions(opts, ctx)),
  render: renderChanges,
};

const remove = {
  summary: 'remove an installed pack and the dependencies only it needed',
  args: [{ name: 'id', required: true, description: 'the pack id' }],
  flags: {},
  examples: ['ggen marketplace remove rust-models'],
  run: (opts, ctx) => ggen.marketplace.remove(opts.id, { cwd: ctx.cwd, signal: ctx.signal }),
  render: renderChanges,
};

const publish = {
  summary: 'pack a folder reproducibly and add it to a registry folder (index.json + <id>-<version>.tgz)',
  args: [{ name: 'dir', description: 'the pack folder (default: .)' }],
  flags: { registry: { type: 'string', value: 'folder', description: 'the registry folder to publish into (required)' } },
  examples: ['ggen marketplace publish packs/rust --registry ./registry'],
  run(opts, ctx) {
    if (!opts.registry) {
      const { UsageError } = require('../cli/usage-error');
      throw new UsageError('publish needs --registry <folder>', 'pass --registry ./registry');
    }
    return ggen.marketplace.publish(opts.dir || '.', { registry: opts.registry, cwd: ctx.cwd, signal: ctx.signal });
  },
  render(r, out) {
    out.line(`${r.unchanged ? 'unchanged' : 'published'} ${r.id}@${r.version} -> ${r.archive} (${r.size} bytes, sha256 ${r.sha256})`);
  },
};

module.exports = { description: 'find, install and publish template packs', verbs: { search, info, install, list, update, remove, publish } };
