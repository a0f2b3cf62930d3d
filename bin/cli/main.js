'use strict';
// The CLI driver: global flags, noun-verb dispatch over the command table, help, "did you
// mean", output in human or --json form, and exit codes 0 ok / 1 failure / 2 usage / 130
// interrupted. Commands themselves are small: parse, call one lib function, print.
const { commands } = require('../commands');
const { parseArgs } = require('./args');
const { rootHelp, nounHelp, verbHelp } = require('./help');
const { Output, errorToJson } = require('./output');
const { UsageError } = require('./usage-error');
const { suggest } = require('./suggest');
const { progressBar } = require('./progress');
const { version } = require('../../lib/version');
const { renderMetrics } = require('./control');

// The runtime's counters and cache hit rates (lib/metrics.js), or none when the addon never
// loaded (a usage error before any call).
function collectMetrics(data) {
  try {
    return require('../../lib').metrics(data);
  } catch {
    return undefined;
  }
}

const GLOBALS = { '--json': 'json', '--quiet': 'quiet', '-q': 'quiet', '--no-color': 'noColor', '--help': 'help', '-h': 'help', '--version': 'version', '-V': 'version' };

function splitGlobals(argv) {
  const globals = { json: false, quiet: false, noColor: false, help: false, version: false };
  const rest = [];
  let passthrough = false;
  for (const a of argv) {
    if (!passthrough && a === '--') passthrough = true;
    if (!passthrough && GLOBALS[a]) globals[GLOBALS[a]] = true;
    else if (!passthrough && a === '--color') globals.noColor = false;
    else rest.push(a);
  }
  return { globals, rest };
}

function resolveCommand(rest) {
  const [nounName, verbName, ...args] = rest;
  if (!nounName) return { nounName };
  const noun = commands[nounName];
  if (!noun) {
    const guess = suggest(nounName, Object.keys(commands));
    throw new UsageError(`unknown command '${nounName}'`, guess ? `did you mean \`ggen ${guess}\`?` : 'run `ggen --help` to list the commands');
  }
  if (!verbName || verbName.startsWith('-')) return { nounName, noun, args: verbName ? [verbName, ...args] : args };
  const verb = noun.verbs[verbName];
  if (!verb) {
    const guess = suggest(verbName, Object.keys(noun.verbs));
    throw new UsageError(`unknown verb '${verbName}' for \`ggen ${nounName}\``, guess ? `did you mean \`ggen ${nounName} ${guess}\`?` : `run \`ggen ${nounName} --help\` to list its verbs`);
  }
  return { nounName, noun, verbName, verb, args };
}

async function main(argv, io = {}) {
  const { globals, rest } = splitGlobals(argv);
  const out = new Output({ ...io, noColor: globals.noColor, quiet: globals.quiet, json: globals.json });
  const controller = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130); // second Ctrl-C: stop waiting for cleanup
    interrupted = true;
    controller.abort(new Error('interrupted'));
  };
  if (!io.noSignals) process.on('SIGINT', onSigint);
  let opts;
  try {
    if (globals.version && rest.length === 0) {
      out.stdout.write(globals.json ? `${JSON.stringify({ version })}\n` : `ggen ${version}\n`);
      return 0;
    }
    const cmd = resolveCommand(rest);
    if (!cmd.noun) {
      out.stdout.write(rootHelp(commands, version));
      return globals.help ? 0 : 2;
    }
    if (!cmd.verb) {
      if (cmd.args && cmd.args.length) throw new UsageError(`'${cmd.args[0]}' is not a verb of \`ggen ${cmd.nounName}\``, `run \`ggen ${cmd.nounName} --help\``);
      out.stdout.write(nounHelp(cmd.nounName, cmd.noun));
      return globals.help ? 0 : 2;
    }
    if (globals.help) {
      out.stdout.write(verbHelp(cmd.nounName, cmd.verbName, cmd.verb));
      return 0;
    }
    opts = parseArgs(cmd.args, cmd.verb, `${cmd.nounName} ${cmd.verbName}`);
    const progress = progressBar(out);
    const ctx = { out, json: globals.json, quiet: globals.quiet, signal: controller.signal, cwd: process.cwd(), progress };
    let data;
    try {
      data = await cmd.verb.run(opts, ctx);
    } finally {
      progress.done();
    }
    const metrics = opts.metrics ? collectMetrics(data) : undefined;
    if (globals.json) {
      if (data !== undefined || metrics) out.writeJson(metrics ? { ...data, metrics } : data);
    } else if (cmd.verb.render) {
      cmd.verb.render(data, out, opts);
    }
    if (metrics && !globals.json) renderMetrics(metrics, out);
    return cmd.verb.exitCode ? cmd.verb.exitCode(data) : 0;
  } catch (err) {
    // --metrics also after a failure or an interrupt: that is when the counters explain most.
    const metrics = opts && opts.metrics ? collectMetrics(undefined) : undefined;
    if (interrupted || (err && err.code === 'E_CANCELLED' && controller.signal.aborted)) {
      if (globals.json) out.writeJson({ error: { code: 'E_CANCELLED', message: 'interrupted' }, ...(metrics ? { metrics } : {}) });
      else out.stderr.write('interrupted\n');
      if (metrics && !globals.json) renderMetrics(metrics, out);
      return 130;
    }
    const usage = err instanceof UsageError;
    if (globals.json) out.writeJson({ error: errorToJson(err), ...(metrics ? { metrics } : {}) });
    else out.error(err && err.message ? err : { code: 'E_INTERNAL', message: String(err) });
    if (metrics && !globals.json) renderMetrics(metrics, out);
    return usage ? 2 : 1;
  } finally {
    if (!io.noSignals) process.removeListener('SIGINT', onSigint);
  }
}

module.exports = { main };
