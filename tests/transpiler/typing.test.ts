// Stage typing: types (BH11xx), the wrapping rule (BH12xx) and bounds proofs (BH13xx) fire at the
// offending expression; the accepted forms next to each rule transpile without diagnostics.
import { strict as assert } from 'node:assert';
import { formatDiagnostic } from '../../transpiler/index.ts';
import { diagnosticsOf } from './support/helpers.ts';
import { PRELUDE, ruleCases } from './support/rule-cases.ts';

describe('transpiler typing: types (BH11xx)', () => {
  ruleCases([
    { name: 'any parameter', code: 'BH1101', source: 'export function f(x: /*@*/any): u32 { return 0; }\n' },
    {
      name: 'unknown parameter',
      code: 'BH1102',
      source: 'export function f(x: /*@*/unknown): u32 { return 0; }\n',
    },
    {
      name: 'number parameter',
      code: 'BH1103',
      source: 'export function f(x: /*@*/number): u32 { return 0; }\n',
    },
    {
      name: 'local initialised with a bare constant',
      code: 'BH1104',
      source: 'export function f(): u32 { const x = /*@*/5; return u32(x); }\n',
    },
    { name: 'string type', code: 'BH1105', source: 'export function f(x: /*@*/string): u32 { return 0; }\n' },
    {
      name: 'mixed signedness',
      code: 'BH1106',
      source: 'export function f(a: u32, b: i32): bool { return /*@*/a < b; }\n',
    },
    {
      name: 'mixed int and float',
      code: 'BH1107',
      source: 'export function f(a: u32, b: f64): f64 { return /*@*/a + b; }\n',
    },
    {
      name: 'constant out of range',
      code: 'BH1108',
      source: 'export function f(): u8 { const x: u8 = /*@*/300; return x; }\n',
    },
    {
      name: 'f32 constant not exact in single precision',
      code: 'BH1108',
      source: 'export const k: f32 = /*@*/0.1;\n',
    },
    {
      name: 'truthiness',
      code: 'BH1109',
      source: 'export function f(a: u32): u32 { if (/*@*/a) { return 1; } return 0; }\n',
    },
    {
      name: 'narrowing assignment',
      code: 'BH1110',
      source: 'export function f(a: u32): u8 { return /*@*/a; }\n',
    },
    {
      name: 'enum arithmetic',
      code: 'BH1111',
      source: 'enum E { A, B }\nexport function f(e: E): u32 { return u32(/*@*/e + 1); }\n',
    },
    {
      name: 'union type',
      code: 'BH1112',
      source: 'export function f(x: /*@*/u32 | bool): u32 { return 0; }\n',
    },
    {
      name: 'switch on bool',
      code: 'BH1113',
      source:
        'export function f(a: bool): u32 { switch (/*@*/a) { case true: return 1; default: return 0; } }\n',
    },
    {
      name: 'fraction as integer',
      code: 'BH1114',
      source: 'export function f(): u32 { const x: u32 = /*@*/1.5; return x; }\n',
    },
    {
      name: 'null compared with an integer',
      code: 'BH1115',
      source: 'export function f(a: u32): bool { return a === /*@*/null; }\n',
    },
    {
      name: 'integer into enum',
      code: 'BH1117',
      source: 'enum E { A, B }\nexport function f(a: u32): E { const e: E = /*@*/a; return e; }\n',
    },
    {
      name: 'non-constant module initializer',
      code: 'BH1118',
      source: 'function g(): u32 { return 1; }\nexport let x: u32 = /*@*/g();\n',
    },
  ]);
});

