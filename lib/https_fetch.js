'use strict';
// One https attempt for the registry client, on the JS thread with Node's own fetch (so Node's TLS
// stack and CA store, NODE_EXTRA_CA_CERTS included). The core's worker waits for respond(); the
// core owns retries, backoff and redirects, so this does one GET, follows no redirect, enforces
// the per-attempt timeout and the size limit, and classifies failures into the codes the plain
// http client uses (plus E_TLS). The returned function aborts the transfer (call cancelled).

// OpenSSL verification codes and Node's TLS error codes: a certificate the host does not trust,
// a name mismatch, or a failed handshake.
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|^EPROTO$/;

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function deepestCode(err) {
  let code;
  for (let e = err, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (typeof e.code === 'string') code = e.code;
  }
  return code;
}

function deepestMessage(err) {
  let msg = err && err.message;
  for (let e = err && err.cause, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (e.message) msg = e.message;
  }
  return msg || String(err);
}

function classify(err, url, timedOut) {
  const where = originOf(url);
  if (timedOut) return { code: 'E_REGISTRY_TIMEOUT', message: `no complete answer from ${where} within the timeout` };
  if (err && err.ggenCode) return { code: err.ggenCode, message: err.message };
  const code = deepestCode(err);
  if (code && TLS_CODE.test(code)) {
    return {
      code: 'E_TLS',
      message: `TLS failure with ${where}: ${deepestMessage(err)} (${code})`,
      hint: 'the registry\'s certificate is not trusted by Node.js; if it is issued by a private CA, point NODE_EXTRA_CA_CERTS at that CA\'s PEM file (read when node starts)',
    };
  }
  return { code: 'E_REGISTRY_UNREACHABLE', message: `cannot reach ${where}: ${deepestMessage(err)}${code ? ` (${code})` : ''}` };
}

function tooLarge(message) {
  const e = new Error(message);
  e.ggenCode = 'E_HTTP_PROTOCOL';
  return e;
}

async function readBody(res, maxBytes) {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(`body of ${declared} bytes is larger than the limit`);
  if (!res.body) return Buffer.alloc(0);
  const chunks = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge('body larger than the limit');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

// fetcher({ id, url, timeoutMs, maxBytes }, respond) -> abort()
function httpsFetch(request, respond) {
  const { id, url, timeoutMs, maxBytes } = request;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  (async () => {
    const res = await fetch(url, {
      signal: controller.signal,
      redirect: 'manual',
      headers: { 'user-agent': 'ggen', accept: '*/*', 'accept-encoding': 'identity' },
    });
    const body = await readBody(res, maxBytes);
    return { status: res.status, headers: Object.fromEntries(res.headers), body };
  })().then(
    (r) => {
      clearTimeout(timer);
      respond(id, null, r.status, r.headers, r.body);
    },
    (err) => {
      clearTimeout(timer);
      respond(id, classify(err, url, timedOut));
    },
  );
  return () => {
    clearTimeout(timer);
    controller.abort();
  };
}

module.exports = { httpsFetch };
