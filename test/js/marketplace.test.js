'use strict';
// Packs and the marketplace end to end: registries built by `publish`, served from a folder and
// by real HTTP servers on 127.0.0.1; hostile and broken inputs leave nothing installed.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ggen = require('../../lib');
const { runCli } = require('./helpers/run');
const { makePack, tgz, putArchive, serve, closedPort, runCliAsync } = require('./helpers/registry');

let tmp;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-market-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const at = (...p) => path.join(tmp, ...p);
const exists = (...p) => fs.existsSync(at(...p));
const json = (r) => JSON.parse(r.stdout);

// A registry with base@1.0.0, base@1.2.0, app@1.0.0 (needs base ^1.0.0) and a keyword pack.
function buildRegistry(registry = at('registry')) {
  const publish = (opts) => {
    const dir = makePack(at('src', `${opts.id}-${opts.version || '1.0.0'}`), opts);
    const r = runCli(['marketplace', 'publish', dir, '--registry', registry, '--json']);
    expect(r.code).toBe(0);
    return json(r);
  };
  publish({ id: 'base', version: '1.0.0', keywords: ['core'] });
  publish({ id: 'base', version: '1.2.0', keywords: ['core'] });
  publish({ id: 'app', deps: { base: '^1.0.0' }, keywords: ['rust'], description: 'an app' });
  publish({ id: 'rust-models', name: 'Rust models', keywords: ['rust', 'models'], description: 'structs for every class' });
  return registry;
}

