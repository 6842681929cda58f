// Stages load and resolve: the module graph (dependencies first, runtime excluded), import rules, type
// annotations resolved through the runtime's aliases, and the shared diagnostic table and format.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import {
  allDiagnosticCodes,
  checkProgram,
  Diagnostics,
  formatDiagnostic,
  transpile,
} from '../../transpiler/index.ts';
import { collectModules, createSubsetProgram } from '../../transpiler/load.ts';
import { Context } from '../../transpiler/context.ts';
import { resolveTypeNode } from '../../transpiler/resolve.ts';
import { typeName } from '../../transpiler/types.ts';
import { located, markPosition, REPO_ROOT, writeProgram } from './support/helpers.ts';
import { PRELUDE } from './support/rule-cases.ts';

describe('transpiler load: module graph and imports', () => {
  it('collects modules reachable through relative imports, dependencies first, runtime excluded', () => {
    const [main] = writeProgram({
      'main.ts':
        PRELUDE +
        "import { a } from './a.ts';\nimport { b } from './b.ts';\nexport function f(): u32 { return u32(a() + b()); }\n",
      'a.ts': PRELUDE + "import { b } from './b.ts';\nexport function a(): u32 { return b(); }\n",
      'b.ts': PRELUDE + 'export function b(): u32 { return 1; }\n',
    });
    const program = createSubsetProgram([main]);
    const graph = collectModules(program, [program.getSourceFile(main)!], []);
    assert.deepEqual(
      graph.modules.map((m) => m.fileName.split('/').pop()),
      ['b.ts', 'a.ts', 'main.ts'],
    );
    assert.deepEqual(
      graph.imports.get(graph.modules[2])!.map((m) => m.fileName.split('/').pop()),
      ['a.ts', 'b.ts'],
    );
  });

  it('does not follow or include a host-side import (bindings used only in @extern bodies)', () => {
    const host =
      "import { readFileSync } from 'node:fs';\nexport function hostValue(): number { return readFileSync('/proc/self/stat').length; }\n";
    const [main] = writeProgram({
      'main.ts':
        PRELUDE +
        "import { hostValue } from './host.ts';\n" +
        '/** @extern port_value */\nexport function portValue(): u32 { return u32(hostValue()); }\n' +
        'export function f(): u32 { return u32(portValue() + 1); }\n',
      'host.ts': host,
    });
    const result = transpile({ entries: [main] });
    assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
    const c = result.files.map((f) => f.contents).join('\n');
    assert.doesNotMatch(c, /host/, 'the host module is neither transpiled nor included');
    assert.match(c, /extern uint32_t port_value\(void\);/);

    // The same import used outside an extern body is an ordinary one: followed, and refused there.
    const [mixed] = writeProgram({
      'main.ts':
        PRELUDE +
        "import { hostValue } from './host.ts';\n" +
        'export function f(): u32 { return u32(hostValue()); }\n',
      'host.ts': host,
    });
    const codes = transpile({ entries: [mixed] }).diagnostics.map((d) => d.code);
    assert.ok(codes.includes('BH1601'), codes.join(','));
  });

  it('BH1601: a non-relative import is reported at its specifier', () => {
    const source =
      PRELUDE + "import { readFileSync } from /*@*/'node:fs';\nexport function f(): u32 { return 1; }\n";
    const [main] = writeProgram({ 'main.ts': source });
    const result = transpile({ entries: [main] });
    const where = markPosition(source);
    assert.deepEqual(located(result.diagnostics), [`BH1601@${where.line}:${where.column}`]);
    assert.deepEqual(result.files, []);
  });

  it('BH1611: an import of a missing module', () => {
    const source =
      PRELUDE + "import { g } from /*@*/'./missing.ts';\nexport function f(): u32 { return 1; }\n";
    const [main] = writeProgram({ 'main.ts': source });
    const codes = transpile({ entries: [main] }).diagnostics.map((d) => d.code);
    assert.ok(codes.includes('BH1611'), codes.join(','));
  });

  it('BH1612: TypeScript errors are reported and stop the transpilation', () => {
    const [main] = writeProgram({ 'main.ts': PRELUDE + 'export function f(): u32 { return "x"; }\n' });
    const result = transpile({ entries: [main] });
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ['BH1612'],
    );
    assert.match(result.diagnostics[0].message, /^TypeScript: TS2322: /);
  });

  it('checkProgram checks only the given files (the editor plugin checks one file)', () => {
    const [good, bad] = writeProgram({
      'good.ts': PRELUDE + 'export function f(a: u8): u8 { return a; }\n',
      'bad.ts': PRELUDE + 'export function g(a: u8, b: u8): u8 { return a + b; }\n',
    });
    const program = createSubsetProgram([good, bad]);
    assert.deepEqual(checkProgram(program, [program.getSourceFile(good)!]), []);
    assert.deepEqual(
      checkProgram(program, [program.getSourceFile(bad)!]).map((d) => d.code),
      ['BH1201'],
    );
    assert.deepEqual(
      checkProgram(program).map((d) => d.code),
      ['BH1201'],
    );
  });

  it('checkProgram on one file resolves calls into the modules it imports', () => {
    const [user] = writeProgram({
      'user.ts':
        PRELUDE + "import { helper } from './lib.ts';\nexport function f(): u32 { return helper(1); }\n",
      'lib.ts':
        PRELUDE +
        'export function helper(x: u32): u32 { return x; }\nexport function bad(a: u8): u8 { return a + a; }\n',
    });
    const program = createSubsetProgram([user]);
    assert.deepEqual(checkProgram(program, [program.getSourceFile(user)!]).map(formatDiagnostic), []);
  });
});

