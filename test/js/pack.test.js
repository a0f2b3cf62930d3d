'use strict';
// The published package: `npm pack`, install the tarball into an empty project without network
// and without a compiler on PATH, then run the CLI from there on the shipped prebuild.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { root, childEnv } = require('./helpers/run');

jest.setTimeout(180000);

let tmp;
let project;
let env;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-pack-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const tarball = path.join(tmp, packed[0].filename);
  project = path.join(tmp, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  // A PATH with node and npm only: no cc, c++, make, cmake or python.
  const bin = path.join(tmp, 'bin');
  fs.mkdirSync(bin);
  const nodeDir = path.dirname(process.execPath);
  for (const tool of ['node', 'npm', 'npx']) {
    const target = fs.existsSync(path.join(nodeDir, tool)) ? path.join(nodeDir, tool) : execFileSync('which', [tool], { encoding: 'utf8' }).trim();
    fs.symlinkSync(fs.realpathSync(target), path.join(bin, tool));
  }
  for (const tool of ['sh', 'env']) {
    const p = execFileSync('which', [tool], { encoding: 'utf8' }).trim();
    fs.symlinkSync(p, path.join(bin, tool));
  }
  env = childEnv({ PATH: bin, PREBUILDS_ONLY: '1', npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });
  // ggen's runtime dependencies go in as tarballs packed from this checkout's node_modules: an
  // offline install of a registry range needs the registry's metadata in npm's cache, which a
  // fresh machine that only ran `npm ci` (tarballs by integrity) does not have.
  const deps = Object.keys(require('../../package.json').dependencies || {}).map((name) => {
    const out = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', tmp, path.join(root, 'node_modules', name)], { cwd: tmp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    return path.join(tmp, out[0].filename);
  });
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball, ...deps], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the tarball ships the prebuild and no install script', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(project, 'node_modules', 'ggen', 'package.json'), 'utf8'));
  const scripts = pkg.scripts || {};
  expect(scripts.install).toBeUndefined();
  expect(scripts.preinstall).toBeUndefined();
  expect(scripts.postinstall).toBeUndefined();
  expect(fs.existsSync(path.join(project, 'node_modules', 'ggen', 'prebuilds', 'linux-x64', 'ggen.glibc.node'))).toBe(true);
  expect(fs.existsSync(path.join(project, 'node_modules', 'ggen', 'build'))).toBe(false);
});

test('npx ggen --version runs from the installed package', () => {
  const r = spawnSync('npx', ['ggen', '--version'], { cwd: project, env, encoding: 'utf8' });
  expect(r.stderr.replace(/npm warn[^\n]*\n/gi, '')).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout.trim()).toBe(`ggen ${require('../../package.json').version}`);
});

test('npx ggen utils doctor --json loads the shipped prebuild', () => {
  const r = spawnSync('npx', ['ggen', 'utils', 'doctor', '--json'], { cwd: project, env, encoding: 'utf8' });
  expect(r.status).toBe(0);
  const doc = JSON.parse(r.stdout);
  expect(doc.ok).toBe(true);
  expect(doc.addon.path).toBe(path.join(fs.realpathSync(project), 'node_modules', 'ggen', 'prebuilds', 'linux-x64', 'ggen.glibc.node'));
});