describe('ggen pack', () => {
  test('new scaffolds a pack that lints clean; lint reports problems with codes and positions', () => {
    const made = runCli(['pack', 'new', 'my-pack', '--json'], { cwd: tmp });
    expect(made.code).toBe(0);
    expect(json(made).files).toEqual(['ggen-pack.toml', 'templates/hello.tmpl', 'README.md']);
    const ok = runCli(['pack', 'lint', 'my-pack', '--json'], { cwd: tmp });
    expect(ok.code).toBe(0);
    expect(json(ok)).toMatchObject({ ok: true, id: 'my-pack', version: '0.1.0' });

    const again = runCli(['pack', 'new', 'my-pack'], { cwd: tmp });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('E_INVALID_ARGUMENT');
    const badId = runCli(['pack', 'new', 'Bad_ID!'], { cwd: tmp });
    expect(badId.code).toBe(1);

    const file = at('my-pack', 'ggen-pack.toml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('license =', 'licence ='));
    const typo = runCli(['pack', 'lint', 'my-pack', '--json'], { cwd: tmp });
    expect(typo.code).toBe(1);
    const issue = json(typo).issues[0];
    expect(issue).toMatchObject({ severity: 'error', code: 'E_PACK_MANIFEST', line: 6 });
    expect(issue.message).toContain('pack.licence');
    expect(issue.hint).toContain('license');

    fs.writeFileSync(file, '[pack]\nid = "my-pack"\nversion = "1.0"\n');
    const badVersion = runCli(['pack', 'lint', 'my-pack', '--json'], { cwd: tmp });
    expect(json(badVersion).issues[0].message).toContain('invalid version `1.0`');

    fs.writeFileSync(file, '[pack]\nid = "my-pack"\nversion = "1.0.0"\n[dependencies]\nother = "^^1"\n');
    expect(json(runCli(['pack', 'lint', 'my-pack', '--json'], { cwd: tmp })).issues[0].code).toBe('E_PACK_MANIFEST');
  });

  test('lint refuses a pack without a manifest and one whose templates folder is empty', async () => {
    fs.mkdirSync(at('empty'));
    const none = await ggen.pack.lint(at('empty'));
    expect(none.ok).toBe(false);
    expect(none.issues[0].code).toBe('E_PACK_MANIFEST');
    makePack(at('p'), { id: 'p-pack', templates: {} });
    const noTemplates = await ggen.pack.lint(at('p'));
    expect(noTemplates.ok).toBe(false);
    expect(noTemplates.issues.map((i) => i.message).join('\n')).toContain('holds no templates');
  });
});

describe('ggen marketplace with a folder registry', () => {
  test('publish is reproducible: same files, same bytes; published versions are immutable', () => {
    makePack(at('p'), { id: 'repro' });
    const one = json(runCli(['marketplace', 'publish', 'p', '--registry', 'r1', '--json'], { cwd: tmp }));
    // Touch every file's mtime: the archive must not change.
    for (const f of ['ggen-pack.toml', 'templates/hello.tmpl']) fs.utimesSync(at('p', f), new Date(2001, 1, 1), new Date(2001, 1, 1));
    const two = json(runCli(['marketplace', 'publish', 'p', '--registry', 'r2', '--json'], { cwd: tmp }));
    expect(one.sha256).toBe(two.sha256);
    expect(fs.readFileSync(at('r1', 'repro-1.0.0.tgz'))).toEqual(fs.readFileSync(at('r2', 'repro-1.0.0.tgz')));
    expect(fs.readFileSync(at('r1', 'index.json'), 'utf8')).toBe(fs.readFileSync(at('r2', 'index.json'), 'utf8'));
    const index = JSON.parse(fs.readFileSync(at('r1', 'index.json'), 'utf8'));
    expect(index.schema).toBe(1);
    expect(index.packs.repro.versions['1.0.0']).toMatchObject({ archive: 'repro-1.0.0.tgz', sha256: one.sha256 });

    const same = json(runCli(['marketplace', 'publish', 'p', '--registry', 'r1', '--json'], { cwd: tmp }));
    expect(same.unchanged).toBe(true);
    fs.appendFileSync(at('p', 'templates', 'hello.tmpl'), 'changed\n');
    const changed = runCli(['marketplace', 'publish', 'p', '--registry', 'r1', '--json'], { cwd: tmp });
    expect(changed.code).toBe(1);
    expect(json(changed).error.code).toBe('E_PACK_EXISTS');

    const noReg = runCli(['marketplace', 'publish', 'p'], { cwd: tmp });
    expect(noReg.code).toBe(2);
  });

  test('search ranks exact id, name, keywords, description with ties by id', () => {
    const registry = buildRegistry();
    const r = runCli(['marketplace', 'search', 'rust', '--registry', registry, '--json'], { cwd: tmp });
    expect(r.code).toBe(0);
    const hits = json(r).results;
    expect(hits.map((h) => [h.id, h.matched])).toEqual([
      ['rust-models', 'id'],
      ['app', 'keyword'],
    ]);
    const all = json(runCli(['marketplace', 'search', '--registry', registry, '--json'], { cwd: tmp })).results;
    expect(all.map((h) => h.id)).toEqual(['app', 'base', 'rust-models']);
    expect(all.find((h) => h.id === 'base').version).toBe('1.2.0');
    const exact = json(runCli(['marketplace', 'search', 'base', '--registry', registry, '--json'], { cwd: tmp })).results;
    expect(exact[0]).toMatchObject({ id: 'base', score: 100 });
    const text = runCli(['marketplace', 'search', 'structs', '--registry', registry], { cwd: tmp });
    expect(text.stdout).toContain('rust-models@1.0.0');
  });

  test('install resolves dependencies, installs into .ggen/packs, records ggen.lock; list, info, update, remove', async () => {
    const registry = buildRegistry();
    fs.mkdirSync(at('ws'));
    const ws = at('ws');
    const installed = await ggen.marketplace.install('app', { cwd: ws, registry });
    expect(installed.changes).toEqual([
      { id: 'app', version: '1.0.0', action: 'installed' },
      { id: 'base', version: '1.2.0', action: 'installed' },
    ]);
    expect(fs.existsSync(path.join(ws, '.ggen/packs/app/1.0.0/templates/hello.tmpl'))).toBe(true);
    expect(fs.existsSync(path.join(ws, '.ggen/packs/base/1.2.0/ggen-pack.toml'))).toBe(true);
    const lock = JSON.parse(fs.readFileSync(path.join(ws, 'ggen.lock'), 'utf8'));
    expect(lock.requested).toEqual({ app: '^1.0.0' });
    expect(Object.keys(lock.packs)).toEqual(['app', 'base']);
    expect(lock.packs.base.version).toBe('1.2.0');
    expect(lock.packs.base.sha256).toMatch(/^[0-9a-f]{64}$/);

    const list = runCli(['marketplace', 'list', '--json'], { cwd: ws });
    expect(json(list).packs.map((p) => [p.id, p.version, p.requested])).toEqual([
      ['app', '1.0.0', '^1.0.0'],
      ['base', '1.2.0', null],
    ]);
    const info = json(runCli(['marketplace', 'info', 'app', '--registry', registry, '--json'], { cwd: ws }));
    expect(info).toMatchObject({ id: 'app', latest: '1.0.0', installed: '1.0.0', templates: ['app:hello.tmpl'] });

    // A pinned older range, then update within it.
    const pinned = await ggen.marketplace.install('base@~1.0.0', { cwd: ws, registry });
    expect(pinned.changes.find((c) => c.id === 'base')).toEqual({ id: 'base', version: '1.0.0', action: 'updated', from: '1.2.0' });
    expect(fs.existsSync(path.join(ws, '.ggen/packs/base/1.2.0'))).toBe(false);
    makePack(at('src', 'base-1.0.5'), { id: 'base', version: '1.0.5' });
    runCli(['marketplace', 'publish', at('src', 'base-1.0.5'), '--registry', registry]);
    const updated = runCli(['marketplace', 'update', 'base', '--registry', registry, '--json'], { cwd: ws });
    expect(updated.code).toBe(0);
    expect(json(updated).changes.find((c) => c.id === 'base')).toMatchObject({ version: '1.0.5', action: 'updated', from: '1.0.0' });

    const notDirect = runCli(['marketplace', 'remove', 'ghost', '--json'], { cwd: ws });
    expect(json(notDirect).error.code).toBe('E_PACK_NOT_INSTALLED');
    await ggen.marketplace.remove('base', { cwd: ws });
    // base is no longer requested but app still needs it, so it stays.
    expect(fs.existsSync(path.join(ws, '.ggen/packs/base/1.0.5'))).toBe(true);
    const required = await ggen.marketplace.remove('base', { cwd: ws }).catch((e) => e);
    expect(required.code).toBe('E_PACK_REQUIRED');
    const removed = json(runCli(['marketplace', 'remove', 'app', '--json'], { cwd: ws }));
    expect(removed.changes.map((c) => [c.id, c.action])).toEqual([
      ['app', 'removed'],
      ['base', 'removed'],
    ]);
    expect(fs.readdirSync(path.join(ws, '.ggen/packs'))).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(ws, 'ggen.lock'), 'utf8')).packs).toEqual({});
  });

  test('a pack template is addressed as <pack-id>:<path> in template generate, show and lint', async () => {
    const registry = buildRegistry();
    await ggen.marketplace.install('app', { cwd: tmp, registry });
    const r = runCli(['template', 'generate', '-t', 'app:hello.tmpl', '--var', 'name=world', '-o', 'out'], { cwd: tmp });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(at('out', 'world.txt'), 'utf8')).toBe('hello world from app@1.0.0\n');
    const lint = await ggen.lint(['app:hello.tmpl'], { cwd: tmp });
    expect(lint.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

    const missing = runCli(['template', 'generate', '-t', 'app:nope.tmpl', '--json'], { cwd: tmp });
    expect(json(missing).error.code).toBe('E_NOT_FOUND');
    const notInstalled = runCli(['template', 'generate', '-t', 'rust-models:x.tmpl', '--json'], { cwd: tmp });
    expect(json(notInstalled).error.code).toBe('E_PACK_NOT_INSTALLED');
    expect(json(notInstalled).error.hint).toContain('ggen marketplace install rust-models');
    const escape = await ggen.generate({ root: tmp, templates: ['app:../ggen-pack.toml'] }).catch((e) => e);
    expect(escape.code).toBe('E_PATH_ESCAPE');
  });

  test('registry from ggen.toml [marketplace]; none at all is E_NO_REGISTRY', async () => {
    buildRegistry();
    fs.writeFileSync(at('ggen.toml'), '[project]\nname = "x"\n\n[marketplace]\nregistry = "registry"\n');
    fs.mkdirSync(at('templates'));
    fs.mkdirSync(at('sub'));
    const r = await ggen.marketplace.search('base', { cwd: at('sub') });
    expect(r.results[0].id).toBe('base');
    const info = await ggen.project.info(tmp);
    expect(info.name).toBe('x');
    fs.rmSync(at('ggen.toml'));
    const none = runCli(['marketplace', 'search', 'x', '--json'], { cwd: tmp });
    expect(none.code).toBe(1);
    expect(json(none).error).toMatchObject({ code: 'E_NO_REGISTRY' });
    const missing = await ggen.marketplace.search('x', { cwd: tmp, registry: 'no-such-folder' }).catch((e) => e);
    expect(missing.code).toBe('E_REGISTRY_UNREACHABLE');
    // https goes through Node's fetch (marketplace_https.test.js): nothing listens on port 1.
    const https = await ggen.marketplace.search('x', { cwd: tmp, registry: 'https://127.0.0.1:1/', retries: 0 }).catch((e) => e);
    expect(https.code).toBe('E_REGISTRY_UNREACHABLE');
    expect(https.message).toContain('https://127.0.0.1:1');
  });

  test('a tampered archive (sha-256 mismatch) installs nothing', () => {
    const registry = buildRegistry();
    const file = path.join(registry, 'base-1.2.0.tgz');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 10] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const r = runCli(['marketplace', 'install', 'app', '--registry', registry, '--json'], { cwd: tmp });
    expect(r.code).toBe(1);
    expect(json(r).error.code).toBe('E_INTEGRITY');
    expect(json(r).error.message).toContain('base@1.2.0');
    expect(exists('ggen.lock')).toBe(false);
    // Not even the folders the installation created (.ggen/packs/<id>) are left behind.
    expect(exists('.ggen')).toBe(false);
  });

  test('a failed install (archive missing, cancelled) leaves no folder behind and keeps installed packs', async () => {
    const registry = buildRegistry();
    expect(runCli(['marketplace', 'install', 'rust-models', '--registry', registry], { cwd: tmp }).code).toBe(0);
    const lockBefore = fs.readFileSync(at('ggen.lock'), 'utf8');
    fs.rmSync(path.join(registry, 'base-1.2.0.tgz'));
    const missing = runCli(['marketplace', 'install', 'app', '--registry', registry, '--json'], { cwd: tmp });
    expect(json(missing).error.code).toBe('E_NOT_FOUND');
    expect(fs.readdirSync(at('.ggen', 'packs'))).toEqual(['rust-models']);
    expect(fs.readFileSync(at('ggen.lock'), 'utf8')).toBe(lockBefore);
    // Cancelled while base's archive is being fetched (app's is already staged): the same.
    const server = await serve(registry, { hang: (url) => url.endsWith('base-1.2.0.tgz') });
    try {
      const controller = new AbortController();
      const pending = ggen.marketplace.install('app', { cwd: tmp, registry: server.url, httpTimeout: 600000, signal: controller.signal });
      while (!server.requests.some((u) => u.endsWith('base-1.2.0.tgz'))) await new Promise((r) => setTimeout(r, 5));
      controller.abort();
      expect((await pending.catch((e) => e)).code).toBe('E_CANCELLED');
    } finally {
      await server.close();
    }
    expect(fs.readdirSync(at('.ggen', 'packs'))).toEqual(['rust-models']);
    expect(fs.readFileSync(at('ggen.lock'), 'utf8')).toBe(lockBefore);
  });

  test('archives with ../ entries, absolute paths or links are refused before anything is written', async () => {
    const registry = at('evil');
    const manifest = '[pack]\nid = "evil"\nversion = "1.0.0"\n';
    putArchive(registry, 'evil', '1.0.0', tgz([['ggen-pack.toml', manifest], ['templates/a.tmpl', 'x'], ['../../escaped.txt', 'gotcha']]));
    const dotdot = await ggen.marketplace.install('evil', { cwd: at('ws'), registry }).catch((e) => e);
    expect(dotdot.code).toBe('E_PATH_ESCAPE');
    expect(exists('escaped.txt')).toBe(false);
    expect(exists('ws', 'ggen.lock')).toBe(false);
    expect(exists('ws', '.ggen', 'packs', 'evil', '1.0.0')).toBe(false);

    putArchive(registry, 'evil', '1.0.0', tgz([['ggen-pack.toml', manifest], ['/tmp/abs.txt', 'x']]));
    expect((await ggen.marketplace.install('evil', { cwd: at('ws'), registry }).catch((e) => e)).code).toBe('E_PATH_ESCAPE');
    putArchive(registry, 'evil', '1.0.0', tgz([['ggen-pack.toml', manifest], ['templates/l.tmpl', '', '2', '/etc/passwd']]));
    expect((await ggen.marketplace.install('evil', { cwd: at('ws'), registry }).catch((e) => e)).code).toBe('E_ARCHIVE_UNSAFE');
    putArchive(registry, 'evil', '1.0.0', Buffer.from('not a gzip stream'));
    expect((await ggen.marketplace.install('evil', { cwd: at('ws'), registry }).catch((e) => e)).code).toBe('E_ARCHIVE');
    // An archive whose manifest is another pack than the index says.
    putArchive(registry, 'evil', '1.0.0', tgz([['ggen-pack.toml', '[pack]\nid = "other"\nversion = "1.0.0"\n']]));
    expect((await ggen.marketplace.install('evil', { cwd: at('ws'), registry }).catch((e) => e)).code).toBe('E_INTEGRITY');
    expect(exists('ws', 'ggen.lock')).toBe(false);
    expect(exists('ws', '.ggen')).toBe(false);
  });

  test('a dependency cycle and a version conflict are errors naming the chain', async () => {
    const registry = at('r');
    const pub = (opts) => {
      const dir = makePack(at('src', `${opts.id}-${opts.version || '1.0.0'}`), opts);
      expect(runCli(['marketplace', 'publish', dir, '--registry', registry]).code).toBe(0);
    };
    pub({ id: 'aa', deps: { bb: '^1' } });
    pub({ id: 'bb', deps: { cc: '^1' } });
    pub({ id: 'cc', deps: { aa: '^1' } });
    const cycle = runCli(['marketplace', 'install', 'aa', '--registry', registry, '--json'], { cwd: tmp });
    expect(cycle.code).toBe(1);
    expect(json(cycle).error.code).toBe('E_DEP_CYCLE');
    expect(json(cycle).error.message).toContain('aa@1.0.0 -> bb@1.0.0 -> cc@1.0.0 -> aa');
    expect(exists('ggen.lock')).toBe(false);

    pub({ id: 'base', version: '1.0.0' });
    pub({ id: 'base', version: '2.0.0' });
    pub({ id: 'left', deps: { base: '^1' } });
    pub({ id: 'right', deps: { base: '^2' } });
    pub({ id: 'top', deps: { left: '*', right: '*' } });
    const conflict = await ggen.marketplace.install('top', { cwd: tmp, registry }).catch((e) => e);
    expect(conflict.code).toBe('E_DEP_CONFLICT');
    expect(conflict.message).toContain('left@1.0.0');
    expect(conflict.message).toContain('right@1.0.0');
    const noMatch = await ggen.marketplace.install('base@^3', { cwd: tmp, registry }).catch((e) => e);
    expect(noMatch.code).toBe('E_NO_MATCHING_VERSION');
    const unknown = await ggen.marketplace.install('nope', { cwd: tmp, registry }).catch((e) => e);
    expect(unknown.code).toBe('E_NOT_FOUND');
    const badSpec = await ggen.marketplace.install('base@>>1', { cwd: tmp, registry }).catch((e) => e);
    expect(badSpec.code).toBe('E_VERSION');
  });
});

