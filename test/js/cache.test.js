'use strict';
// `project gen --cache` and `ggen.generate({ cache: true })`: a second run reuses the persistent
// cache (.ggen/cache/), and a damaged cache is discarded with a warning, never trusted.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ggen = require('../../lib');
const { runCli } = require('./helpers/run');

let dir;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-cache-'));
  write('ggen.toml', '[project]\nname = "c"\n[prefixes]\nex = "http://example.org/"\n');
  write('graphs/d.ttl', '@prefix ex: <http://example.org/> .\nex:A a ex:Class .\nex:B a ex:Class .\n');
  write('templates/list.tera', '---\nto: list.txt\nsparql:\n  cs: "SELECT ?c WHERE { ?c a ex:Class } ORDER BY ?c"\n---\n{% for r in sparql_results.cs %}{{ r.c }}\n{% endfor %}');
  write('templates/one.tera', '---\nto: one.txt\n---\none\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(rel, text) {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}
const read = (rel) => fs.readFileSync(path.join(dir, rel), 'utf8');
const gen = (...args) => runCli(['project', 'gen', '--cache', '--json', ...args], { cwd: dir });
const counters = (report, name) => report.cache.find((c) => c.name === name);
const expected = 'http://example.org/A\nhttp://example.org/B\n';

test('a second run parses and renders nothing', () => {
  const first = gen();
  expect(first.code).toBe(0);
  const one = JSON.parse(first.stdout);
  expect(one.written).toBe(2);
  expect(counters(one, 'renders')).toMatchObject({ hits: 0, misses: 2 });
  expect(fs.existsSync(path.join(dir, '.ggen/cache/entries.bin'))).toBe(true);
  // One output gone: the whole previous plan cannot be replayed, the per-template caches answer.
  fs.rmSync(path.join(dir, 'generated/one.txt'));
  const second = JSON.parse(gen().stdout);
  expect(second.written).toBe(1);
  expect(second.cacheWarnings).toEqual([]);
  expect(counters(second, 'plans')).toMatchObject({ hits: 0, misses: 1 });
  expect(counters(second, 'graphs')).toMatchObject({ hits: 0, misses: 0 });
  expect(counters(second, 'queries')).toMatchObject({ hits: 1, misses: 0 });
  expect(counters(second, 'renders')).toMatchObject({ hits: 2, misses: 0 });
  expect(read('generated/list.txt')).toBe(expected);
  expect(read('generated/one.txt')).toBe('one\n');
  // Nothing changed at all: the previous plan is replayed whole, nothing else is looked up.
  const third = JSON.parse(gen().stdout);
  expect(third.written).toBe(0);
  expect(counters(third, 'plans')).toMatchObject({ hits: 1, misses: 0 });
  for (const name of ['graphs', 'templates', 'queries', 'renders']) {
    expect(counters(third, name)).toMatchObject({ hits: 0, misses: 0 });
  }
});

test('a replay still sees a hand edit, a deleted target and a symlinked target', async () => {
  gen();
  // Same size, mtime put back: still seen (E_CONFLICT, as without the cache).
  const target = path.join(dir, 'generated/one.txt');
  const { mtime } = fs.statSync(target);
  fs.writeFileSync(target, 'uno\n');
  fs.utimesSync(target, mtime, mtime);
  await expect(ggen.generate({ project: dir, cache: true })).rejects.toMatchObject({ code: 'E_CONFLICT', message: expect.stringMatching(/one\.txt/) });
  // Deleted: written again.
  fs.rmSync(target);
  const again = JSON.parse(gen().stdout);
  expect(again.written).toBe(1);
  expect(read('generated/one.txt')).toBe('one\n');
  // Replaced by a symlink to other bytes in the output folder: E_CONFLICT, as without the cache.
  fs.writeFileSync(path.join(dir, 'generated/other.txt'), 'two\n');
  fs.rmSync(target);
  fs.symlinkSync(path.join(dir, 'generated/other.txt'), target);
  await expect(ggen.generate({ project: dir, cache: true })).rejects.toMatchObject({ code: 'E_CONFLICT' });
  await expect(ggen.generate({ project: dir })).rejects.toMatchObject({ code: 'E_CONFLICT' });
  // ...and to the same bytes outside it: E_PATH_ESCAPE, though the cache says the bytes are right.
  fs.writeFileSync(path.join(dir, 'outside.txt'), 'one\n');
  fs.rmSync(target);
  fs.symlinkSync(path.join(dir, 'outside.txt'), target);
  await expect(ggen.generate({ project: dir, cache: true })).rejects.toMatchObject({ code: 'E_PATH_ESCAPE' });
  await expect(ggen.generate({ project: dir })).rejects.toMatchObject({ code: 'E_PATH_ESCAPE' });
});

test('a template edit renders only that template; a graph edit follows the data', () => {
  gen();
  write('templates/one.tera', '---\nto: one.txt\n---\nuno\n');
  const r = JSON.parse(gen().stdout);
  expect(r.written).toBe(1);
  expect(counters(r, 'renders')).toMatchObject({ hits: 1, misses: 1 });
  expect(read('generated/one.txt')).toBe('uno\n');
  write('graphs/d.ttl', '@prefix ex: <http://example.org/> .\nex:A a ex:Class .\n');
  const g = JSON.parse(gen().stdout);
  expect(g.written).toBe(1);
  expect(read('generated/list.txt')).toBe('http://example.org/A\n');
});

// A damaged payload is found when its entry is read (the cache loads lazily): entries read
// before it were checked one by one and may still hit; the damaged one never does.
test.each([
  ['a flipped byte', (t) => Buffer.from(t.toString('latin1').replace('example.org/B', 'example.org/X'), 'latin1'), 1],
  ['a flipped index byte', (t) => Buffer.from(t.toString('latin1').replace(/\nquery /, '\nquerx '), 'latin1'), 0],
  ['a truncated file', (t) => t.subarray(0, Math.floor(t.length / 2)), 0],
  ['another version', (t) => Buffer.from(t.toString('latin1').replace(/^ggen-cache \d+/, 'ggen-cache 7'), 'latin1'), 0],
  ['garbage', () => Buffer.from('not a cache at all\n'), 0],
])('%s is discarded with a warning and the output is still right', (what, damage, maxHits) => {
  gen();
  const file = path.join(dir, '.ggen/cache/entries.bin');
  fs.writeFileSync(file, damage(fs.readFileSync(file)));
  fs.rmSync(path.join(dir, 'generated/list.txt'));
  const run = gen();
  expect(run.code).toBe(0);
  const r = JSON.parse(run.stdout);
  expect(r.cacheWarnings).toHaveLength(1);
  expect(r.cacheWarnings[0]).toMatch(/discarded/);
  expect(counters(r, 'renders').hits).toBeLessThanOrEqual(maxHits);
  expect(read('generated/list.txt')).toBe(expected);
  // The human form prints the warning on stderr.
  fs.writeFileSync(file, damage(fs.readFileSync(file)));
  const human = runCli(['project', 'gen', '--cache'], { cwd: dir });
  expect(human.code).toBe(0);
  expect(human.stderr).toMatch(/warning.*discarded/);
});

test('ggen.toml [cache] persistent = true opts in without the flag; a bad memory size is E_PROJECT', async () => {
  write('ggen.toml', '[project]\nname = "c"\n[prefixes]\nex = "http://example.org/"\n[cache]\npersistent = true\nmemory = "16MB"\n');
  const r = await ggen.generate({ project: dir });
  expect(r.cache.map((c) => c.name)).toEqual(['graphs', 'templates', 'queries', 'renders', 'plans']);
  expect(fs.existsSync(path.join(dir, '.ggen/cache/entries.bin'))).toBe(true);
  write('ggen.toml', '[project]\nname = "c"\n[cache]\nmemory = "a lot"\n');
  await expect(ggen.generate({ project: dir })).rejects.toMatchObject({ code: 'E_PROJECT', message: expect.stringMatching(/cache\.memory/) });
  write('ggen.toml', '[project]\nname = "c"\n[cache]\npersistant = true\n');
  await expect(ggen.generate({ project: dir })).rejects.toMatchObject({ code: 'E_PROJECT', hint: expect.stringMatching(/persistent/) });
});

test('without cache the report has no cache counters and nothing is stored', async () => {
  const r = await ggen.generate({ project: dir });
  expect(r.cache).toBeUndefined();
  expect(fs.existsSync(path.join(dir, '.ggen/cache'))).toBe(false);
});