describe('transpiler typing: the wrapping rule (BH12xx)', () => {
  ruleCases([
    {
      name: 'u8 sum assigned',
      code: 'BH1201',
      source: 'export function f(a: u8, b: u8): u8 { return /*@*/a + b; }\n',
    },
    {
      name: 'u32 sum compared',
      code: 'BH1201',
      source: 'export function f(a: u32, b: u32): bool { return /*@*/a + b > 3; }\n',
    },
    {
      name: 'u32 bitwise or (signed in JS)',
      code: 'BH1201',
      source: 'export function f(a: u32, b: u32): u32 { return /*@*/a | b; }\n',
    },
    {
      name: 'u32 left shift',
      code: 'BH1201',
      source: 'export function f(a: u32): u32 { return /*@*/a << 1; }\n',
    },
    { name: 'i8 negation', code: 'BH1201', source: 'export function f(a: i8): i8 { return /*@*/-a; }\n' },
    {
      name: 'unsigned complement',
      code: 'BH1201',
      source: 'export function f(a: u16): u16 { return /*@*/~a; }\n',
    },
    {
      name: 'unwrapped index',
      code: 'BH1201',
      source:
        'const t: Uint8Array = new Uint8Array(8);\nexport function f(i: u32): u8 { return t[/*@*/i + 1]; }\n',
    },
    {
      name: 'u32 product',
      code: 'BH1202',
      source: 'export function f(a: u32, b: u32): u32 { return u32(/*@*/a * b); }\n',
    },
    {
      name: 'integer division',
      code: 'BH1203',
      source: 'export function f(a: u32, b: u32): u32 { return /*@*/a / b; }\n',
    },
    {
      name: 'integer remainder',
      code: 'BH1203',
      source: 'export function f(a: u32, b: u32): u32 { return /*@*/a % b; }\n',
    },
    {
      name: '>>> on signed',
      code: 'BH1204',
      source: 'export function f(a: i32): i32 { return /*@*/a >>> 1; }\n',
    },
    {
      name: '>> on unsigned',
      code: 'BH1205',
      source: 'export function f(a: u32): u32 { return /*@*/a >> 1; }\n',
    },
    {
      name: 'negating unsigned',
      code: 'BH1206',
      source: 'export function f(a: u32): u32 { return u32(/*@*/-a); }\n',
    },
    {
      name: 'compound add',
      code: 'BH1207',
      source: 'export function f(a: u32): u32 { let x: u32 = a; /*@*/x += 1; return x; }\n',
    },
    {
      name: 'f32 product',
      code: 'BH1208',
      source: 'export function f(a: f32, b: f32): f32 { return /*@*/a * b; }\n',
    },
    {
      name: 'conversion of an enum to float',
      code: 'BH1209',
      source: 'enum E { A, B }\nexport function f(e: E): f64 { return f64(/*@*/e); }\n',
    },
  ]);

  const accepted: [string, string][] = [
    ['wrapped sums', 'export function f(a: u8, b: u8): u8 { return u8(a + b); }'],
    [
      'nested modular chains',
      'export function f(a: u32, b: u32, c: u32): u32 { return u32(a * 3 + b - c); }',
    ],
    ['u8 bitwise stays canonical', 'export function f(a: u8, b: u8): u8 { return a & b | 1; }'],
    ['signed bitwise stays canonical', 'export function f(a: i8, b: i8): i8 { return a ^ b; }'],
    ['u32 masked with a positive literal', 'export function f(a: u32): u32 { return a & 0xff; }'],
    ['>>> 0 canonicalises a u32 sum', 'export function f(a: u32, b: u32): u32 { return (a + b) >>> 0; }'],
    ['mul on i32 is canonical', 'export function f(a: i32, b: i32): i32 { return mul(a, b); }'],
    ['mul on u32 wrapped', 'export function f(a: u32, b: u32): u32 { return u32(mul(a, b)); }'],
    ['div and rem', 'export function f(a: i32, b: i32): i32 { return i32(div(a, b) + rem(a, b)); }'],
    ['compound or on u8', 'export function f(a: u8): u8 { let x: u8 = a; x |= 0x80; return x; }'],
    [
      'widening',
      'export function f(a: u8, b: i16): i32 { const w: u32 = a; const s: i32 = b; return i32(s + i32(w)); }',
    ],
    ['f32 wrapped', 'export function f(a: f32, b: f32): f32 { return f32(a * b + 0.1); }'],
    ['exact and rounded f32 constants', 'export const half: f32 = 0.5;\nexport const tenth: f32 = f32(0.1);'],
    ['f64 arithmetic', 'export function f(a: f64, b: f64): f64 { return a / b - 1.5; }'],
    ['float to integer', 'export function f(a: f64): i32 { return i32(a); }'],
  ];
  for (const [name, body] of accepted) {
    it(`accepts ${name}`, () => {
      const diagnostics = diagnosticsOf(PRELUDE + body + '\n');
      assert.deepEqual(diagnostics.map(formatDiagnostic), []);
    });
  }
});