describe('ggen marketplace over HTTP (a real server on 127.0.0.1)', () => {
  test('search and install over http, with Content-Length, chunked bodies and redirects', async () => {
    const registry = buildRegistry();
    for (const opts of [{}, { chunked: true }]) {
      const server = await serve(registry, opts);
      try {
        const ws = at(`ws-${opts.chunked ? 'chunked' : 'plain'}`);
        fs.mkdirSync(ws);
        const found = await ggen.marketplace.search('rust', { cwd: ws, registry: server.url });
        expect(found.results.map((h) => h.id)).toEqual(['rust-models', 'app']);
        // The CLI in a child process: this process keeps serving.
        const r = await runCliAsync(['marketplace', 'install', 'app', '--registry', server.url, '--json'], { cwd: ws });
        expect(r.stderr).toBe('');
        expect(JSON.parse(r.stdout).changes.map((c) => c.id)).toEqual(['app', 'base']);
        expect(fs.existsSync(path.join(ws, '.ggen/packs/base/1.2.0/templates/hello.tmpl'))).toBe(true);
      } finally {
        await server.close();
      }
    }
    const redirecting = await serve(registry, { redirectFrom: '/old/' });
    try {
      const r = await ggen.marketplace.info('base', { cwd: tmp, registry: `${redirecting.url}old/` });
      expect(r.latest).toBe('1.2.0');
      expect(redirecting.requests).toEqual(['/old/index.json', '/index.json']);
    } finally {
      await redirecting.close();
    }
  });

  test('5xx answers are retried with backoff, then succeed', async () => {
    const registry = buildRegistry();
    const server = await serve(registry, { failFirst: 2 });
    try {
      const r = await ggen.marketplace.search('base', { cwd: tmp, registry: server.url, backoff: 20 });
      expect(r.results[0].id).toBe('base');
      expect(server.requests).toEqual(['/index.json', '/index.json', '/index.json']);
    } finally {
      await server.close();
    }
    const failing = await serve(registry, { failFirst: 100 });
    try {
      const err = await ggen.marketplace.search('base', { cwd: tmp, registry: failing.url, backoff: 10, retries: 2 }).catch((e) => e);
      expect(err.code).toBe('E_HTTP_STATUS');
      expect(err.message).toContain('503');
      expect(failing.requests.length).toBe(3);
    } finally {
      await failing.close();
    }
  });

  test('a registry that never answers times out; a cancelled call stops at once', async () => {
    const server = await serve(at('none'), { hang: true });
    try {
      const err = await ggen.marketplace.search('x', { cwd: tmp, registry: server.url, httpTimeout: 200, retries: 1, backoff: 10 }).catch((e) => e);
      expect(err.code).toBe('E_REGISTRY_TIMEOUT');
      expect(err.message).toContain('2 attempts');
      expect(server.requests.length).toBe(2);
      const controller = new AbortController();
      const pending = ggen.marketplace.install('xx', { cwd: tmp, registry: server.url, signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      expect((await pending.catch((e) => e)).code).toBe('E_CANCELLED');
      expect(exists('ggen.lock')).toBe(false);
    } finally {
      await server.close();
    }
  });

  test('an unreachable registry (closed port) fails with E_REGISTRY_UNREACHABLE after the retries', async () => {
    const port = await closedPort();
    const r = await runCliAsync(['marketplace', 'install', 'app', '--registry', `http://127.0.0.1:${port}/`, '--retries', '1', '--json'], { cwd: tmp });
    expect(r.code).toBe(1);
    const error = JSON.parse(r.stdout).error;
    expect(error.code).toBe('E_REGISTRY_UNREACHABLE');
    expect(error.message).toContain('2 attempts');
    expect(exists('ggen.lock')).toBe(false);
    const badUrl = await ggen.marketplace.search('x', { cwd: tmp, registry: 'http://127.0.0.1:99999/' }).catch((e) => e);
    expect(badUrl.code).toBe('E_INVALID_ARGUMENT');
  });
});
