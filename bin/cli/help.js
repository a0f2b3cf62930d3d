'use strict';
// Help text, generated from the same command table that dispatches.
const GLOBAL_FLAGS = [
  ['--json', 'print one JSON document on stdout'],
  ['-q, --quiet', 'print only errors and the command\'s data'],
  ['--no-color', 'no colours (also NO_COLOR=1; FORCE_COLOR=1 forces them)'],
  ['-h, --help', 'show help'],
  ['-V, --version', 'print the version'],
];

function table(rows, indent = 2) {
  const width = Math.max(0, ...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `${' '.repeat(indent)}${a.padEnd(width)}  ${b}`).join('\n');
}

function rootHelp(commands, version) {
  const nouns = Object.entries(commands).map(([name, n]) => [name, n.description]);
  return [
    `ggen ${version}: turn knowledge graphs into code`,
    '',
    'Usage: ggen <noun> <verb> [arguments] [options]',
    '',
    'Nouns:',
    table(nouns),
    '',
    'Global options:',
    table(GLOBAL_FLAGS),
    '',
    'Run `ggen <noun> --help` for its verbs, `ggen <noun> <verb> --help` for a verb\'s options.',
    '',
  ].join('\n');
}

function nounHelp(name, noun) {
  const verbs = Object.entries(noun.verbs).map(([v, spec]) => [v, spec.summary]);
  return [`ggen ${name}: ${noun.description}`, '', `Usage: ggen ${name} <verb> [arguments] [options]`, '', 'Verbs:', table(verbs), ''].join('\n');
}

function flagLabel(name, f) {
  const value = f.type === 'boolean' ? '' : f.type === 'list' ? ` <${f.value || 'value'}>...` : ` <${f.value || f.type}>`;
  return `${f.short ? `-${f.short}, ` : ''}--${name}${value}`;
}

function usageLine(noun, verb, spec) {
  const args = (spec.args || []).map((a) => {
    const inner = a.variadic ? `${a.name}...` : a.name;
    return a.required ? `<${inner}>` : `[${inner}]`;
  });
  return ['ggen', noun, verb, ...args, Object.keys(spec.flags || {}).length ? '[options]' : ''].filter(Boolean).join(' ');
}

function verbHelp(noun, verb, spec) {
  const lines = [`ggen ${noun} ${verb}: ${spec.summary}`, '', `Usage: ${usageLine(noun, verb, spec)}`];
  if (spec.description) lines.push('', spec.description);
  if (spec.args && spec.args.length) {
    lines.push('', 'Arguments:', table(spec.args.map((a) => [a.name, a.description || ''])));
  }
  const flags = Object.entries(spec.flags || {});
  if (flags.length) {
    lines.push('', 'Options:', table(flags.map(([n, f]) => [flagLabel(n, f), f.description + (f.default !== undefined && f.type !== 'boolean' ? ` (default: ${f.default})` : '')])));
  }
  lines.push('', 'Global options:', table(GLOBAL_FLAGS));
  if (spec.examples && spec.examples.length) lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  lines.push('');
  return lines.join('\n');
}

module.exports = { rootHelp, nounHelp, verbHelp, GLOBAL_FLAGS, flagLabel };
