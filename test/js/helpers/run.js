'use strict';
// Runs the CLI or a node snippet in a child process and collects its output.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..', '..', '..');
const cli = path.join(root, 'bin', 'ggen.js');

// The parent's colour settings (Jest sets FORCE_COLOR) must not leak into the child.
function childEnv(extra) {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return { ...env, ...extra };
}

function runCli(args, { env = {}, cwd = root, input } = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    env: childEnv(env),
    input,
    encoding: 'utf8',
    timeout: 60000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

function runNode(code, { env = {}, cwd = root, timeout = 60000 } = {}) {
  const r = spawnSync(process.execPath, ['-e', code], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

module.exports = { root, cli, runCli, runNode, childEnv };
