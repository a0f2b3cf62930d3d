'use strict';
// Terminal output: colours that honour --no-color, NO_COLOR, FORCE_COLOR and non-TTY streams;
// data to stdout, diagnostics to stderr; errors in the compiler-style format.
const fs = require('node:fs');

const CODES = { red: [31, 39], yellow: [33, 39], green: [32, 39], cyan: [36, 39], dim: [2, 22], bold: [1, 22] };

function colourEnabled(stream, noColorFlag, env = process.env) {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.TERM === 'dumb') return false;
  return Boolean(stream && stream.isTTY);
}

class Output {
  constructor({ stdout = process.stdout, stderr = process.stderr, noColor = false, quiet = false, json = false } = {}) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.quiet = quiet;
    this.json = json;
    this.sources = {}; // texts without a file (an inline query), by the name errors give them
    this.colourOut = colourEnabled(stdout, noColor);
    this.colourErr = colourEnabled(stderr, noColor);
  }

  paint(style, text, toErr = false) {
    if (!(toErr ? this.colourErr : this.colourOut)) return text;
    const [open, close] = CODES[style];
    return `\x1b[${open}m${text}\x1b[${close}m`;
  }

  // Human output (suppressed by --quiet and --json).
  line(text = '') {
    if (!this.quiet && !this.json) this.stdout.write(`${text}\n`);
  }
  // Data that is the command's product (printed even with --quiet, never with --json).
  data(text) {
    if (!this.json) this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  writeJson(value) {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }
  warn(text) {
    if (!this.quiet) this.stderr.write(`${this.paint('yellow', 'warning', true)}: ${text}\n`);
  }

  // error[CODE]: message / --> file:line:col / the source line and a caret / = hint
  error(err) {
    const e = (s, t) => this.paint(s, t, true);
    const code = err.code || 'E_INTERNAL';
    let text = `${e('red', `error[${code}]`)}: ${e('bold', err.message)}\n`;
    if (err.file) {
      const where = [err.file, err.line, err.column].filter((v) => v !== undefined && v !== null).join(':');
      text += `  ${e('cyan', '-->')} ${where}\n`;
      const src = sourceLine(err.file, err.line, this.sources);
      if (src !== null) {
        const num = String(err.line);
        const pad = ' '.repeat(num.length);
        text += `${pad} ${e('cyan', '|')}\n${e('cyan', num)} ${e('cyan', '|')} ${src}\n`;
        if (err.column) {
          const width = err.endLine === err.line && err.endColumn > err.column ? err.endColumn - err.column : 1;
          const lead = src.slice(0, err.column - 1).replace(/[^\t]/g, ' ');
          text += `${pad} ${e('cyan', '|')} ${lead}${e('red', '^'.repeat(width))}\n`;
        }
      }
    }
    if (err.hint) text += `  ${e('cyan', '=')} hint: ${err.hint}\n`;
    for (let c = err.cause; c && typeof c === 'object'; c = c.cause) {
      text += `  ${e('dim', `caused by${c.code ? ` [${c.code}]` : ''}: ${c.message}`)}\n`;
    }
    this.stderr.write(text);
  }
}

function sourceLine(file, line, sources = {}) {
  if (!line) return null;
  if (Object.prototype.hasOwnProperty.call(sources, file)) {
    const lines = sources[file].split(/\r?\n/);
    return line - 1 < lines.length ? lines[line - 1] : null;
  }
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > 64 * 1024 * 1024) return null;
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    return line - 1 < lines.length ? lines[line - 1] : null;
  } catch {
    return null;
  }
}

function errorToJson(err) {
  const out = { code: err.code || 'E_INTERNAL', message: err.message };
  for (const k of ['file', 'line', 'column', 'endLine', 'endColumn', 'hint']) if (err[k] !== undefined) out[k] = err[k];
  if (err.cause && typeof err.cause === 'object' && err.cause.message) out.cause = errorToJson(err.cause);
  return out;
}

module.exports = { Output, colourEnabled, errorToJson };
