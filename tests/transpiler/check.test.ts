// Stage check: statements and declarations outside the subset (BH10xx), functions and recursion
// (BH14xx), classes and static objects (BH15xx), strings, externs and names (BH16xx) are reported at
// the offending node, exactly once.
import { strict as assert } from 'node:assert';
import { formatDiagnostic } from '../../transpiler/index.ts';
import { diagnosticsOf } from './support/helpers.ts';
import { PRELUDE, ruleCases } from './support/rule-cases.ts';

describe('transpiler check: syntax outside the subset (BH10xx)', () => {
  ruleCases([
    {
      name: 'exponentiation',
      code: 'BH1001',
      source: 'export function f(): u32 { return u32(2 /*@*/** 3); }\n',
    },
    { name: 'var', code: 'BH1002', source: 'export function f(): u32 { /*@*/var x: u32 = 1; return x; }\n' },
    { name: 'throw', code: 'BH1003', source: 'export function f(): void { /*@*/throw 1; }\n' },
    {
      name: 'try',
      code: 'BH1003',
      source:
        'export function f(): void { /*@*/try { mmioWrite32(0, 1); } finally { mmioWrite32(0, 2); } }\n',
    },
    {
      name: 'labelled statement',
      code: 'BH1006',
      source: 'export function f(): void { /*@*/outer: for (;;) { break outer; } }\n',
    },
    {
      name: 'destructuring',
      code: 'BH1007',
      source:
        'class P { x: u32 = 0; }\nconst p = new P();\nexport function f(): u32 { const /*@*/{ x } = p; return 0; }\n',
    },
    {
      name: 'optional chaining',
      code: 'BH1009',
      source:
        'class P { x: u32 = 0; }\nlet p: P | null = null;\nexport function f(): bool { return /*@*/p?.x === 1; }\n',
    },
    {
      name: 'loose equality',
      code: 'BH1010',
      source: 'export function f(a: u32): bool { return a /*@*/== 1; }\n',
    },
    {
      name: 'instanceof',
      code: 'BH1011',
      source:
        'class P { x: u32 = 0; }\nconst p = new P();\nexport function f(): bool { return p /*@*/instanceof P; }\n',
    },
    {
      name: 'template literal',
      code: 'BH1013',
      source:
        'function g(s: cstr): void { mmioWrite32(0, 0); }\nexport function f(): void { g(/*@*/`x`); }\n',
    },
    {
      name: '++ outside for',
      code: 'BH1014',
      source: 'export function f(a: u32): u32 { let x: u32 = a; /*@*/x++; return x; }\n',
    },
    {
      name: 'for...in',
      code: 'BH1015',
      source:
        'class P { x: u32 = 0; }\nconst p = new P();\nexport function f(): void { /*@*/for (const k in p) { mmioWrite32(0, 1); } }\n',
    },
    {
      name: 'fallthrough',
      code: 'BH1016',
      source:
        'export function f(a: u32): u32 { let r: u32 = 0; switch (a) { /*@*/case 1: r = 1; case 2: r = 2; break; } return r; }\n',
    },
    {
      name: 'non-constant case',
      code: 'BH1017',
      source: 'export function f(a: u32, b: u32): u32 { switch (a) { case /*@*/b: return 1; } return 0; }\n',
    },
    {
      name: 'regular expression',
      code: 'BH1019',
      source: 'export function f(): void { const r = /*@*//x/; }\n',
    },
    { name: 'top-level statement', code: 'BH1020', source: '/*@*/mmioWrite32(0, 1);\n' },
    {
      name: 'assignment as value',
      code: 'BH1021',
      source: 'export function f(a: u32): u32 { let x: u32 = 0; return /*@*/x = a; }\n',
    },
    { name: 'debugger', code: 'BH1022', source: 'export function f(): void { /*@*/debugger; }\n' },
    {
      name: 'expression statement without effect',
      code: 'BH1023',
      source: 'export function f(a: u32): void { /*@*/a; }\n',
    },
    {
      name: 'default not last',
      code: 'BH1024',
      source: 'export function f(a: u32): u32 { switch (a) { /*@*/default: return 0; case 1: return 1; } }\n',
    },
  ]);
});

