'use strict';
// doctor(): what ggen needs from this machine, each as a named check with a detail, plus the
// native facts (addon path, Node-API, libuv in use, runtime threads).
const fs = require('node:fs/promises');
const path = require('node:path');
const { invoke } = require('./call');
const addon = require('./addon');
const { version } = require('./version');

const MIN_FREE_BYTES = 100 * 1024 * 1024;

async function findOnPath(name) {
  const dirs = (process.env.PATH || '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      await fs.access(candidate, fs.constants.X_OK);
      const st = await fs.stat(candidate);
      if (st.isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

async function writable(dir) {
  try {
    await fs.access(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function collect(cwd) {
  const { binding, path: addonPath } = { binding: addon.binding(), path: addon.path() };
  const native = binding.runtime.nativeInfo();
  // A real round trip through the runtime proves the bridge works in this host.
  const t0 = process.hrtime.bigint();
  await binding.runtime.ping(0);
  const roundTripUs = Number(process.hrtime.bigint() - t0) / 1000;

  const checks = [];
  const add = (name, ok, detail, hint) => checks.push({ name, ok, detail, ...(hint && !ok ? { hint } : {}) });

  const nodeMajor = Number(process.versions.node.split('.')[0]);
  add('node', nodeMajor >= 20, `node ${process.version}`, 'ggen needs Node.js 20 or newer');
  const napi = Number(process.versions.napi);
  add('node-api', napi >= native.napiVersionBuilt, `Node-API ${napi} (addon built for ${native.napiVersionBuilt})`,
    'upgrade Node.js: the addon needs a newer Node-API');
  add('addon', true, addonPath);
  add('runtime', true, `${native.runtimeThreads} worker threads, round trip ${roundTripUs.toFixed(0)} µs`);
  const canWrite = await writable(cwd);
  add('write access', canWrite, cwd, 'generation writes into this folder: fix its permissions or run elsewhere');
  const git = await findOnPath('git');
  add('git', git !== null, git || 'git not found on PATH', 'install git to use hooks and `ggen project diff` against commits');
  let free = null;
  try {
    const st = await fs.statfs(cwd);
    free = st.bavail * st.bsize;
  } catch {
    free = null;
  }
  add('disk', free !== null && free >= MIN_FREE_BYTES,
    free === null ? 'cannot read free space' : `${(free / 1024 / 1024 / 1024).toFixed(1)} GiB free`,
    'free some disk space: ggen writes outputs through temporary files');

  return {
    ok: checks.every((c) => c.ok || c.name === 'git'),
    ggen: version,
    node: process.version,
    napi,
    platform: `${process.platform}-${process.arch}`,
    addon: { path: addonPath, napiVersionBuilt: native.napiVersionBuilt, libuv: native.libuv, compiler: native.compiler },
    runtime: { threads: native.runtimeThreads, roundTripUs: Math.round(roundTripUs), stats: binding.runtime.stats() },
    cwd: { path: cwd, writable: canWrite },
    git: { found: git !== null, path: git },
    disk: { freeBytes: free },
    checks,
  };
}

function doctor(options = {}) {
  const cwd = path.resolve((options && options.cwd) || process.cwd());
  return invoke(doctor, options, () => collect(cwd));
}

module.exports = { doctor };
