#!/usr/bin/env node
'use strict';
// ggen CLI entry: all behaviour lives in cli/main.js and the command table in commands/.
const { main } = require('./cli/main');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