describe('transpiler check: functions and recursion (BH14xx)', () => {
  ruleCases([
    {
      name: 'direct recursion',
      code: 'BH1401',
      source: 'export function f(n: u32): u32 { return n === 0 ? 0 : /*@*/f(u32(n - 1)); }\n',
    },
    {
      name: 'indirect recursion',
      code: 'BH1401',
      source:
        'function a(n: u32): u32 { return b(n); }\nfunction b(n: u32): u32 { return /*@*/a(n); }\nexport function f(): u32 { return a(1); }\n',
    },
    {
      name: 'arrow function',
      code: 'BH1402',
      source: 'export function f(): void { const g = /*@*/(): u32 => 1; }\n',
    },
    {
      name: 'default parameter',
      code: 'BH1403',
      source: 'export function f(/*@*/a: u32 = 1): u32 { return a; }\n',
    },
    {
      name: 'generic function',
      code: 'BH1404',
      source: '/*@*/export function f<T>(a: u32): u32 { return a; }\n',
    },
    {
      name: 'function value',
      code: 'BH1405',
      source: 'function g(): void {}\nexport function f(): void { const h = /*@*/g; }\n',
    },
    { name: 'missing return type', code: 'BH1406', source: 'export function /*@*/f(a: u32) { return a; }\n' },
    {
      name: 'switch without default',
      code: 'BH1407',
      source:
        'enum E { A, B }\nexport function /*@*/f(e: E): u32 { switch (e) { case E.A: return 1; case E.B: return 2; } }\n',
    },
    {
      name: 'unknown callee',
      code: 'BH1409',
      source: 'export function f(a: u32): u32 { return u32(/*@*/structuredClone(a)); }\n',
    },
    {
      name: 'nested function',
      code: 'BH1410',
      source: 'export function f(): void { /*@*/function g(): void {} g(); }\n',
    },
  ]);
});

describe('transpiler check: classes, objects, heap (BH15xx)', () => {
  ruleCases([
    {
      name: 'new in a function',
      code: 'BH1501',
      source: 'class P { x: u32 = 0; }\nexport function f(): u32 { const p = /*@*/new P(); return p.x; }\n',
    },
    {
      name: 'extends',
      code: 'BH1502',
      source: 'class A { x: u32 = 0; }\nexport class B /*@*/extends A { y: u32 = 0; }\n',
    },
    {
      name: 'getter',
      code: 'BH1503',
      source: 'export class A { x: u32 = 0; /*@*/get y(): u32 { return this.x; } }\n',
    },
    {
      name: 'static method',
      code: 'BH1504',
      source: 'export class A { x: u32 = 0; /*@*/static make(): u32 { return 1; } }\n',
    },
    { name: '# private name', code: 'BH1505', source: 'export class A { /*@*/#x: u32 = 0; }\n' },
    { name: 'field without initializer', code: 'BH1506', source: 'export class A { /*@*/x!: u32; }\n' },
    {
      name: 'Map',
      code: 'BH1507',
      source: 'export const m: /*@*/Map<u32, u32> = new Map();\n'.replace(
        ' = new Map()',
        ' = null as unknown as Map<u32, u32>',
      ),
    },
    {
      name: 'object literal in code',
      code: 'BH1508',
      source:
        'interface I { readonly a: u32; }\nfunction g(i: I): u32 { return i.a; }\nexport function f(): u32 { return g(/*@*/{ a: 1 }); }\n',
    },
    {
      name: 'non-constant constructor argument',
      code: 'BH1509',
      source:
        'class A { x: u32; constructor(x: u32) { this.x = x; } }\nlet n: u32 = 1;\nexport const a = new A(/*@*/n);\n',
    },
    {
      name: 'constructor with logic',
      code: 'BH1510',
      source:
        'class A { x: u32 = 0; constructor(x: u32) { /*@*/if (x > 1) { this.x = x; } } }\nexport const a = new A(1);\n',
    },
    { name: 'interface with a method', code: 'BH1511', source: 'export interface I { /*@*/run(): void; }\n' },
    {
      name: 'this as a field value',
      code: 'BH1512',
      source: 'export class A { x: u32 = 0; me: A = /*@*/this; }\n',
    },
    { name: 'abstract class', code: 'BH1515', source: '/*@*/export abstract class A { x: u32 = 0; }\n' },
    {
      name: 'implements',
      code: 'BH1516',
      source: 'interface I { readonly x: u32; }\nexport class A /*@*/implements I { x: u32 = 0; }\n',
    },
    {
      name: 'embedded reassigned',
      code: 'BH1517',
      source:
        'class B { v: u32 = 0; }\nclass A { b: B = new B(); }\nconst a = new A();\nconst other = new B();\nexport function f(): void { /*@*/a.b = other; }\n',
    },
  ]);
});