describe('transpiler typing: arrays and bounds (BH13xx)', () => {
  ruleCases([
    {
      name: 'index not provable',
      code: 'BH1301',
      source:
        'const t: Uint8Array = new Uint8Array(8);\nexport function f(i: u32): u8 { return t[/*@*/i]; }\n',
    },
    {
      name: 'mask wider than the array',
      code: 'BH1301',
      source:
        'const t: Uint8Array = new Uint8Array(8);\nexport function f(i: u32): u8 { return t[/*@*/i & 15]; }\n',
    },
    {
      name: 'constant index out of range',
      code: 'BH1302',
      source: 'const t: Uint8Array = new Uint8Array(8);\nexport function f(): u8 { return t[/*@*/8]; }\n',
    },
    {
      name: 'push',
      code: 'BH1303',
      source: 'const t: u32[] = [1, 2];\nexport function f(): void { t./*@*/push(3); }\n',
    },
    {
      name: 'non-constant length',
      code: 'BH1304',
      source: 'let n: u32 = 4;\nexport const t = new Uint8Array(/*@*/n);\n',
    },
    {
      name: 'signed index',
      code: 'BH1305',
      source:
        'const t: Uint8Array = new Uint8Array(8);\nexport function f(i: i32): u8 { return t[/*@*/i]; }\n',
    },
    {
      name: 'Array constructor',
      code: 'BH1306',
      source: 'export const t: u32[] = /*@*/new Array<u32>(4);\n',
    },
    { name: 'nested arrays', code: 'BH1307', source: 'export const t: /*@*/u32[][] = [[1], [2]];\n' },
    {
      name: 'array method',
      code: 'BH1308',
      source: 'const t: u32[] = [1, 2];\nexport function f(): bool { return t./*@*/includes(3); }\n',
    },
    {
      name: 'array assignment',
      code: 'BH1309',
      source:
        'let a: Uint8Array = new Uint8Array(4);\nconst b: Uint8Array = new Uint8Array(4);\nexport function f(): void { /*@*/a = b; }\n',
    },
    {
      name: 'checkIndex with another length',
      code: 'BH1310',
      source:
        'const t: Uint8Array = new Uint8Array(8);\nconst u: Uint8Array = new Uint8Array(16);\nexport function f(i: u32): u8 { return t[checkIndex(i, /*@*/u.length)]; }\n',
    },
  ]);

  const proven: [string, string][] = [
    ['constant index', 'const t: Uint8Array = new Uint8Array(8);\nexport function f(): u8 { return t[7]; }'],
    [
      'masked index',
      'const t: Uint8Array = new Uint8Array(8);\nexport function f(i: u32): u8 { return t[i & 7]; }',
    ],
    [
      'shifted index',
      'const t: Uint8Array = new Uint8Array(256);\nexport function f(i: u32): u8 { return t[i >>> 24]; }',
    ],
    [
      'u8 index into 256',
      'const t: Uint8Array = new Uint8Array(256);\nexport function f(i: u8): u8 { return t[i]; }',
    ],
    [
      'loop to the length',
      'const t: Uint8Array = new Uint8Array(8);\nexport function f(): u32 { let s: u32 = 0; for (let i: u32 = 0; i < t.length; i++) { s = u32(s + t[i]); } return s; }',
    ],
    [
      'loop over a parameter',
      'export function f(b: Uint8Array): u32 { let s: u32 = 0; for (let i: u32 = 0; i < b.length; i++) { s = u32(s + b[i]); } return s; }',
    ],
    [
      'const local mask',
      'const t: Uint8Array = new Uint8Array(16);\nexport function f(v: u32): u8 { const n = (v >>> 4) & 15; return t[n]; }',
    ],
    [
      'loop to a const local bound',
      'const t: Uint8Array = new Uint8Array(16);\nexport function f(v: u32): u32 { const n = v & 15; let s: u32 = 0; for (let i: u32 = 0; i < n; i++) { s = u32(s + t[i]); } return s; }',
    ],
    ['explicit check', 'export function f(b: Uint8Array, i: u32): u8 { return b[checkIndex(i, b.length)]; }'],
    [
      'index guarded by an if against the length',
      'const t: Uint8Array = new Uint8Array(4);\nexport function f(i: u32, j: u32): u8 { if (j > 0 && i < t.length) { return t[i]; } if (3 >= i) { return t[i]; } return 0; }',
    ],
    [
      'loop counting up from a constant (index below the loop variable)',
      'const w: Uint32Array = new Uint32Array(64);\nexport function f(): void { for (let t: u32 = 16; t < 64; t++) { w[t] = u32(w[t - 16] + w[t - 2]); } }',
    ],
  ];
  for (const [name, body] of proven) {
    it(`proves ${name}`, () => {
      assert.deepEqual(diagnosticsOf(PRELUDE + body + '\n').map(formatDiagnostic), []);
    });
  }

  it('does not narrow a guarded index assigned inside the if, nor a module variable', () => {
    const source =
      PRELUDE +
      'const t: Uint8Array = new Uint8Array(4);\nlet g: u32 = 0;\n' +
      'export function set(v: u32): void { g = v; }\n' +
      'export function f(i: u32): u8 { if (i < 4) { i = u32(i + 1); return t[i]; } if (i < 8) { return t[i]; } return 0; }\n' +
      'export function h(): u8 { if (g < 4) { return t[g]; } return 0; }\n';
    assert.deepEqual(
      diagnosticsOf(source).map((d) => d.code),
      ['BH1301', 'BH1301', 'BH1301'],
    );
  });

  it('keeps the loop minimum at 0 when the initializer is not a proven value', () => {
    const source =
      PRELUDE +
      'const w: Uint32Array = new Uint32Array(64);\nexport function f(n: u32): void { for (let t: u32 = n; t < 64; t++) { w[t] = w[/*@*/t - 2]; } }\n';
    assert.deepEqual(
      diagnosticsOf(source).map((d) => d.code),
      ['BH1201'],
    );
  });
});

