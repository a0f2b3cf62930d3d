'use strict';
// Hooks end to end in real temporary git repositories: the CLI, the installed git hook, git
// itself running it, and the JS API.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const ggen = require('../../lib');
const { runCli, childEnv } = require('./helpers/run');

// No global or system git configuration (a core.hooksPath there would move the hooks).
const ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' };

let dir;
let repo;
let app;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-hooks-'));
  repo = path.join(dir, 'repo');
  app = path.join(repo, 'app');
  fs.mkdirSync(app, { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const git = (args, cwd = repo) => {
  const r = spawnSync('git', args, { cwd, env: childEnv(ENV), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const cli = (args, cwd = app) => runCli(args, { cwd, env: ENV });
const hooksDir = () => path.join(repo, '.git', 'hooks');

function initRepoWithProject() {
  expect(git(['init', '-q']).code).toBe(0);
  expect(cli(['project', 'init']).code).toBe(0);
  expect(cli(['project', 'gen']).code).toBe(0);
  expect(git(['add', '-A']).code).toBe(0);
  expect(git(['commit', '-q', '-m', 'start']).code).toBe(0);
}

describe('ggen hook (git events)', () => {
  test('a pre-commit hook running `project gen --check` fails a stale commit, then passes', () => {
    initRepoWithProject();
    const created = cli(['hook', 'create', '--on', 'pre-commit', '--', 'project', 'gen', '--check']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('added');
    expect(fs.readFileSync(path.join(app, 'ggen.toml'), 'utf8')).toContain('[[hooks]]\non = "pre-commit"\nrun = ["project", "gen", "--check"]\n');
    const script = path.join(hooksDir(), 'pre-commit');
    expect(fs.statSync(script).mode & 0o111).toBe(0o111);

    // A template edit without regenerating: the hook refuses the commit.
    fs.appendFileSync(path.join(app, 'templates', 'model.tmpl'), '// edited\n');
    git(['add', '-A']);
    const refused = git(['commit', '-m', 'stale']);
    expect(refused.code).not.toBe(0);
    expect(git(['log', '--oneline']).stdout.trim().split('\n')).toHaveLength(1);

    expect(cli(['project', 'gen']).code).toBe(0);
    git(['add', '-A']);
    const ok = git(['commit', '-q', '-m', 'fresh']);
    expect(ok.code).toBe(0);
    // git shows a hook's output on stderr: the streamed header of the check that ran.
    expect(ok.stderr).toContain('==> ggen project gen --check');

    const list = JSON.parse(cli(['hook', 'list', '--json']).stdout);
    expect(list.hooks).toEqual([expect.objectContaining({ on: 'pre-commit', run: ['project', 'gen', '--check'], installed: true })]);
    expect(fs.realpathSync(list.hooksDir)).toBe(fs.realpathSync(hooksDir()));
  });

  test('an existing hook is chained (still runs, its failure counts) and restored byte for byte', () => {
    initRepoWithProject();
    const user = path.join(hooksDir(), 'pre-commit');
    const log = path.join(dir, 'user.log');
    const original = `#!/bin/sh\n# the user's own hook\necho ran >> '${log}'\nexit \${USER_HOOK_EXIT:-0}\n`;
    fs.writeFileSync(user, original);
    fs.chmodSync(user, 0o750);
    const tomlBefore = fs.readFileSync(path.join(app, 'ggen.toml'), 'utf8');

    const created = JSON.parse(cli(['hook', 'create', '--on', 'pre-commit', '--json', '--', 'project', 'gen', '--check']).stdout);
    expect(created).toMatchObject({ added: true, chained: true });
    // Idempotent: the same hook again changes nothing.
    const again = JSON.parse(cli(['hook', 'create', '--on', 'pre-commit', '--json', '--', 'ggen', 'project', 'gen', '--check']).stdout);
    expect(again).toMatchObject({ added: false, chained: true });
    expect(fs.readFileSync(path.join(app, 'ggen.toml'), 'utf8').match(/\[\[hooks\]\]/g)).toHaveLength(1);

    fs.writeFileSync(path.join(repo, 'note.txt'), 'x\n');
    git(['add', 'note.txt']);
    expect(git(['commit', '-q', '-m', 'one']).code).toBe(0);
    expect(fs.readFileSync(log, 'utf8')).toBe('ran\n');

    fs.writeFileSync(path.join(repo, 'note.txt'), 'y\n');
    git(['add', 'note.txt']);
    const r = spawnSync('git', ['commit', '-q', '-m', 'two'], { cwd: repo, env: childEnv({ ...ENV, USER_HOOK_EXIT: '3' }), encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(fs.readFileSync(log, 'utf8')).toBe('ran\nran\n');

    const removed = cli(['hook', 'remove', '--on', 'pre-commit']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('the previous hook is back');
    expect(fs.readFileSync(user, 'utf8')).toBe(original);
    expect(fs.statSync(user).mode & 0o777).toBe(0o750);
    expect(fs.existsSync(path.join(hooksDir(), 'pre-commit.ggen-chained'))).toBe(false);
    expect(fs.readFileSync(path.join(app, 'ggen.toml'), 'utf8')).toBe(tomlBefore);
  });

  test('a repository without a hooks folder gets one', () => {
    initRepoWithProject();
    fs.rmSync(hooksDir(), { recursive: true, force: true });
    const r = cli(['hook', 'create', '--on', 'post-merge', '--', 'project', 'gen']);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(hooksDir(), 'post-merge'))).toBe(true);
    expect(cli(['hook', 'remove', '--on', 'post-merge', '--', 'project', 'gen']).code).toBe(0);
    expect(fs.readdirSync(hooksDir())).toEqual([]);
  });

  test('outside a git repository: a clear error and ggen.toml untouched', () => {
    expect(cli(['project', 'init']).code).toBe(0);
    const before = fs.readFileSync(path.join(app, 'ggen.toml'), 'utf8');
    const r = cli(['hook', 'create', '--on', 'pre-commit', '--', 'project', 'gen', '--check']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E_NOT_GIT_REPO]');
    expect(r.stderr).toContain('git init');
    expect(fs.readFileSync(path.join(app, 'ggen.toml'), 'utf8')).toBe(before);
  });

  test('bad input: unknown event, missing or unknown command, a hook running hooks, nothing to remove', () => {
    initRepoWithProject();
    const event = cli(['hook', 'create', '--on', 'pre-comit', '--', 'project', 'gen']);
    expect(event.code).toBe(1);
    expect(event.stderr).toContain('error[E_HOOK_EVENT]');
    expect(event.stderr).toContain('did you mean `pre-commit`?');
    const none = cli(['hook', 'create', '--on', 'pre-commit']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no command after `--`');
    const noOn = cli(['hook', 'create', '--', 'project', 'gen']);
    expect(noOn.code).toBe(2);
    expect(noOn.stderr).toContain('--on <event> is required');
    const unknown = cli(['hook', 'create', '--on', 'pre-commit', '--', 'projct', 'gen']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean `project`?');
    const recursive = cli(['hook', 'create', '--on', 'watch', '--', 'hook', 'run', 'watch']);
    expect(recursive.code).toBe(2);
    const missing = cli(['hook', 'remove', '--on', 'watch']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error[E_HOOK_NOT_FOUND]');
    expect(fs.existsSync(path.join(hooksDir(), 'pre-commit'))).toBe(false);
  });
});

describe('ggen hook run and the JS API', () => {
  beforeEach(() => {
    fs.writeFileSync(path.join(app, 'ggen.toml'), '[project]\nname = "w"\n\n[lifecycle.hello]\ncommands = ["echo hi"]\n');
  });

  test('watch hooks run in order, output streamed; a failing one stops the rest', async () => {
    await ggen.hooks.create({ dir: app, on: 'watch', command: ['lifecycle', 'list'] });
    await ggen.hooks.create({ dir: app, on: 'watch', command: 'lifecycle run nope' });
    await ggen.hooks.create({ dir: app, on: 'watch', command: ['lifecycle', 'run', 'hello'] });
    const listed = await ggen.hooks.list({ dir: app });
    expect(listed.hooks.map((h) => h.command)).toEqual(['lifecycle list', 'lifecycle run nope', 'lifecycle run hello']);
    expect(listed.hooksDir).toBeNull();

    const chunks = [];
    const err = await ggen.hooks.run('watch', { dir: app, onOutput: (c) => chunks.push(c) }).catch((e) => e);
    expect(err.code).toBe('E_HOOK_FAILED');
    expect(err.message).toContain('`ggen lifecycle run nope` failed with exit code 1');
    expect(err.message).toContain('E_LIFECYCLE_UNKNOWN_PHASE');
    const out = chunks.filter((c) => c.source === 'lifecycle list' && c.stream === 'stdout').map((c) => c.data.toString()).join('');
    expect(out).toContain('hello');
    expect(chunks.some((c) => c.source === 'lifecycle run hello')).toBe(false);
    expect(Buffer.isBuffer(chunks[0].data)).toBe(true);

    await ggen.hooks.remove({ dir: app, on: 'watch', command: ['lifecycle', 'run', 'nope'] });
    const report = await ggen.hooks.run('watch', { dir: app });
    expect(report.runs.map((r) => [r.command, r.exitCode])).toEqual([['lifecycle list', 0], ['lifecycle run hello', 0]]);
    expect(report.runs[1].stdout).toContain('hi');

    const cliRun = cli(['hook', 'run', 'watch']);
    expect(cliRun.code).toBe(0);
    expect(cliRun.stdout).toMatch(/==> ggen lifecycle list\nhello[^]*==> ggen lifecycle run hello\n[^]*hi\n/);
  });

  test('argument errors and an aborted signal', async () => {
    await expect(ggen.hooks.create({ dir: app, command: ['project', 'gen'] })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(ggen.hooks.create({ dir: app, on: 'watch', command: [] })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(ggen.hooks.run('watch', { dir: app, onOutput: 3 })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(ggen.hooks.run('nope', { dir: app })).rejects.toMatchObject({ code: 'E_HOOK_EVENT' });
    const controller = new AbortController();
    controller.abort();
    await expect(ggen.hooks.run('watch', { dir: app, signal: controller.signal, onOutput: () => {} })).rejects.toMatchObject({ code: 'E_CANCELLED' });
    await expect(ggen.hooks.list({ dir: dir })).rejects.toMatchObject({ code: 'E_PROJECT' });
  });
});
