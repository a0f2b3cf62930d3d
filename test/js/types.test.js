'use strict';
// lib/index.d.ts is hand-written: these tests keep it in step with lib/. The declared values
// (functions, classes, constants and namespace members) must be exactly what require('ggen') and
// the ESM wrapper export; a program using the API must type-check under --strict; and a program
// misusing it must not.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '../..');
const dts = path.join(root, 'lib/index.d.ts');

function compile(files) {
  const program = ts.createProgram(files, { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, types: ['node'] });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file) return text;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(root, d.file.fileName)}:${line + 1}:${character + 1} TS${d.code} ${text}`;
  });
}

// name -> null for a plain value, or the sorted member names of a namespace.
function declared() {
  const program = ts.createProgram([dts], { strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const resolve = (s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const isValue = (s) => (resolve(s).flags & ts.SymbolFlags.Value) !== 0;
  const out = {};
  for (const e of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(dts)))) {
    if (e.name === 'default' || !isValue(e)) continue;
    const s = resolve(e);
    out[e.name] = s.flags & ts.SymbolFlags.ValueModule ? checker.getExportsOfModule(s).filter(isValue).map((m) => m.name).sort() : null;
  }
  return out;
}

function actual(mod) {
  const out = {};
  for (const [name, value] of Object.entries(mod)) {
    if (name === 'default') continue;
    const namespace = value !== null && typeof value === 'object';
    out[name] = namespace ? Object.keys(value).sort() : null;
  }
  return out;
}

test('the declarations name exactly what the CommonJS entry exports', () => {
  expect(declared()).toEqual(actual(require('../../lib')));
});

test('the declarations name exactly what the ESM wrapper exports', () => {
  const script = `import * as m from ${JSON.stringify(path.join(root, 'lib/index.mjs'))}; ` + "process.stdout.write(JSON.stringify(Object.keys(m)))";
  const keys = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
  expect(keys.filter((k) => k !== 'default').sort()).toEqual(Object.keys(declared()).sort());
});

describe('type-checking programs against the declarations', () => {
  let diagnostics;
  beforeAll(() => {
    // One program for both files: loading TypeScript's and node's own declarations is most of the cost.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ggen-types-'));
    const bad = path.join(dir, 'bad.ts');
    fs.writeFileSync(
      bad,
      `import { generate, template } from ${JSON.stringify(path.join(root, 'lib/index'))};\n` +
        `generate({ projct: '.' });\n` +
        `template.renderString(42);\n`,
    );
    diagnostics = compile([dts, path.join(__dirname, 'types/usage.ts'), bad]);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60000);

  test('a program using the API type-checks under --strict', () => {
    expect(diagnostics.filter((d) => !d.includes('bad.ts'))).toEqual([]);
  });

  test('misuse is a type error, with the position and a suggestion', () => {
    const errors = diagnostics.filter((d) => d.includes('bad.ts')).join('\n');
    expect(errors).toMatch(/bad\.ts:2:\d+ TS2561 .*'projct'.*Did you mean to write 'project'/);
    expect(errors).toMatch(/bad\.ts:3:\d+ TS2345 .*'number'.*'string'/);
  });
});
