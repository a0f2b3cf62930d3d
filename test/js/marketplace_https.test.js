'use strict';
// https registries (Node's fetch on the calling environment's JS thread, driven by the core's
// retry/redirect logic) against a real https server on 127.0.0.1 with a self-signed certificate
// made by openssl; the CLI and API run in child processes with NODE_EXTRA_CA_CERTS, which node
// reads only at start-up. Also: runtime teardown (worker terminate, process exit) while a request
// waits on a server that never answers.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runCli, root } = require('./helpers/run');
const { makePack, tgz, putArchive, serve, runCliAsync, runNodeAsync, selfSignedCert } = require('./helpers/registry');

const lib = path.join(root, 'lib');
let tmp;
let cert;
beforeAll(() => {
  cert = selfSignedCert(fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-cert-')));
});
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-https-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const at = (...p) => path.join(tmp, ...p);
const trusted = () => ({ NODE_EXTRA_CA_CERTS: cert.certFile });
const errorOf = (r) => JSON.parse(r.stdout).error;

function buildRegistry(registry = at('registry')) {
  const publish = (opts) => {
    const dir = makePack(at('src', `${opts.id}-${opts.version || '1.0.0'}`), opts);
    const r = runCli(['marketplace', 'publish', dir, '--registry', registry, '--json']);
    expect(r.code).toBe(0);
  };
  publish({ id: 'base', version: '1.0.0', keywords: ['core'] });
  publish({ id: 'base', version: '1.2.0', keywords: ['core'] });
  publish({ id: 'app', deps: { base: '^1.0.0' }, keywords: ['rust'], description: 'an app' });
  return registry;
}

function workspace(name) {
  const ws = at(name);
  fs.mkdirSync(ws, { recursive: true });
  return ws;
}

describe('https registries', () => {
  test('search, info and install over https (plain and chunked bodies, redirects)', async () => {
    const registry = buildRegistry();
    const server = await serve(registry, { tls: cert, redirectFrom: '/old/' });
    try {
      const ws = workspace('ws');
      const found = await runCliAsync(['marketplace', 'search', 'rust', '--registry', server.url, '--json'], { cwd: ws, env: trusted() });
      expect(found.stderr).toBe('');
      expect(JSON.parse(found.stdout).results.map((h) => h.id)).toEqual(['app']);

      const info = await runCliAsync(['marketplace', 'info', 'base', '--registry', `${server.url}old/`, '--json'], { cwd: ws, env: trusted() });
      expect(info.code).toBe(0);
      expect(JSON.parse(info.stdout)).toMatchObject({ id: 'base', latest: '1.2.0' });
      expect(server.requests.slice(-2)).toEqual(['/old/index.json', '/index.json']);

      const installed = await runCliAsync(['marketplace', 'install', 'app', '--registry', server.url, '--json'], { cwd: ws, env: trusted() });
      expect(installed.stderr).toBe('');
      expect(JSON.parse(installed.stdout).changes.map((c) => [c.id, c.version, c.action])).toEqual([
        ['app', '1.0.0', 'installed'],
        ['base', '1.2.0', 'installed'],
      ]);
      expect(fs.readFileSync(path.join(ws, '.ggen/packs/base/1.2.0/templates/hello.tmpl'), 'utf8')).toContain('base@1.2.0');
      // The same archives over http and https give the same lock.
      const lock = JSON.parse(fs.readFileSync(path.join(ws, 'ggen.lock'), 'utf8'));
      expect(lock.packs.base.sha256).toBe(JSON.parse(fs.readFileSync(path.join(registry, 'index.json'), 'utf8')).packs.base.versions['1.2.0'].sha256);
    } finally {
      await server.close();
    }
    const chunked = await serve(registry, { tls: cert, chunked: true });
    try {
      const ws = workspace('ws-chunked');
      const code = `require(${JSON.stringify(lib)}).marketplace.install('base@~1.0.0', { registry: ${JSON.stringify(chunked.url)} })
        .then((r) => console.log(JSON.stringify(r.changes)), (e) => console.log(e.code, e.message))`;
      const r = await runNodeAsync(code, { cwd: ws, env: trusted() });
      expect(JSON.parse(r.stdout)).toEqual([{ id: 'base', version: '1.0.0', action: 'installed' }]);
    } finally {
      await chunked.close();
    }
  });

  test('a tampered archive over https is E_INTEGRITY and installs nothing', async () => {
    const registry = buildRegistry();
    const index = JSON.parse(fs.readFileSync(path.join(registry, 'index.json'), 'utf8'));
    const archive = path.join(registry, index.packs.base.versions['1.2.0'].archive);
    const bytes = fs.readFileSync(archive);
    bytes[bytes.length - 10] ^= 0xff;
    fs.writeFileSync(archive, bytes);
    const server = await serve(registry, { tls: cert });
    try {
      const ws = workspace('ws');
      const r = await runCliAsync(['marketplace', 'install', 'app', '--registry', server.url, '--json'], { cwd: ws, env: trusted() });
      expect(r.code).toBe(1);
      expect(errorOf(r).code).toBe('E_INTEGRITY');
      expect(errorOf(r).message).toContain('base@1.2.0');
      expect(fs.readdirSync(ws)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test('an archive with ../ entries over https is refused before anything is written', async () => {
    const registry = at('registry');
    putArchive(registry, 'evil', '1.0.0', tgz([['ggen-pack.toml', '[pack]\nid = "evil"\nversion = "1.0.0"\n'], ['../escape.txt', 'x']]));
    const server = await serve(registry, { tls: cert });
    try {
      const ws = workspace('ws');
      const r = await runCliAsync(['marketplace', 'install', 'evil', '--registry', server.url, '--json'], { cwd: ws, env: trusted() });
      expect(errorOf(r).code).toBe('E_PATH_ESCAPE');
      expect(fs.readdirSync(ws)).toEqual([]);
      expect(fs.existsSync(at('escape.txt'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  test('an untrusted certificate is E_TLS with a NODE_EXTRA_CA_CERTS hint, not retried', async () => {
    const registry = buildRegistry();
    const server = await serve(registry, { tls: cert });
    try {
      const ws = workspace('ws');
      const r = await runCliAsync(['marketplace', 'search', '--registry', server.url, '--json'], { cwd: ws, env: { NODE_EXTRA_CA_CERTS: '' } });
      expect(r.code).toBe(1);
      const error = errorOf(r);
      expect(error.code).toBe('E_TLS');
      expect(error.message).toContain('self-signed');
      expect(error.hint).toContain('NODE_EXTRA_CA_CERTS');
      expect(server.requests).toEqual([]); // refused during the handshake, no HTTP request made
      // A certificate for another name is a TLS failure too.
      const other = selfSignedCert(at('other'), 'other');
      const r2 = await runCliAsync(['marketplace', 'search', '--registry', server.url, '--json'], { cwd: ws, env: { NODE_EXTRA_CA_CERTS: other.certFile } });
      expect(errorOf(r2).code).toBe('E_TLS');
    } finally {
      await server.close();
    }
  });

  test('5xx is retried, 404 is not; a server that never answers times out after the retries', async () => {
    const registry = buildRegistry();
    const flaky = await serve(registry, { tls: cert, failFirst: 2 });
    try {
      const ws = workspace('ws');
      const r = await runCliAsync(['marketplace', 'search', 'base', '--registry', flaky.url, '--json'], { cwd: ws, env: trusted() });
      expect(JSON.parse(r.stdout).results[0].id).toBe('base');
      expect(flaky.requests).toEqual(['/index.json', '/index.json', '/index.json']);
      const missing = await runCliAsync(['marketplace', 'search', '--registry', `${flaky.url}nothing/`, '--json'], { cwd: ws, env: trusted() });
      expect(errorOf(missing).code).toBe('E_REGISTRY_INDEX');
      expect(flaky.requests.length).toBe(4);
    } finally {
      await flaky.close();
    }
    const hanging = await serve(at('none'), { tls: cert, hang: true });
    try {
      const ws = workspace('ws2');
      const r = await runCliAsync(['marketplace', 'search', '--registry', hanging.url, '--http-timeout', '300', '--retries', '1', '--json'], { cwd: ws, env: trusted() });
      expect(r.code).toBe(1);
      expect(errorOf(r).code).toBe('E_REGISTRY_TIMEOUT');
      expect(errorOf(r).message).toContain('2 attempts');
      expect(hanging.requests.length).toBe(2);
    } finally {
      await hanging.close();
    }
  });

  test('the main thread and two worker_threads fetch over https at the same time', async () => {
    const registry = buildRegistry();
    const server = await serve(registry, { tls: cert });
    try {
      const code = `
        const { Worker } = require('node:worker_threads');
        const search = \`require(${JSON.stringify(lib)}).marketplace.search('base', { registry: ${JSON.stringify(server.url)} })
          .then((r) => r.results[0].id, (e) => e.code)\`;
        const inWorker = () => new Promise((resolve, reject) => {
          const w = new Worker(\`const { parentPort } = require('node:worker_threads'); \${search}.then((x) => parentPort.postMessage(x));\`, { eval: true });
          w.once('message', resolve);
          w.once('error', reject);
        });
        Promise.all([eval(search), inWorker(), inWorker()]).then((all) => console.log(JSON.stringify(all)));`;
      const r = await runNodeAsync(code, { cwd: workspace('ws'), env: trusted() });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual(['base', 'base', 'base']);
      expect(server.requests).toEqual(['/index.json', '/index.json', '/index.json']);
    } finally {
      await server.close();
    }
  });

  test('an AbortSignal cancels an https request at once and aborts the transfer', async () => {
    const code = `
      const ggen = require(${JSON.stringify(lib)});
      const https = require('node:https');
      const fs = require('node:fs');
      const server = https.createServer({ key: fs.readFileSync(${JSON.stringify(path.join(path.dirname(cert.certFile), 'registry-key.pem'))}), cert: fs.readFileSync(${JSON.stringify(cert.certFile)}) }, (req) => {
        req.socket.on('close', () => { console.log('transfer closed'); server.close(); });
        controller.abort();
      });
      const controller = new AbortController();
      server.listen(0, '127.0.0.1', () => {
        const url = 'https://127.0.0.1:' + server.address().port + '/';
        ggen.marketplace.install('xx', { registry: url, httpTimeout: 600000, signal: controller.signal })
          .then(() => console.log('resolved'), (e) => console.log('rejected', e.code));
      });`;
    const r = await runNodeAsync(code, { cwd: workspace('ws'), env: trusted() });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['rejected E_CANCELLED', 'transfer closed']);
    expect(fs.readdirSync(at('ws'))).toEqual([]);
  });
});

// A child process whose registry (served by its own main thread) never answers, with an HTTP
// timeout of 10 minutes: the child only ends if teardown does not wait for the request.
function hangingServerScript(scheme, body) {
  return `
    const ggen = require(${JSON.stringify(lib)});
    const fs = require('node:fs');
    const mod = require('node:${scheme}');
    const opts = ${scheme === 'https' ? `{ key: fs.readFileSync(${JSON.stringify(path.join(path.dirname(cert.certFile), 'registry-key.pem'))}), cert: fs.readFileSync(${JSON.stringify(cert.certFile)}) }` : '{}'};
    const sockets = new Set();
    const server = mod.createServer(opts, () => onRequest());
    server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
    const stop = () => { for (const s of sockets) s.destroy(); server.close(); };
    server.listen(0, '127.0.0.1', () => {
      const url = '${scheme}://127.0.0.1:' + server.address().port + '/';
      ${body}
    });`;
}

describe.each(['http', 'https'])('teardown while an %s request waits', (scheme) => {
  test('a worker_thread terminated mid-request ends at once; the process goes on', async () => {
    const code = hangingServerScript(
      scheme,
      `const { Worker } = require('node:worker_threads');
       const worker = new Worker(\`
         const { parentPort, workerData } = require('node:worker_threads');
         require(workerData.lib).marketplace.search('x', { registry: workerData.url, httpTimeout: 600000, retries: 0 })
           .then(() => parentPort.postMessage('resolved'), (e) => parentPort.postMessage('rejected ' + e.code));
       \`, { eval: true, workerData: { lib: ${JSON.stringify(lib)}, url } });
       worker.on('message', (m) => console.log(m));
       global.onRequest = () => worker.terminate().then(() => {
         console.log('terminated');
         stop();
         // The main thread's environment still works after the worker's teardown.
         ggen.marketplace.search('x', { registry: ${JSON.stringify(at('missing'))} }).catch((e) => console.log('main', e.code));
       });`,
    ).replace('() => onRequest()', '() => global.onRequest()');
    const r = await runNodeAsync(code, { cwd: workspace('ws'), env: trusted() });
    expect(r.stderr).toBe('');
    expect(r.signal).toBe(null);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['terminated', 'main E_REGISTRY_UNREACHABLE']);
  });

  test('process.exit() mid-request exits at once', async () => {
    const code = hangingServerScript(
      scheme,
      `global.onRequest = () => { console.log('exiting'); process.exit(7); };
       ggen.marketplace.install('xx', { registry: url, httpTimeout: 600000, retries: 0 })
         .then(() => console.log('resolved'), (e) => console.log('rejected', e.code));`,
    ).replace('() => onRequest()', '() => global.onRequest()');
    const r = await runNodeAsync(code, { cwd: workspace('ws'), env: trusted() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(7);
    expect(r.stdout).toBe('exiting\n');
    expect(fs.readdirSync(at('ws'))).toEqual([]);
  });
});