describe('transpiler check: recursion across modules', () => {
  it('BH1401 is reported in each file of the cycle, whichever module is the entry', () => {
    const [ping, pong] = writeProgram({
      'ping.ts':
        PRELUDE +
        "import { pong } from './pong.ts';\nexport function ping(n: u32): u32 { return n === 0 ? 0 : pong(u32(n - 1)); }\n",
      'pong.ts':
        PRELUDE +
        "import { ping } from './ping.ts';\nexport function pong(n: u32): u32 { return ping(n); }\n",
    });
    for (const entry of [ping, pong]) {
      const diagnostics = transpile({ entries: [entry] }).diagnostics;
      assert.deepEqual(
        diagnostics.map((d) => `${d.file.split('/').pop()}:${d.line}:${d.column} ${d.code}`),
        ['ping.ts:3:58 BH1401', 'pong.ts:3:44 BH1401'],
      );
    }
    const program = createSubsetProgram([ping, pong]);
    for (const file of [ping, pong]) {
      assert.deepEqual(
        checkProgram(program, [program.getSourceFile(file)!]).map((d) => d.code),
        ['BH1401'],
      );
    }
  });
});

describe('transpiler resolve: type annotations', () => {
  function resolveAnnotation(annotation: string): string {
    const [main] = writeProgram({
      'main.ts': PRELUDE + `class C { x: u32 = 0; }\nenum E { A }\nexport let v: ${annotation};\n`,
    });
    const program = createSubsetProgram([main]);
    const ctx = new Context(program);
    ctx.modules = [program.getSourceFile(main)!];
    const decl = program.getSourceFile(main)!.statements.find(ts.isVariableStatement)!.declarationList
      .declarations[0];
    const type = resolveTypeNode(ctx, decl.type!);
    return type === null ? ctx.diagnostics.map((d) => d.code).join(',') : typeName(type);
  }
  const cases: [string, string][] = [
    ['u8', 'u8'],
    ['i32', 'i32'],
    ['bool', 'bool'],
    ['boolean', 'bool'],
    ['f32', 'f32'],
    ['cstr', 'cstr'],
    ['Uint16Array', 'u16[]'],
    ['readonly u32[]', 'u32[]'],
    ['C', 'C'],
    ['C | null', 'C | null'],
    ['E', 'E'],
    ['number', 'BH1103'],
    ['any', 'BH1101'],
    ['unknown', 'BH1102'],
    ['string', 'BH1105'],
    ['u32 | null', 'BH1112'],
    ['Map<u32, u32>', 'BH1507'],
    ['Date', 'BH1513'],
    ['u8[][]', 'BH1307'],
  ];
  for (const [annotation, expected] of cases) {
    it(`${annotation} → ${expected}`, () => assert.equal(resolveAnnotation(annotation), expected));
  }
});

describe('transpiler diagnostics table', () => {
  it('codes are unique, well-formed and grouped by range', () => {
    const codes = allDiagnosticCodes();
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes) assert.match(code, /^BH1[0-6]\d\d$/);
  });

  it('every code is documented in docs/TS-SUBSET.md', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs/TS-SUBSET.md'), 'utf8');
    const missing = allDiagnosticCodes().filter((code) => !doc.includes(code));
    assert.deepEqual(missing, []);
  });

  it('formats as file:line:col - error BHnnnn: message', () => {
    const d = {
      code: Diagnostics.Recursion.code,
      category: 'error' as const,
      file: 'a.ts',
      start: 0,
      length: 1,
      line: 3,
      column: 7,
      message: 'm',
    };
    assert.equal(formatDiagnostic(d), 'a.ts:3:7 - error BH1401: m');
  });
});
