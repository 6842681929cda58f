// Debugger check: a transpiled program compiled with `arm-none-eabi-gcc -g -O0` carries the TypeScript
// file and lines in its DWARF line table (through the `#line` directives of the generated C), so a
// debugger shows and steps the `.ts` source. Evidence from three tools: objdump's decoded line table,
// readelf's subprogram entries, and gdb-multiarch resolving a function and a `.ts` line; host gcc -g
// gives the same line table. Without the directives the `.ts` file disappears from the debug
// information (so the check can fail).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transpile, writeTranspileResult } from '../../transpiler/index.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const workDir = join(repoRoot, 'out/tests/debug-info');
const sourcePath = join(workDir, 'debug-probe.ts');

// The program under the debugger. Line numbers below are found by searching this text.
const source = `// Debugger probe: two functions whose statements each sit on their own line.
import { u32 } from '../../../transpiler/runtime/index.ts';

export function addThree(a: u32, b: u32, c: u32): u32 {
  const ab = u32(a + b);
  return u32(ab + c);
}

export function entry(): u32 {
  let total: u32 = 0;
  for (let i: u32 = 0; i < 4; i++) {
    total = addThree(total, i, 1);
  }
  return total;
}
`;

/** 1-based line of the first source line containing `text`. */
function lineOf(text: string): number {
  const index = source.split('\n').findIndex((line) => line.includes(text));
  assert.ok(index >= 0, `probe source contains '${text}'`);
  return index + 1;
}