describe('transpiler check: strings, externs, imports (BH16xx)', () => {
  ruleCases([
    {
      name: 'string literal to a u32',
      code: 'BH1603',
      source:
        'function g(s: cstr): void { mmioWrite32(0, 0); }\nexport function f(): void { const s = /*@*/"x"; }\n',
    },
    { name: 'console', code: 'BH1604', source: 'export function f(): void { /*@*/console.log(1); }\n' },
    {
      name: 'Math.random',
      code: 'BH1605',
      source: 'export function f(): f64 { return /*@*/Math.random(); }\n',
    },
    {
      name: 'C name collision',
      code: 'BH1606',
      source: 'export function fooBar(): void {}\nexport function /*@*/foo_bar(): void {}\n',
    },
    {
      name: 'namespace import',
      code: 'BH1608',
      source: "/*@*/import * as rt from 'RUNTIME';\nexport function f(): u32 { return 1; }\n",
    },
    {
      name: 'Node-only runtime type',
      code: 'BH1609',
      source: "import { MmioBus } from 'RUNTIME';\nexport function f(b: /*@*/MmioBus): void {}\n",
    },
    { name: 're-export', code: 'BH1610', source: "/*@*/export { u32 } from 'RUNTIME';\n" },
  ]);
});

describe('transpiler check: async', () => {
  it('BH1004: an async function is reported at its declaration (and Promise as a type)', () => {
    const diagnostics = diagnosticsOf(PRELUDE + 'export async function f(): Promise<void> {}\n');
    assert.deepEqual(
      diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`),
      ['BH1004@2:1', 'BH1105@2:28'],
    );
  });
});

describe('transpiler check: extern tags', () => {
  it('BH1607: an @extern tag without a C identifier is reported at the tag', () => {
    const diagnostics = diagnosticsOf(PRELUDE + '/** @extern 9bad */\nexport function f(): void {}\n');
    assert.deepEqual(
      diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`),
      ['BH1607@2:5'],
    );
  });
});

describe('transpiler check: accepted statements', () => {
  const accepted: [string, string][] = [
    [
      'loops with break and continue',
      'export function f(n: u32): u32 { let s: u32 = 0; let i: u32 = 0; while (i < n) { i = u32(i + 1); if (i === 3) { continue; } if (i > 10) { break; } s = u32(s + i); } do { s = u32(s + 1); } while (s < 5); return s; }',
    ],
    [
      'switch on an enum',
      'enum E { A, B, C }\nexport function f(e: E): u32 { switch (e) { case E.A: case E.B: return 1; default: return 2; } }',
    ],
    [
      'counting down',
      'export function f(): u32 { let s: u32 = 0; for (let i: u32 = 10; i > 0; i--) { s = u32(s + i); } return s; }',
    ],
    [
      'nullable references',
      'class N { v: u32 = 0; next: N | null = null; }\nconst a = new N();\nexport function f(): u32 { const n = a.next; return n !== null ? n.v : 0; }',
    ],
    [
      'externs with string literals',
      '/** @extern bsp_log */\nexport function log(msg: cstr, v: u32): void { void msg; void v; }\nexport function f(): void { log("ready", 1); }',
    ],
    ['mmio', 'export function f(): u32 { mmioWrite32(0x40009000, 0x41); return mmioRead32(0x40009018); }'],
  ];
  for (const [name, body] of accepted) {
    it(`accepts ${name}`, () => {
      assert.deepEqual(diagnosticsOf(PRELUDE + body + '\n').map(formatDiagnostic), []);
    });
  }
});
