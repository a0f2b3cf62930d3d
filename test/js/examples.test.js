'use strict';
// Every example project regenerates byte for byte into a fresh folder, through the CLI.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { root, runCli } = require('./helpers/run');

const examples = fs.readdirSync(path.join(root, 'examples')).filter((d) => fs.existsSync(path.join(root, 'examples', d, 'ggen.toml')));

function files(dir, base = dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== '.ggen') out.push(...files(p, base));
    } else {
      out.push(path.relative(base, p));
    }
  }
  return out;
}

test('there are at least three examples', () => {
  expect(examples.length).toBeGreaterThanOrEqual(3);
});

describe.each(examples)('examples/%s', (name) => {
  const dir = path.join(root, 'examples', name);
  const expected = path.join(dir, 'generated');

  test('regenerates its checked-in output byte for byte', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), `ggen-example-${name}-`));
    try {
      const r = runCli(['project', 'gen', '--output', out, '--json'], { cwd: dir });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.mode).toBe('apply');
      expect(files(out)).toEqual(files(expected));
      for (const f of files(expected)) {
        expect({ file: f, content: fs.readFileSync(path.join(out, f), 'utf8') }).toEqual({ file: f, content: fs.readFileSync(path.join(expected, f), 'utf8') });
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test('--check says the checked-in output is current', () => {
    const r = runCli(['project', 'gen', '--check'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^up to date/);
  });
});
