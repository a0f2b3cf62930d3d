#!/usr/bin/env node
'use strict';
// ggen CLI entry: all behaviour lives in cli/main.js and the command table in commands/.
const { main } = require('./cli/main');

// `ggen ... | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode || 0);
    throw err;
  });
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
