'use strict';
// Lifecycle phases end to end: the CLI (streamed output, skips, failures, timeouts) and the API.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ggen = require('../../lib');
const { runCli } = require('./helpers/run');

let dir;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-lifecycle-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (rel, text) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};
const read = (rel) => fs.readFileSync(path.join(dir, rel), 'utf8');
const cli = (args) => runCli(args, { cwd: dir });

const TOML = `# a project with phases
[project]
name = "life"

[lifecycle.gen]
description = "copy the sources"
commands = ["echo gen >> log", "cat src/*.txt > out.txt", "echo generated"]
inputs = ["src/**/*.txt"]
outputs = ["out.txt"]

[lifecycle.build]
commands = ["echo build >> log", "echo building; echo warning >&2"]
inputs = ["out.txt"]
depends = ["gen"]

[lifecycle.broken]
commands = ["echo broken >> log; echo 'no such target' >&2; exit 5", "echo after >> log"]
depends = ["build"]

[lifecycle.deploy]
commands = ["echo deploy >> log"]
depends = ["broken"]

[lifecycle.slow]
commands = ["sleep 20; echo late >> log"]
timeout = 300

[lifecycle.long]
commands = ["sleep 20; echo late >> log"]
`;

describe('ggen lifecycle', () => {
  beforeEach(() => {
    write('ggen.toml', TOML);
    write('src/a.txt', 'one\n');
  });

  test('list shows the phases and their dependencies', () => {
    const r = cli(['lifecycle', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('gen  copy the sources\nbuild  (after gen)\n');
    const json = JSON.parse(cli(['lifecycle', 'list', '--json']).stdout);
    expect(json.phases.map((p) => p.name)).toEqual(['gen', 'build', 'broken', 'deploy', 'slow', 'long']);
    expect(json.phases[4].timeout).toBe(300);
  });

  test('run: dependencies first, output streamed; skipped when unchanged; rerun after an edit or --force', () => {
    const first = cli(['lifecycle', 'run', 'build']);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('==> phase gen\ngenerated\n==> phase build\nbuilding\nran     gen\nran     build\n');
    expect(first.stderr).toBe('warning\n');
    expect(read('log')).toBe('gen\nbuild\n');
    const state = JSON.parse(read('.ggen/state.json'));
    expect(Object.keys(state.lifecycle)).toEqual(['build', 'gen']);

    const second = cli(['lifecycle', 'run', 'build']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('skipped gen (unchanged since its last success)');
    expect(second.stdout).toContain('skipped build');
    expect(read('log')).toBe('gen\nbuild\n');

    write('src/nested/b.txt', 'two\n');
    const third = JSON.parse(cli(['lifecycle', 'run', 'build', '--json']).stdout);
    // gen reran (a new input); its output did not change, so build, whose input it is, did not.
    expect(third.phases.map((p) => [p.name, p.status])).toEqual([['gen', 'ran'], ['build', 'skipped']]);
    expect(third.phases[0].commands[2]).toMatchObject({ command: 'echo generated', exitCode: 0, stdout: 'generated\n' });
    expect(read('out.txt')).toBe('one\n');

    const forced = cli(['lifecycle', 'run', 'gen', '--force']);
    expect(forced.stdout).toContain('ran     gen');
  });

  test('a failing command stops the run: exit code and stderr reported, later phases not run', () => {
    const r = cli(['lifecycle', 'run', 'deploy']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E_LIFECYCLE_FAILED]: phase `broken`');
    expect(r.stderr).toContain('failed with exit code 5');
    expect(r.stderr).toContain('no such target');
    expect(r.stderr).toMatch(/--> .*ggen\.toml:16:1/);
    expect(read('log')).toBe('gen\nbuild\nbroken\n');
    const json = JSON.parse(cli(['lifecycle', 'run', 'deploy', '--json']).stdout);
    expect(json.error.code).toBe('E_LIFECYCLE_FAILED');
    // The phases before it succeeded and are skipped now.
    expect(read('log')).toBe('gen\nbuild\nbroken\nbroken\n');
  });

  test('a command past its timeout is killed', () => {
    const r = cli(['lifecycle', 'run', 'slow']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E_LIFECYCLE_TIMEOUT]');
    expect(r.stderr).toContain('timed out after 300 ms');
    expect(fs.existsSync(path.join(dir, 'log'))).toBe(false);
  });

  test('bad input: unknown phase, a cycle, a typo, no project, a corrupt state file', () => {
    const unknown = cli(['lifecycle', 'run', 'biuld']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('error[E_LIFECYCLE_UNKNOWN_PHASE]');
    const missing = cli(['lifecycle', 'run']);
    expect(missing.code).toBe(2);

    write('.ggen/state.json', '{ broken');
    const corrupt = JSON.parse(cli(['lifecycle', 'run', 'gen', '--json']).stdout);
    expect(corrupt.stateDiscarded).toBe(true);
    expect(corrupt.phases[0].status).toBe('ran');
    expect(JSON.parse(read('.ggen/state.json')).lifecycle.gen.key).toMatch(/^[0-9a-f]{64}$/);

    write('ggen.toml', '[lifecycle.a]\ncommands = ["true"]\ndepends = ["b"]\n[lifecycle.b]\ncommands = ["true"]\ndepends = ["a"]\n');
    const cycle = cli(['lifecycle', 'list']);
    expect(cycle.code).toBe(1);
    expect(cycle.stderr).toContain('error[E_LIFECYCLE_CYCLE]');
    expect(cycle.stderr).toContain('a -> b -> a');

    write('ggen.toml', '[lifecycle.a]\ncomands = ["true"]\n');
    const typo = cli(['lifecycle', 'run', 'a']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('did you mean `commands`?');

    fs.rmSync(path.join(dir, 'ggen.toml'));
    const none = cli(['lifecycle', 'list']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('error[E_PROJECT]');
  });

  test('API: onOutput gets every chunk before the promise settles; AbortSignal cancels', async () => {
    const chunks = [];
    const report = await ggen.lifecycle.run('build', { dir, onOutput: (c) => chunks.push(c) });
    expect(report.order).toEqual(['gen', 'build']);
    const text = (phase, stream) => chunks.filter((c) => c.source === phase && c.stream === stream).map((c) => c.data.toString()).join('');
    expect(text('gen', 'stdout')).toBe('generated\n');
    expect(text('build', 'stdout')).toBe('building\n');
    expect(text('build', 'stderr')).toBe('warning\n');

    const controller = new AbortController();
    const pending = ggen.lifecycle.run('long', { dir, signal: controller.signal, onOutput: () => {} });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'E_CANCELLED' });
    await expect(ggen.lifecycle.run('', { dir })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });
});
