'use strict';
// Parses one verb's arguments against its spec:
//   flags: { name: { type: 'boolean'|'string'|'number'|'list', short, description, default } }
//   args:  [{ name, required, variadic, description }]
// Supports --flag value, --flag=value, -f value, repeated list flags, --no-<boolean>, and `--`
// (everything after it is passed through as `rest`).
const { UsageError } = require('./usage-error');
const { suggest } = require('./suggest');

const GLOBAL_NAMES = ['json', 'quiet', 'no-color', 'color', 'help', 'version'];

function camel(name) {
  return name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
}

function parseArgs(argv, spec, commandName) {
  const flags = spec.flags || {};
  const byShort = {};
  for (const [name, f] of Object.entries(flags)) if (f.short) byShort[f.short] = name;
  const values = {};
  for (const [name, f] of Object.entries(flags)) {
    if (f.type === 'list') values[camel(name)] = f.default ? [...f.default] : [];
    else if (f.default !== undefined) values[camel(name)] = f.default;
    else if (f.type === 'boolean') values[camel(name)] = false;
  }
  const positionals = [];
  let rest = [];
  const help = `run \`ggen ${commandName} --help\` for usage`;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest = argv.slice(i + 1);
      break;
    }
    let name;
    let inline;
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
      if (!flags[name] && name.startsWith('no-') && flags[name.slice(3)] && flags[name.slice(3)].type === 'boolean') {
        values[camel(name.slice(3))] = false;
        continue;
      }
      if (!flags[name]) {
        const guess = suggest(name, [...Object.keys(flags), ...GLOBAL_NAMES]);
        throw new UsageError(`unknown flag --${name} for \`ggen ${commandName}\``, guess ? `did you mean --${guess}?` : help);
      }
    } else if (arg.startsWith('-') && arg.length === 2 && arg !== '-') {
      name = byShort[arg[1]];
      if (!name) throw new UsageError(`unknown flag ${arg} for \`ggen ${commandName}\``, help);
    } else {
      positionals.push(arg);
      continue;
    }
    const f = flags[name];
    const key = camel(name);
    if (f.type === 'boolean') {
      if (inline !== undefined) {
        if (!['true', 'false'].includes(inline)) throw new UsageError(`--${name} takes no value (or =true/=false)`, help);
        values[key] = inline === 'true';
      } else {
        values[key] = true;
      }
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`, help);
      value = argv[++i];
    }
    if (f.type === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got '${value}'`, help);
      values[key] = n;
    } else if (f.type === 'list') {
      values[key].push(value);
    } else {
      values[key] = value;
    }
  }

  const args = spec.args || [];
  const named = {};
  let p = 0;
  for (const a of args) {
    if (a.variadic) {
      named[camel(a.name)] = positionals.slice(p);
      if (a.required && named[camel(a.name)].length === 0) {
        throw new UsageError(`missing <${a.name}...> for \`ggen ${commandName}\``, help);
      }
      p = positionals.length;
    } else {
      if (p < positionals.length) named[camel(a.name)] = positionals[p++];
      else if (a.required) throw new UsageError(`missing <${a.name}> for \`ggen ${commandName}\``, help);
    }
  }
  if (p < positionals.length) {
    throw new UsageError(`unexpected argument '${positionals[p]}' for \`ggen ${commandName}\``, help);
  }
  return { ...values, ...named, rest };
}

module.exports = { parseArgs, camel };
