'use strict';
// Completion scripts: generated from the command table, valid in their shell, and (for bash,
// and fish when installed) the completions they actually compute.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { runCli } = require('./helpers/run');
const { commands } = require('../../bin/commands');

let dir;
let scripts;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-completion-'));
  scripts = {};
  for (const shell of ['bash', 'zsh', 'fish']) {
    const r = runCli(['completion', shell]);
    expect(r.code).toBe(0);
    scripts[shell] = path.join(dir, `ggen.${shell}`);
    fs.writeFileSync(scripts[shell], r.stdout);
  }
  fs.mkdirSync(path.join(dir, 'work', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'work', 'model.tmpl'), '');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const has = (shell) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

// What bash completes for the words typed (the last one is the word under the cursor).
function bashComplete(...words) {
  const script = `source '${scripts.bash}'
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMPREPLY=()
_ggen
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['--norc', '-c', script], { cwd: path.join(dir, 'work'), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean).sort();
}

describe('ggen completion', () => {
  test('bash: valid, nouns, verbs, flags with short forms, choices and file names', () => {
    expect(spawnSync('bash', ['-n', scripts.bash]).status).toBe(0);
    expect(bashComplete('ggen', '')).toEqual(expect.arrayContaining([...Object.keys(commands), '--json', '--help']));
    expect(bashComplete('ggen', 'li')).toEqual(['lifecycle']);
    expect(bashComplete('ggen', 'hook', '')).toEqual(['create', 'list', 'remove', 'run']);
    expect(bashComplete('ggen', 'project', 'gen', '-')).toEqual(expect.arrayContaining(['-o', '--output', '--dry-run', '--json']));
    expect(bashComplete('ggen', 'hook', 'create', '--on', '')).toEqual(['post-merge', 'pre-commit', 'watch']);
    expect(bashComplete('ggen', 'hook', 'run', 'p')).toEqual(['post-merge', 'pre-commit']);
    expect(bashComplete('ggen', 'template', 'render', '')).toEqual(['model.tmpl', 'sub']);
    expect(bashComplete('ggen', 'project', 'gen', '-o', '')).toEqual(['sub']);
    expect(bashComplete('ggen', 'completion', '')).toEqual(['bash', 'fish', 'zsh']);
    expect(bashComplete('ggen', 'nope', '')).toEqual([]);
  });

  test('every noun, verb and flag of the table is in every script', () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const text = fs.readFileSync(scripts[shell], 'utf8');
      for (const [noun, n] of Object.entries(commands)) {
        expect(text).toContain(noun);
        for (const [verb, spec] of Object.entries(n.verbs)) {
          expect(text).toContain(verb);
          for (const flag of Object.keys(spec.flags || {})) expect(text).toContain(shell === 'fish' ? `-l ${flag}` : `--${flag}`);
        }
      }
    }
  });

  (has('zsh') ? test : test.skip)('zsh: valid syntax', () => {
    expect(spawnSync('zsh', ['-n', scripts.zsh]).status).toBe(0);
  });

  (has('fish') ? test : test.skip)('fish: valid syntax and real completions', () => {
    expect(spawnSync('fish', ['-n', scripts.fish]).status).toBe(0);
    const complete = (line) => {
      const r = spawnSync('fish', ['--no-config', '-c', `source '${scripts.fish}'; complete -C '${line}'`], { cwd: path.join(dir, 'work'), encoding: 'utf8' });
      return r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]).sort();
    };
    expect(complete('ggen hoo')).toEqual(['hook']);
    expect(complete('ggen hook ')).toEqual(['create', 'list', 'remove', 'run']);
    expect(complete('ggen hook create --on ')).toEqual(['post-merge', 'pre-commit', 'watch']);
    expect(complete('ggen template render ')).toEqual(expect.arrayContaining(['model.tmpl']));
  });

  test('--json wraps the script; an unknown shell is a usage error', () => {
    const r = JSON.parse(runCli(['completion', 'bash', '--json']).stdout);
    expect(r.shell).toBe('bash');
    expect(r.script).toContain('complete -o filenames -F _ggen ggen');
    const bad = runCli(['completion', 'powershell']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown verb');
  });
});
