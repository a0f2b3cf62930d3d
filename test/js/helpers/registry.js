'use strict';
// Test helpers for the marketplace: pack folders on disk, hand-made (hostile) archives, and real
// HTTP servers on 127.0.0.1 serving a registry folder, optionally failing, hanging or chunking.
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const path = require('node:path');
const zlib = require('node:zlib');
const crypto = require('node:crypto');
const { spawn, execFileSync } = require('node:child_process');
const { cli, root, childEnv } = require('./run');

function makePack(dir, { id, version = '1.0.0', deps = {}, keywords = [], description = `the ${id} pack`, name, templates } = {}) {
  fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
  const depLines = Object.entries(deps).map(([d, r]) => `${d} = "${r}"`).join('\n');
  fs.writeFileSync(
    path.join(dir, 'ggen-pack.toml'),
    `[pack]\nid = "${id}"\nversion = "${version}"\n${name ? `name = "${name}"\n` : ''}description = "${description}"\n` +
      `keywords = [${keywords.map((k) => `"${k}"`).join(', ')}]\nlicense = "MIT"\n\n[contents]\ntemplates = "templates"\n\n[dependencies]\n${depLines}\n`,
  );
  const files = templates || { 'hello.tmpl': `---\nto: "{{ name }}.txt"\n---\nhello {{ name }} from ${id}@${version}\n` };
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, 'templates', f)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'templates', f), text);
  }
  return dir;
}

// One ustar header + data, for archives the publisher would never write.
function tarEntry(name, data = '', type = '0', link = '') {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write(type, 156);
  h.write(link, 157, 100);
  h.write('ustar\u000000', 257);
  h.fill(' ', 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const body = Buffer.from(data);
  return Buffer.concat([h, body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}

function tgz(entries) {
  return zlib.gzipSync(Buffer.concat([...entries.map((e) => tarEntry(...e)), Buffer.alloc(1024)]));
}

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

// Writes an archive into a registry folder and points the index entry (created if needed) at it.
function putArchive(registry, id, version, bytes, deps = {}) {
  fs.mkdirSync(registry, { recursive: true });
  const file = path.join(registry, 'index.json');
  const index = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { schema: 1, packs: {} };
  const archive = `${id}-${version}.tgz`;
  fs.writeFileSync(path.join(registry, archive), bytes);
  index.packs[id] = index.packs[id] || { name: id, description: '', keywords: [], license: '', versions: {} };
  index.packs[id].versions[version] = { archive, sha256: sha256(bytes), size: bytes.length, ggen: '*', dependencies: deps };
  fs.writeFileSync(file, JSON.stringify(index, null, 2));
}

// A self-signed certificate for 127.0.0.1 (openssl is a Debian package on CI): { key, cert, certFile }.
function selfSignedCert(dir, name = 'registry') {
  fs.mkdirSync(dir, { recursive: true });
  const keyFile = path.join(dir, `${name}-key.pem`);
  const certFile = path.join(dir, `${name}-cert.pem`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'pipe' });
  return { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile), certFile };
}

// Serves `dir`. failFirst: answer the first N requests with 503; hang: never answer (true, or a
// predicate on the URL); chunked:
// Transfer-Encoding: chunked; redirectFrom: a prefix that 302-redirects to the real path;
// tls: { key, cert } serves https instead of http.
function serve(dir, { failFirst = 0, hang = false, chunked = false, redirectFrom = null, tls = null } = {}) {
  const requests = [];
  const sockets = new Set();
  const handler = (req, res) => {
    requests.push(req.url);
    if (hang === true || (typeof hang === 'function' && hang(req.url))) return;
    if (requests.length <= failFirst) {
      res.writeHead(503, { 'content-length': 0 });
      res.end();
      return;
    }
    let url = decodeURIComponent(req.url.split('?')[0]);
    if (redirectFrom && url.startsWith(redirectFrom)) {
      res.writeHead(302, { location: url.slice(redirectFrom.length - 1) });
      res.end();
      return;
    }
    const file = path.join(dir, url);
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-length': 0 });
      res.end();
      return;
    }
    const body = fs.readFileSync(file);
    if (chunked) {
      res.writeHead(200);
      for (let i = 0; i < body.length; i += 100) res.write(body.subarray(i, i + 100));
      res.end();
    } else {
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    }
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/`,
        requests,
        close: () =>
          new Promise((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

// A port that nothing listens on: bound, then released.
function closedPort() {
  return new Promise((resolve) => {
    const s = http.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// The CLI, without blocking this process's event loop (the test's HTTP server must keep answering).
function runCliAsync(args, { cwd = root, env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: childEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// A node script in a child process, without blocking this process's event loop.
function runNodeAsync(code, { cwd = root, env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', code], { cwd, env: childEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

module.exports = { runNodeAsync, makePack, tgz, tarEntry, sha256, putArchive, serve, closedPort, runCliAsync, selfSignedCert };