function run(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { code?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT') throw new Error(`${tool} is not installed: run scripts/provision-toolchain.sh`);
    throw new Error(`${tool} ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

/** Transpiles the probe (with or without #line) and links it for the Cortex-R5F with -g -O0. */
function buildProbe(lineDirectives: boolean): string {
  const cDir = join(workDir, lineDirectives ? 'c' : 'c-no-line');
  rmSync(cDir, { recursive: true, force: true });
  const result = transpile({ entries: [sourcePath], lineDirectives, sourceRoot: repoRoot });
  assert.deepEqual(result.diagnostics, [], 'the probe is valid subset code');
  writeTranspileResult(result, cDir);
  const cFile = join(cDir, result.modules[0].cFile);
  const elf = join(workDir, lineDirectives ? 'probe.elf' : 'probe-no-line.elf');
  // Compiled from the repository root, so the relative `.ts` names of the #line directives resolve
  // against DW_AT_comp_dir.
  run('arm-none-eabi-gcc', [
    '-std=c11',
    '-ffreestanding',
    '-nostdlib',
    '-g',
    '-O0',
    '-mcpu=cortex-r5',
    '-marm',
    `-Wl,-e,${result.modules[0].exports['entry']}`,
    relative(repoRoot, cFile),
    '-o',
    relative(repoRoot, elf),
    '-lgcc',
  ]);
  return elf;
}

/** Rows of `objdump --dwarf=decodedline`: file base name and line of each address. */
function decodedLines(elf: string): { file: string; line: number }[] {
  return run('arm-none-eabi-objdump', ['--dwarf=decodedline', elf])
    .split('\n')
    .map((row) => /^(\S+)\s+(\d+)\s+0x[0-9a-f]+/.exec(row))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ file: m[1], line: Number(m[2]) }));
}

describe('debug information points at the TypeScript source', function () {
  this.timeout(60_000);
  const probeRelative = relative(repoRoot, sourcePath);
  let elf = '';
  let cSymbols: Record<string, string> = {};

  before(() => {
    mkdirSync(workDir, { recursive: true });
    writeFileSync(sourcePath, source);
    elf = buildProbe(true);
    cSymbols = transpile({ entries: [sourcePath], sourceRoot: repoRoot }).modules[0].exports;
  });

  it('maps every code address to debug-probe.ts and covers each statement line', () => {
    const rows = decodedLines(elf);
    assert.ok(rows.length > 0, 'the line table has rows');
    assert.deepEqual(
      [...new Set(rows.map((r) => r.file))],
      ['debug-probe.ts'],
      'no address maps to the generated C',
    );
    const lines = new Set(rows.map((r) => r.line));
    for (const statement of [
      'const ab = u32(a + b);',
      'return u32(ab + c);',
      'let total: u32 = 0;',
      'total = addThree(total, i, 1);',
      'return total;',
    ]) {
      assert.ok(
        lines.has(lineOf(statement)),
        `line ${lineOf(statement)} (${statement}) is in the line table: ${[...lines].join(',')}`,
      );
    }
  });

  it('declares each function at its TypeScript line (DW_AT_decl_line)', () => {
    const info = run('readelf', ['--debug-dump=info', elf]);
    for (const [tsName, declaration] of [
      ['addThree', 'export function addThree('],
      ['entry', 'export function entry('],
    ] as const) {
      const entry = new RegExp(
        `DW_AT_name\\s*:.*\\b${cSymbols[tsName]}\\n(?:.*\\n)*?\\s*<[0-9a-f]+>\\s+DW_AT_decl_line\\s*:\\s*(\\d+)`,
      ).exec(info);
      assert.ok(entry !== null, `subprogram ${cSymbols[tsName]} is in the debug info`);
      assert.equal(
        Number(entry[1]),
        lineOf(declaration),
        `${tsName} is declared at debug-probe.ts:${lineOf(declaration)}`,
      );
    }
  });

  it('lets gdb-multiarch resolve a function and a .ts line', () => {
    const addThree = cSymbols['addThree'];
    const output = run('gdb-multiarch', [
      '-batch',
      '-nx',
      '-ex',
      `info line ${addThree}`,
      '-ex',
      `info line debug-probe.ts:${lineOf('return u32(ab + c);')}`,
      '-ex',
      `list ${addThree}`,
      elf,
    ]);
    // The function's first row is its opening (prologue) line, which lies inside the function's lines.
    const functionLine = /Line (\d+) of "([^"]+)" starts at address 0x[0-9a-f]+ <(\w+)>/.exec(output);
    assert.ok(functionLine !== null, `gdb resolves ${addThree}:\n${output}`);
    assert.equal(functionLine[2], probeRelative);
    assert.equal(functionLine[3], addThree);
    assert.ok(
      Number(functionLine[1]) >= lineOf('export function addThree(') &&
        Number(functionLine[1]) <= lineOf('return u32(ab + c);'),
    );
    assert.match(
      output,
      new RegExp(
        `Line ${lineOf('return u32(ab + c);')} of "${probeRelative}" starts at address 0x[0-9a-f]+ <${addThree}\\+\\d+>`,
      ),
    );
    assert.match(
      output,
      /\d+\s+export function addThree\(a: u32, b: u32, c: u32\): u32 \{/,
      'gdb lists the TypeScript source',
    );
  });

  it('gives host gcc -g the same .ts lines (readelf decoded line table)', () => {
    const object = join(workDir, 'probe-host.o');
    run('gcc', [
      '-std=c11',
      '-ffreestanding',
      '-g',
      '-O0',
      '-c',
      relative(repoRoot, join(workDir, 'c', 'debug_probe.c')),
      '-o',
      relative(repoRoot, object),
    ]);
    const rows = run('readelf', ['--debug-dump=decodedline', object])
      .split('\n')
      .map((row) => /^(\S+)\s+(\d+)\s+0x[0-9a-f]+/.exec(row))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ file: m[1], line: Number(m[2]) }));
    assert.deepEqual([...new Set(rows.map((r) => r.file))], ['debug-probe.ts']);
    const lines = new Set(rows.map((r) => r.line));
    assert.ok(
      lines.has(lineOf('return u32(ab + c);')) && lines.has(lineOf('total = addThree(total, i, 1);')),
    );
  });

  it('has no .ts lines when the #line directives are turned off', () => {
    const rows = decodedLines(buildProbe(false));
    assert.ok(rows.length > 0);
    assert.ok(
      rows.every((r) => r.file.endsWith('.c')),
      `without #line every row names the C file: ${[...new Set(rows.map((r) => r.file))].join(', ')}`,
    );
  });
});