describe('transpiler typing: checkRange windows, byte-order loads, module variable ranges', () => {
  const proven: [string, string][] = [
    [
      'reads inside a checked window of a parameter',
      'export function f(b: Uint8Array, at: u32): u32 { checkRange(at, 4, b.length); return u32(b[at] + b[u32(at + 3)]); }',
    ],
    [
      'reads through a const local inside a loop',
      'export function f(b: Uint8Array, at: u32): u32 { checkRange(at, 64, b.length); let s: u32 = 0;\n' +
        '  for (let t: u32 = 0; t < 16; t++) { const w = u32(at + t * 4); s = u32(s + b[w] + b[u32(w + 3)]); } return s; }',
    ],
    [
      'a window whose count bounds the loop',
      'export function f(b: Uint8Array, at: u32, c: u32): u32 { const n = c & 15; checkRange(at, n, b.length); let s: u32 = 0;\n' +
        '  for (let i: u32 = 0; i < n; i++) { s = u32(s + b[u32(at + i)]); } return s; }',
    ],
    [
      'a window from a constant start',
      'export function f(b: Uint8Array): u32 { checkRange(0, 4, b.length); let s: u32 = b[3]; for (let i: u32 = 0; i < 4; i++) { s = u32(s + b[i]); } return s; }',
    ],
    [
      'a window of a module array, nested in a later statement',
      'const m: Uint8Array = new Uint8Array(10);\nexport function f(at: u32, x: bool): u8 { checkRange(at, 2, m.length); if (x) { return m[u32(at + 1)]; } return m[at]; }',
    ],
    [
      'byte-order loads inside a checked window',
      'export function f(b: Uint8Array, at: u32): u32 { checkRange(at, 6, b.length); return u32(loadU32BE(b, u32(at + 2)) ^ loadU16LE(b, at) ^ loadU16BE(b, u32(at + 4))); }',
    ],
    [
      'byte-order loads proven by a fixed length',
      'const t: Uint8Array = new Uint8Array(8);\nexport function f(): u32 { return u32(loadU32LE(t, 4) ^ loadU32BE(t, 0)); }',
    ],
    [
      'a module variable assigned only checked values',
      'const t: Uint8Array = new Uint8Array(4);\nlet g: u32 = 0;\nexport function set(v: u32): void { if (v < t.length) { g = v; } }\n' +
        'export function reset(): void { g = 3; }\nexport function h(): u8 { return t[g]; }',
    ],
    [
      'a module variable assigned from another ranged module variable',
      'const t: Uint8Array = new Uint8Array(4);\nlet next: u32 = 0;\nlet now: u32 = 0;\n' +
        'export function request(v: u32): void { if (v < 4) { next = v; } }\nexport function tick(): u8 { now = next; return t[now]; }',
    ],
  ];
  for (const [name, body] of proven) {
    it(`proves ${name}`, () => {
      assert.deepEqual(diagnosticsOf(PRELUDE + body + '\n').map(formatDiagnostic), []);
    });
  }

  ruleCases([
    {
      name: 'an index past the checked window',
      code: 'BH1301',
      source:
        'export function f(b: Uint8Array, at: u32): u8 { checkRange(at, 4, b.length); return b[/*@*/u32(at + 4)]; }\n',
    },
    {
      name: 'a read before the checkRange',
      code: 'BH1301',
      source:
        'export function f(b: Uint8Array, at: u32): u8 { const x = b[/*@*/at]; checkRange(at, 4, b.length); return x; }\n',
    },
    {
      name: 'a window start the function assigns',
      code: 'BH1301',
      source:
        'export function f(b: Uint8Array, at: u32): u8 { checkRange(at, 4, b.length); at = u32(at + 8); return b[/*@*/at]; }\n',
    },
    {
      name: 'a window of another array',
      code: 'BH1301',
      source:
        'export function f(a: Uint8Array, b: Uint8Array, at: u32): u8 { checkRange(at, 4, a.length); return b[/*@*/at]; }\n',
    },
    {
      name: 'a checkRange inside an if, read after it',
      code: 'BH1301',
      source:
        'export function f(b: Uint8Array, at: u32, x: bool): u8 { if (x) { checkRange(at, 4, b.length); } return b[/*@*/at]; }\n',
    },
    {
      name: 'a variable count with an index that is not its loop variable',
      code: 'BH1301',
      source:
        'export function f(b: Uint8Array, at: u32, n: u32): u8 { checkRange(at, n, b.length); return b[/*@*/u32(at + 1)]; }\n',
    },
    {
      name: 'a load running past the checked window',
      code: 'BH1311',
      source:
        'export function f(b: Uint8Array, at: u32): u32 { checkRange(at, 4, b.length); return loadU32BE(b, /*@*/u32(at + 1)); }\n',
    },
    {
      name: 'a load past a fixed length',
      code: 'BH1311',
      source:
        'const t: Uint8Array = new Uint8Array(8);\nexport function f(): u32 { return loadU32BE(t, /*@*/5); }\n',
    },
    {
      name: 'a module variable counted up from its own value',
      code: 'BH1301',
      source:
        'const t: Uint8Array = new Uint8Array(4);\nlet g: u32 = 0;\nexport function bump(): void { g = u32(g + 1) & 3; g = u32(g + 1); }\nexport function h(): u8 { return t[/*@*/g]; }\n',
    },
  ]);
});
