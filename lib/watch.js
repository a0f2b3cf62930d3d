'use strict';
// ggen.watch(options): keeps a project's generated files current while its templates, graphs and
// ggen.toml are edited. Returns a handle at once: an EventEmitter with
//   'change'    { files: [{ path, kind }] }   content really changed (paths relative to the project)
//   'generated' report                       the regeneration that followed (same shape as generate())
//   'error'     GgenError (+ .seq)           that regeneration failed; the watcher keeps running
//   'close'                                  after close() has finished
// handle.ready resolves once the folders are watched (the first generation then follows as an
// event) and rejects if watching cannot start (no ggen.toml...). close() returns a Promise; no
// event is emitted after close() is called. `{ signal }` closes it too.
const { EventEmitter } = require('node:events');
const path = require('node:path');
const addon = require('./addon');
const { fromNative, invalidArgument, cancelledError } = require('./errors');

const arrayOf = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

function nativeOptions(options) {
  if (options === null || typeof options !== 'object') throw invalidArgument('watch(options): options must be an object');
  const root = path.resolve(options.root || process.cwd());
  const abs = (p) => path.resolve(root, String(p));
  const debounce = options.debounce === undefined ? 50 : options.debounce;
  if (typeof debounce !== 'number' || !Number.isFinite(debounce) || debounce < 0) {
    throw invalidArgument('watch(options): debounce must be a number of milliseconds >= 0', 'the default is 50');
  }
  const vars = options.vars === undefined ? {} : options.vars;
  if (vars === null || typeof vars !== 'object' || Array.isArray(vars)) throw invalidArgument('watch(options): vars must be an object');
  const { signal } = options;
  if (signal !== undefined && (signal === null || typeof signal.aborted !== 'boolean')) {
    throw invalidArgument('options.signal must be an AbortSignal');
  }
  return {
    project: abs(options.project || '.'),
    ...(options.output ? { output: abs(options.output) } : {}),
    debounceMs: debounce,
    vars,
    varsFiles: arrayOf(options.varsFiles).map(abs),
    varAssignments: arrayOf(options.varAssignments).map(String),
    force: Boolean(options.force),
    allowShell: Boolean(options.allowShell),
    keepGoing: Boolean(options.keepGoing),
    jobs: options.jobs ? Number(options.jobs) : 0,
    shellTimeoutMs: options.shellTimeout ? Number(options.shellTimeout) : 60000,
    // How ggen.toml's `watch` hooks start ggen: this package's CLI under this node.
    ggen: [process.execPath, path.join(__dirname, '..', 'bin', 'ggen.js')],
  };
}

class WatchHandle extends EventEmitter {
  constructor() {
    super();
    this.closed = false; // true as soon as close() is called
    this.root = null; // the project folder, once ready
    this.folders = []; // watched recursively (templates, graph folders), once ready
    this.files = []; // watched one by one (ggen.toml, graph files)
    this._native = null;
    this._closing = null;
  }

  close() {
    if (this._closing) return this._closing;
    this.closed = true;
    this._closing = this._started.then(
      () => (this._native ? addon.binding().watch.close(this._native) : undefined),
      () => undefined,
    ).then(() => {
      this._native = null;
      this.emit('close');
    });
    return this._closing;
  }

  _event(type, json) {
    if (this.closed) return;
    const payload = JSON.parse(json);
    if (type === 'change') this.emit('change', payload);
    else if (type === 'generated') this.emit('generated', payload);
    else if (type === 'error') {
      const err = fromNative(payload.error);
      err.seq = payload.seq;
      // A bad save is a diagnostic, not a crash: without an 'error' listener it is dropped.
      if (this.listenerCount('error') > 0) this.emit('error', err);
    }
  }
}

function watch(options = {}) {
  const json = JSON.stringify(nativeOptions(options));
  const handle = new WatchHandle();
  const { signal } = options;
  let binding;
  try {
    binding = addon.binding();
  } catch (err) {
    handle._started = Promise.reject(err);
  }
  if (!handle._started && signal && signal.aborted) handle._started = Promise.reject(cancelledError(signal.reason));
  if (!handle._started) {
    handle._started = binding.watch.start(json, 0, (type, payload) => handle._event(type, payload)).then(
      ({ handle: native, info }) => {
        handle._native = native;
        const i = JSON.parse(info);
        handle.root = i.root;
        handle.folders = i.folders;
        handle.files = i.files;
        handle.output = i.output;
        if (handle.closed) return; // close() called while starting: it closes the native side
      },
      (err) => {
        throw fromNative(err);
      },
    );
  }
  handle.ready = handle._started.then(() => {
    if (handle.closed) throw cancelledError(new Error('the watcher was closed'));
    return handle;
  });
  handle.ready.catch(() => handle.close()); // a watcher that could not start is closed
  if (signal) {
    const onAbort = () => handle.close();
    signal.addEventListener('abort', onAbort, { once: true });
    handle.once('close', () => signal.removeEventListener('abort', onAbort));
  }
  return handle;
}

module.exports = { watch, WatchHandle };
