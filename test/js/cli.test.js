'use strict';
const { runCli } = require('./helpers/run');
const { version } = require('../../package.json');

describe('ggen CLI skeleton', () => {
  test('--version and --version --json', () => {
    expect(runCli(['--version'])).toMatchObject({ code: 0, stdout: `ggen ${version}\n` });
    expect(JSON.parse(runCli(['--version', '--json']).stdout)).toEqual({ version });
  });

  test('help is generated for the root, a noun and a verb', () => {
    const root = runCli(['--help']);
    expect(root.code).toBe(0);
    expect(root.stdout).toMatch(/Usage: ggen <noun> <verb>/);
    expect(root.stdout).toMatch(/\n {2}utils +diagnostics and helpers/);
    const noun = runCli(['utils', '--help']);
    expect(noun.code).toBe(0);
    expect(noun.stdout).toMatch(/\n {2}doctor +check this machine/);
    const verb = runCli(['utils', 'doctor', '--help']);
    expect(verb.code).toBe(0);
    expect(verb.stdout).toMatch(/Usage: ggen utils doctor/);
    expect(verb.stdout).toMatch(/--json/);
  });

  test('no command prints help and exits 2', () => {
    const r = runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/Nouns:/);
  });

  test('mistyped noun, verb and flag get a suggestion and exit 2', () => {
    const noun = runCli(['utlis', 'doctor']);
    expect(noun.code).toBe(2);
    expect(noun.stderr).toContain("error[E_USAGE]: unknown command 'utlis'");
    expect(noun.stderr).toContain('did you mean `ggen utils`?');
    const verb = runCli(['utils', 'doctr']);
    expect(verb.code).toBe(2);
    expect(verb.stderr).toContain('did you mean `ggen utils doctor`?');
    const flag = runCli(['utils', 'doctor', '--jsno']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('did you mean --json?');
    const far = runCli(['zzzzzz']);
    expect(far.stderr).not.toContain('did you mean');
  });

  test('usage errors with --json print one JSON document', () => {
    const r = runCli(['utils', 'doctr', '--json']);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.error.code).toBe('E_USAGE');
    expect(doc.error.hint).toContain('doctor');
  });

  test('utils doctor prints checks; --json prints valid JSON', () => {
    const human = runCli(['utils', 'doctor']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/ok +node +node v\d+/);
    expect(human.stdout).toMatch(/ok +runtime +\d+ worker threads/);
    const r = runCli(['utils', 'doctor', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.node).toBe(process.version);
    expect(doc.napi).toBe(Number(process.versions.napi));
    expect(doc.addon.path).toMatch(/ggen(\.glibc)?\.node$/);
    expect(doc.runtime.threads).toBeGreaterThanOrEqual(1);
    expect(doc.cwd.writable).toBe(true);
    expect(typeof doc.disk.freeBytes).toBe('number');
    expect(doc.checks.map((c) => c.name)).toEqual(['node', 'node-api', 'addon', 'runtime', 'write access', 'git', 'disk']);
  });

  test('--quiet silences human output', () => {
    const r = runCli(['utils', 'doctor', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });

  test('a core error exits 1 with code and hint', () => {
    const r = runCli(['utils', 'doctor'], { env: { GGEN_RUNTIME_THREADS: '0' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E_CONFIG]: GGEN_RUNTIME_THREADS must be a whole number');
    expect(r.stderr).toContain('= hint:');
    const j = runCli(['utils', 'doctor', '--json'], { env: { GGEN_RUNTIME_THREADS: '0' } });
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout).error.code).toBe('E_CONFIG');
  });

  test('colours: none when piped or NO_COLOR, forced by FORCE_COLOR unless --no-color', () => {
    const plain = runCli(['utlis']);
    expect(plain.stderr).not.toContain('\x1b[');
    const forced = runCli(['utlis'], { env: { FORCE_COLOR: '1' } });
    expect(forced.stderr).toContain('\x1b[31merror[E_USAGE]');
    const noColor = runCli(['utlis'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(noColor.stderr).toContain('\x1b[');
    expect(runCli(['utlis'], { env: { NO_COLOR: '1' } }).stderr).not.toContain('\x1b[');
    expect(runCli(['utlis', '--no-color'], { env: { FORCE_COLOR: '1' } }).stderr).not.toContain('\x1b[');
  });

  test('a closed pipe ends the CLI quietly (no EPIPE crash)', () => {
    const { spawnSync } = require('node:child_process');
    const { cli } = require('./helpers/run');
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${cli}" --help | head -c 1 >/dev/null`], { encoding: 'utf8' });
    expect(r.stderr).not.toContain('EPIPE');
  });

  test('an error in an inline query shows the query line with a caret', () => {
    const r = runCli(['graph', 'query', 'SELECT ?x WHERE { ?x ?y }', '--data', 'examples/typescript-types/graphs/shop.ttl']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--> <query>:1:25');
    expect(r.stderr).toContain('1 | SELECT ?x WHERE { ?x ?y }');
  });
});
