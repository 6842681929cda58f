// Stage emit: each accepted construct produces the C it should, the output compiles with the strict
// host and Cortex-R5F flags (including -Wconversion), runs with the same results as Node for the
// runtime intrinsics' edge cases, and carries #line directives back to the .ts source.
import { strict as assert } from 'node:assert';
import { compileC, fileText, HOST_FLAGS, runC, TARGET_FLAGS, transpileOk } from './support/helpers.ts';
import { PRELUDE } from './support/rule-cases.ts';

function cOf(
  body: string,
  options: { lineDirectives?: boolean } = {},
): { c: string; h: string; result: ReturnType<typeof transpileOk> } {
  const result = transpileOk(PRELUDE + body, {}, options);
  return { c: fileText(result, 'main.c'), h: fileText(result, 'main.h'), result };
}

describe('transpiler emit: constructs and their C', () => {
  it('integer arithmetic is computed in uint32_t and cast back to the subset type', () => {
    const { c } = cOf(
      'export function add(a: u8, b: u8): u8 { return u8(a + b); }\nexport function neg(a: i32): i32 { return i32(-a); }\n',
    );
    assert.match(
      c,
      /uint8_t main_add\(uint8_t a, uint8_t b\)\n\{\n {4}return \(uint8_t\)\(\(uint32_t\)a \+ \(uint32_t\)b\);\n\}/,
    );
    assert.match(c, /return bh_signed32\(0u - \(uint32_t\)a\);/);
  });

  it('shift counts are masked unless constant; >> on signed stays arithmetic in int32_t', () => {
    const { c } = cOf(
      'export function f(a: u32, n: u32): u32 { return u32(a << n); }\nexport function g(a: i32): i32 { return a >> 3; }\n',
    );
    assert.match(c, /return a << \(n & 31u\);/);
    assert.match(c, /return a >> 3u;/);
  });

  it('mul, div, rem and checkIndex use the runtime helpers', () => {
    const { c } = cOf(
      'export function f(a: i32, b: i32, t: Uint8Array, i: u32): i32 { return i32(mul(a, b) + div(a, b) + rem(a, b) + i32(t[checkIndex(i, t.length)])); }\n',
    );
    assert.match(c, /bh_signed32\(\(uint32_t\)a \* \(uint32_t\)b\)/);
    assert.match(c, /bh_div_i32\(a, b\)/);
    assert.match(c, /bh_rem_i32\(a, b\)/);
    assert.match(c, /t\[bh_check_index\(i, t_len\)\]/);
    assert.match(c, /int32_t main_f\(int32_t a, int32_t b, uint8_t \*t, uint32_t t_len, uint32_t i\)/);
  });

  it('checkIndex with an index proven below the length emits the index alone', () => {
    const { c } = cOf(
      'const t: Uint8Array = new Uint8Array(4);\n' +
        'export function f(i: u32): u8 { if (i < t.length) { return t[checkIndex(i, t.length)]; } return t[checkIndex(i, t.length)]; }\n',
    );
    assert.match(c, /return main_t\[i\];/);
    assert.match(c, /return main_t\[bh_check_index\(i, 4u\)\];/);
  });

  it('keeps checkIndex on an array of unknown length whatever range the index has (constants, u8, masks, shifts)', () => {
    const { c } = cOf(
      'export function f(b: Uint8Array, x: u32, y: u8): u32 {\n' +
        '  return u32(b[checkIndex(2, b.length)] + b[checkIndex(x & 7, b.length)] + b[checkIndex(x >>> 29, b.length)] + b[checkIndex(y, b.length)]);\n' +
        '}\n' +
        'const t: Uint8Array = new Uint8Array(8);\n' +
        'export function g(x: u32): u8 { return t[checkIndex(x & 7, t.length)]; }\n',
    );
    for (const index of ['2u', 'x & 7u', 'x >> 29u', 'y'])
      assert.ok(
        c.includes(`b[bh_check_index(${index}, b_len)]`),
        `${index} on a parameter array stays checked:\n${c}`,
      );
    assert.match(c, /return main_t\[x & 7u\];/, 'a fixed length of 8 proves x & 7');
  });

  it('checkRange emits one window check; reads and checkIndex inside the window emit the index alone', () => {
    const { c } = cOf(
      'export function f(b: Uint8Array, at: u32): u32 { checkRange(at, 8, b.length); return u32(b[u32(at + 7)] + b[checkIndex(u32(at + 1), b.length)] + b[checkIndex(u32(at + 8), b.length)]); }\n',
    );
    assert.match(c, /bh_check_range\(at, 8u, b_len\);/);
    assert.match(c, /b\[at \+ 7u\]/);
    assert.match(c, /b\[at \+ 1u\]/);
    assert.match(c, /b\[bh_check_index\(at \+ 8u, b_len\)\]/);
    assert.equal(c.match(/bh_check_index/g)?.length, 1);
  });

  it('byte-order loads read through the runtime helpers at the element address', () => {
    const { c } = cOf(
      'const t: Uint8Array = new Uint8Array(8);\n' +
        'export function f(b: Uint8Array, at: u32): u32 { checkRange(at, 4, b.length); return u32(loadU32BE(b, at) ^ loadU32LE(t, 4) ^ loadU16BE(t, 0) ^ loadU16LE(b, u32(at + 2))); }\n',
    );
    assert.match(c, /bh_load_u32_be\(&b\[at\]\)/);
    assert.match(c, /bh_load_u32_le\(&main_t\[4u\]\)/);
    assert.match(c, /bh_load_u16_be\(&main_t\[0u\]\)/);
    assert.match(c, /bh_load_u16_le\(&b\[at \+ 2u\]\)/);
  });

  it('a module variable assigned only checked values indexes without a check', () => {
    const { c } = cOf(
      'const t: Uint8Array = new Uint8Array(4);\nlet g: u32 = 0;\n' +
        'export function set(v: u32): void { if (v < t.length) { g = v; } }\n' +
        'export function h(): u8 { return t[checkIndex(g, t.length)]; }\n',
    );
    assert.match(c, /return main_t\[main_g\];/);
    assert.doesNotMatch(c, /bh_check_index/);
  });

  it('classes become structs, methods take self, static objects are initialised at compile time', () => {
    const { c, h } = cOf(
      'export class Counter { count: u32; step: u8 = 2; constructor(start: u32) { this.count = start; }\n' +
        '  bump(): void { this.count = u32(this.count + this.step); } }\n' +
        'export class Pair { left: Counter = new Counter(1); right: Counter | null = null; }\n' +
        'export const pair = new Pair();\n' +
        'export function run(): u32 { pair.left.bump(); return pair.left.count; }\n',
    );
    assert.match(h, /struct main_counter \{\n {4}uint32_t count;\n {4}uint8_t step;\n\};/);
    assert.match(
      h,
      /struct main_pair \{\n {4}struct main_counter left;\n {4}struct main_counter \*right;\n\};/,
    );
    assert.match(h, /void main_counter_bump\(struct main_counter \*self\);/);
    assert.match(
      c,
      /struct main_pair main_pair = \{\n {4}\.left = \{\n {8}\.count = 1u,\n {8}\.step = 2u,\n {4}\},\n {4}\.right = NULL,\n\};/,
    );
    assert.match(c, /main_counter_bump\(&main_pair\.left\);/);
    assert.match(c, /return main_pair\.left\.count;/);
  });

  it('arrays of objects (literal and arrayOf) are static arrays of structs; for...of takes pointers', () => {
    const { c } = cOf(
      'class Slot { v: u32; constructor(v: u32) { this.v = v; } }\n' +
        'const slots = arrayOf(3, () => new Slot(4));\nconst pairs: Slot[] = [new Slot(1), new Slot(2)];\n' +
        'export function sum(): u32 { let s: u32 = 0; for (const x of slots) { s = u32(s + x.v); } return u32(s + pairs[1].v); }\n',
    );
    assert.match(c, /static struct main_slot main_slots\[3\] = \{/);
    assert.match(c, /static struct main_slot main_pairs\[2\] = \{/);
    assert.match(c, /struct main_slot \*x = &main_slots\[x_index\];/);
    assert.match(c, /main_pairs\[1u\]\.v/);
  });

  it('enums become C enums with prefixed members; switch uses them as labels', () => {
    const { c, h } = cOf(
      'export enum Mode { Idle, Run = 4, Stop }\nexport function f(m: Mode): u32 { switch (m) { case Mode.Run: return 1; default: return u32(m); } }\n',
    );
    assert.match(
      h,
      /enum main_mode \{\n {4}MAIN_MODE_IDLE = 0,\n {4}MAIN_MODE_RUN = 4,\n {4}MAIN_MODE_STOP = 5,\n\};/,
    );
    assert.match(c, /case MAIN_MODE_RUN: \{/);
    assert.match(c, /return \(uint32_t\)m;/);
  });

  it('as-const data typed by interfaces becomes const tables with pointer + _len arrays', () => {
    const { c, h } = cOf(
      'export interface Item { readonly id: u8; readonly name: cstr; readonly parts: readonly u16[]; }\n' +
        "export const ITEMS: readonly Item[] = [{ id: 1, name: 'a', parts: [7, 8] }] as const;\n" +
        'export function first(): u32 { return u32(ITEMS[0].parts[1]); }\n'.replace(
          'ITEMS[0].parts[1]',
          'ITEMS[0].parts[checkIndex(1, ITEMS[0].parts.length)]',
        ),
    );
    assert.match(
      h,
      /struct main_item \{\n {4}uint8_t id;\n {4}const char \*name;\n {4}const uint16_t \*parts;\n {4}uint32_t parts_len;\n\};/,
    );
    assert.match(h, /extern const struct main_item main_items\[1\];/);
    assert.match(c, /static const uint16_t main_items_0_parts\[2\] = \{ 7u, 8u \};/);
    assert.match(c, /\.parts = main_items_0_parts,\n {8}\.parts_len = 2u,/);
  });

  it('named constants become macros; module state is static storage', () => {
    const { c, h } = cOf(
      'export const SIZE = 16;\nconst MASK = 0xff;\nlet total: u32 = 0;\nexport function f(a: u32): u32 { total = u32(total + (a & MASK)); return u32(total + SIZE); }\n',
    );
    assert.match(h, /#define MAIN_SIZE 16/);
    assert.match(c, /#define MAIN_MASK 0xff/);
    assert.match(c, /static uint32_t main_total = 0u;/);
  });

  it('externs are prototypes only; MMIO becomes volatile accesses; string literals go to const char *', () => {
    const { c, h } = cOf(
      '/** @extern bsp_log */\nexport function log(msg: cstr): void { console.log(msg); }\nexport function f(): u32 { log("hi\\n"); mmioWrite32(0x40009000, 1); return mmioRead32(0x40009018); }\n',
    );
    assert.match(h, /extern void bsp_log\(const char \*msg\);/);
    assert.doesNotMatch(c, /console/);
    assert.match(c, /bsp_log\("hi\\n"\);/);
    assert.match(c, /\*\(volatile uint32_t \*\)\(uintptr_t\)0x40009000u = 1u;/);
    assert.match(c, /return \*\(volatile uint32_t \*\)\(uintptr_t\)0x40009018u;/);
  });

  it('@layout classes get offsets in bh_offsets.h checked by _Static_assert', () => {
    const { c, result } = cOf(
      '/** @layout */\nexport class Frame { r: Uint32Array = new Uint32Array(13); sp: u32 = 0; mode: u8 = 0; fpu: f64 = 0; }\nexport const frame = new Frame();\n',
    );
    const offsets = fileText(result, 'bh_offsets.h');
    assert.match(
      offsets,
      /#define MAIN_FRAME_SP_OFFSET 52\n#define MAIN_FRAME_MODE_OFFSET 56\n#define MAIN_FRAME_FPU_OFFSET 64\n#define MAIN_FRAME_SIZE 72/,
    );
    assert.match(
      c,
      /_Static_assert\(\(size_t\)offsetof\(struct main_frame, fpu\) == \(size_t\)MAIN_FRAME_FPU_OFFSET, "main_frame.fpu offset"\);/,
    );
    assert.equal(compileC(result), '');
  });

  it('#line directives point at the .ts lines, only where the mapping changes', () => {
    const { c } = cOf(
      'export function f(a: u32): u32 {\n  const b = u32(a + 1);\n\n  return u32(b + 2);\n}\n',
      { lineDirectives: true },
    );
    assert.match(
      c,
      /#line 2 "main.ts"\nuint32_t main_f\(uint32_t a\)\n\{\n#line 3 "main.ts"\n {4}const uint32_t b = a \+ 1u;\n#line 5 "main.ts"\n {4}return b \+ 2u;\n\}/,
    );
  });

  it('modules include the headers of the modules they import and use their prefixed names', () => {
    const result = transpileOk(
      PRELUDE + "import { helper } from './util-lib.ts';\nexport function f(): u32 { return helper(2); }\n",
      {
        'util-lib.ts': PRELUDE + 'export function helper(x: u32): u32 { return u32(x + 1); }\n',
      },
    );
    assert.match(fileText(result, 'main.h'), /#include "util_lib.h"/);
    assert.match(fileText(result, 'main.c'), /return util_lib_helper\(2u\);/);
    assert.deepEqual(
      result.modules.map((m) => [m.cPrefix, m.exports]),
      [
        ['util_lib', { helper: 'util_lib_helper' }],
        ['main', { f: 'main_f' }],
      ],
    );
  });
});

describe('transpiler emit: evaluation order and operators', () => {
  it('earlier arguments, operands, receivers and targets are evaluated into temporaries before a later call', () => {
    const { c } = cOf(
      'let n: u32 = 0;\nfunction next(): u32 { n = u32(n + 1); return n; }\nfunction pair(a: u32, b: u32): u32 { return u32(u32(a << 8) | b); }\n' +
        'const t = new Uint32Array(8);\nexport function f(): u32 { t[next() & 7] = pair(next(), next()); return u32(n + next()); }\n',
    );
    assert.match(
      c,
      /const uint32_t bh_t1 = main_next\(\) & 7u;\n {4}const uint32_t bh_t2 = main_next\(\);\n {4}main_t\[bh_t1\] = main_pair\(bh_t2, main_next\(\)\);/,
    );
    assert.match(c, /const uint32_t bh_t3 = main_n;\n {4}return bh_t3 \+ main_next\(\);/);
  });

  it('a compound assignment reads its target before a call on the right side', () => {
    const { c } = cOf(
      'let n: u8 = 0;\nfunction bump(): u8 { n = u8(n + 1); return n; }\nexport function f(): u8 { n |= bump(); return n; }\n',
    );
    assert.match(
      c,
      /const uint8_t bh_t1 = main_n;\n {4}main_n = \(uint8_t\)\(\(uint32_t\)bh_t1 \| \(uint32_t\)main_bump\(\)\);/,
    );
  });

  it("double negation of floats stays two negations (never C's decrement)", () => {
    const { c } = cOf('export function f(x: f64): f64 { return -(-x); }\n');
    assert.match(c, /return -\(-x\);/);
  });
});

describe('transpiler emit: compiles cleanly for host and target', function () {
  this.timeout(60_000);
  const program =
    'export enum State { Off, On }\n' +
    'export class Dev { regs: Uint32Array = new Uint32Array(4); state: State = State.Off; gain: f32 = 0.5; next: Dev | null = null; }\n' +
    'export const devs: Dev[] = [new Dev(), new Dev()];\n' +
    'let seed: u32 = 1;\n' +
    'export function step(d: Dev, buf: Uint8Array, k: u8): u32 {\n' +
    '  seed = u32(mul(seed, 1103515245) + 12345);\n' +
    '  let acc: u32 = seed >>> 16;\n' +
    '  for (let i: u32 = 0; i < buf.length; i++) { acc = u32(acc + buf[i]); buf[i] = u8(acc ^ k); }\n' +
    '  const n = acc & 3;\n  d.regs[n] = u32(d.regs[n] | 0x80);\n' +
    '  d.gain = f32(d.gain * 1.5 + 0.25);\n  const s: i16 = i16(i32(acc) >> 4);\n' +
    '  if (d.state === State.On && s < 0) { d.state = State.Off; } else { d.state = State.On; }\n' +
    '  const q = div(acc, u32(k));\n  const t: i8 = i8(div(i8(s), -1));\n  return u32(q + rem(acc, 7) + i32(t) + u32(d.gain));\n}\n'.replace(
      '+ i32(t) +',
      '+ u32(i32(t)) +',
    );
  it('host gcc: -std=c11 -ffreestanding -Wall -Wextra -Werror -pedantic -Wconversion', () => {
    assert.equal(compileC(transpileOk(PRELUDE + program)), '');
  });
  it('arm-none-eabi-gcc -mcpu=cortex-r5 -mfloat-abi=hard -mfpu=vfpv3-d16 with the same flags', () => {
    assert.equal(compileC(transpileOk(PRELUDE + program), 'arm-none-eabi-gcc', TARGET_FLAGS), '');
  });
});

describe('transpiler emit: runtime edge cases agree with Node', function () {
  this.timeout(60_000);
  it('division by zero, INT32_MIN / -1, remainders, float conversions, shift counts', async () => {
    const module =
      'export function d(a: i32, b: i32): i32 { return div(a, b); }\nexport function r(a: i32, b: i32): i32 { return rem(a, b); }\n' +
      'export function du(a: u32, b: u32): u32 { return div(a, b); }\nexport function ru(a: u32, b: u32): u32 { return rem(a, b); }\n' +
      'export function fi(x: f64): i32 { return i32(x); }\nexport function fu(x: f64): u32 { return u32(x); }\nexport function f8(x: f64): u8 { return u8(x); }\n' +
      'export function sh(a: u32, n: u32): u32 { return u32(a << n); }\nexport function sr(a: i32, n: u32): i32 { return a >> n; }\n' +
      'export function w8(a: u8, b: u8): u8 { return u8(a * b + 7); }\nexport function ws(a: i16, b: i16): i16 { return i16(a - b); }\n';
    const result = transpileOk(PRELUDE + module);
    const cases: [string, number[]][] = [
      ['d', [7, 0]],
      ['d', [-2147483648, -1]],
      ['d', [-7, 2]],
      ['r', [-7, 2]],
      ['r', [7, 0]],
      ['r', [-2147483648, -1]],
      ['du', [7, 0]],
      ['du', [4294967295, 2]],
      ['ru', [9, 0]],
      ['ru', [4294967295, 10]],
      ['sh', [1, 33]],
      ['sh', [0xffffffff, 31]],
      ['sr', [-256, 36]],
      ['w8', [200, 3]],
      ['ws', [-32768, 1]],
    ];
    const floats: [string, number][] = [
      ['fi', 3.9],
      ['fi', -3.9],
      ['fi', 2147483648.5],
      ['fi', -1e20],
      ['fi', 1e300],
      ['fi', NaN],
      ['fi', Infinity],
      ['fu', -1.5],
      ['fu', 4294967296 + 5],
      ['fu', 9.3e18],
      ['f8', 300.7],
      ['f8', -1],
    ];
    const cLit = (v: number): string =>
      Number.isNaN(v)
        ? '(0.0 / 0.0)'
        : v === Infinity
          ? '(1.0 / 0.0)'
          : `${v}`.includes('.') || `${v}`.includes('e')
            ? `${v}`
            : `${v}.0`;
    const intLit = (v: number): string =>
      v === -2147483648 ? '(-2147483647 - 1)' : v > 2147483647 ? `${v}u` : `${v}`;
    const main = [
      ...cases.map(
        ([fn, args]) =>
          `printf("%s %lld\\n", "${fn}", (long long)main_${fn}(${args.map(intLit).join(', ')}));`,
      ),
      ...floats.map(([fn, x]) => `printf("%s %lld\\n", "${fn}", (long long)main_${fn}(${cLit(x)}));`),
    ].join('\n');
    const cOut = runC(result, main);
    const node = (await import(result.entry)) as Record<string, (...args: number[]) => number>;
    const nodeOut =
      [
        ...cases.map(([fn, args]) => `${fn} ${node[fn](...args)}`),
        ...floats.map(([fn, x]) => `${fn} ${node[fn](x)}`),
      ].join('\n') + '\n';
    assert.equal(cOut, nodeOut);
  });
});

describe('transpiler emit: C that compiles warning-free without suppressions', () => {
  it('turns off only the two warnings about comparisons GCC folds to a constant', () => {
    const { c } = cOf('export function f(a: u32): u32 { return u32(a + 1); }\n');
    assert.deepEqual(c.match(/#pragma .*/g), [
      '#pragma GCC diagnostic ignored "-Wtype-limits"',
      '#pragma GCC diagnostic ignored "-Wtautological-compare"',
    ]);
  });

  it('decides comparisons by known bits, OR minimums and commuted sides: clean even without the pragmas', () => {
    const { c, result } = cOf(
      'export function f(x: i32, b: u8, w: u32, h: u16): bool {\n' +
        '  return (x & 0x8000) !== -1 && b > (0xff | b) && (b | 0x80) >= 0x80 && u32(b + w) === u32(w + b) &&\n' +
        '    (w & h) <= (h & w) && u32(w ^ b) !== u32(b ^ w) && (w >>> 24) <= 0xff && u32(h) < 0x10000;\n' +
        '}\n',
    );
    assert.doesNotMatch(c, /!= -1/);
    assert.doesNotMatch(c, /b > /);
    assert.doesNotMatch(c, /w \+ \(uint32_t\)b ==/);
    const main = result.files.find((f) => f.path === 'main.c')!;
    main.contents = main.contents.replace(/^#pragma GCC diagnostic ignored .*\n/gm, '');
    assert.equal(compileC(result), '');
  });

  it('writes comparisons the operand intervals decide as their value, when the operands are pure', () => {
    const { c, result } = cOf(
      'let calls: u32 = 0;\n' +
        'function next(): u8 { calls = u32(calls + 1); return 7; }\n' +
        'export function f(w: u32, b: u8, s: i8): u32 {\n' +
        '  let n: u32 = 0;\n' +
        '  if (w >= 0) { n = u32(n + 1); }\n' +
        '  if (b > 255) { n = u32(n + 2); }\n' +
        '  if (s < -128) { n = u32(n + 4); }\n' +
        '  if (w === w) { n = u32(n + 8); }\n' +
        '  if ((w & 0xff) < 256) { n = u32(n + 16); }\n' +
        '  if (next() <= 255) { n = u32(n + 32); }\n' +
        '  if (w < 10) { n = u32(n + 64); }\n' +
        '  return n;\n' +
        '}\n',
    );
    assert.match(c, /if \(true\) \{\n\s+n = n \+ 1u;/);
    assert.match(c, /if \(false\) \{\n\s+n = n \+ 2u;/);
    assert.match(c, /if \(false\) \{\n\s+n = n \+ 4u;/);
    assert.match(c, /if \(true\) \{\n\s+n = n \+ 8u;/);
    assert.match(c, /if \(true\) \{\n\s+n = n \+ 16u;/);
    // The call has a side effect: it is still made, for its effect only.
    assert.match(c, /if \(\(\(void\)main_next\(\), true\)\) \{/);
    assert.match(c, /if \(w < 10u\) \{/);
    assert.equal(compileC(result), '');
  });

  it('passes complements and XORs through bh_opaque_u32/i32 in comparisons; same sides fold', () => {
    const { c, result } = cOf(
      'export function f(h: u16, b: u8, w: u32, s: i8): bool {\n' +
        '  return (h ^ 0xffff) > 1 && u16(~h) === (h ^ 0xffff) && (b ^ 0xff) >= 0x80 && u32(~b) > 2 &&\n' +
        '    i32(~s) < 3 && u32(w) >= w;\n' +
        '}\n',
    );
    assert.match(c, /bh_opaque_u32\(\(uint16_t\)\(\(uint32_t\)h \^ 0xffffu\)\) > 1u/);
    assert.match(c, /bh_opaque_u32\(\(uint8_t\)\(\(uint32_t\)b \^ 0xffu\)\) >= 0x80u/);
    assert.match(c, /bh_opaque_u32\(~/);
    assert.match(c, /bh_opaque_i32\(/);
    assert.match(c, /&& \(\(void\)w, true\);/);
    assert.equal(compileC(result), '');
  });

  it('marks locals that are never read (or read only by a decided comparison) with (void)', () => {
    const { c, result } = cOf(
      'const T: readonly u32[] = [1, 2] as const;\n' +
        'export function f(a: u32): u32 {\n' +
        '  const unused = u32(a + 1);\n' +
        '  let written: u32 = 0;\n' +
        '  written = a;\n' +
        '  let n: u32 = 0;\n' +
        '  for (const t of T) { if (t >= 0) { n = u32(n + 1); } }\n' +
        '  const used = u32(a + 2);\n' +
        '  return u32(n + used);\n' +
        '}\n',
    );
    assert.match(c, /const uint32_t unused = a \+ 1u;\n\s+\(void\)unused;/);
    assert.match(c, /uint32_t written = 0u;\n\s+\(void\)written;/);
    assert.match(c, /const uint32_t t = main_t\[t_index\];\n\s+\(void\)t;/);
    assert.doesNotMatch(c, /\(void\)used;/);
    assert.doesNotMatch(c, /\(void\)n;/);
    assert.equal(compileC(result), '');
  });
});

describe('transpiler emit: module prefixes are not doubled', () => {
  it('keeps a prefix the TS name already starts with once, and keeps locals off module-level names', () => {
    const result = transpileOk(
      PRELUDE +
        "import { schedulerTick, schedulerStart } from './scheduler.ts';\n" +
        'export function f(): u32 { schedulerStart(); return schedulerTick(); }\n',
      {
        'scheduler.ts':
          PRELUDE +
          'let ticks: u32 = 0;\n' +
          'export function schedulerStart(): void { ticks = 0; }\n' +
          'export function schedulerTick(): u32 { ticks = u32(ticks + 1); return ticks; }\n' +
          'export function scheduled(): u32 { const schedulerStart: u32 = u32(ticks + 2); return schedulerStart; }\n',
      },
    );
    const scheduler = result.modules.find((m) => m.cPrefix === 'scheduler')!;
    assert.deepEqual(scheduler.exports, {
      schedulerStart: 'scheduler_start',
      schedulerTick: 'scheduler_tick',
      scheduled: 'scheduler_scheduled',
    });
    assert.match(fileText(result, 'main.c'), /scheduler_start\(\);\n\s+return scheduler_tick\(\);/);
    // The local named like the module's own function gets a distinct C name.
    assert.match(fileText(result, 'scheduler.c'), /const uint32_t scheduler_start_ = scheduler_ticks \+ 2u;/);
    assert.equal(compileC(result, 'gcc', [...HOST_FLAGS, '-Wshadow']), '');
  });

  it('keeps the full prefix where the shorter name is another declaration of the module', () => {
    const result = transpileOk(
      PRELUDE +
        'let lost: u32 = 0;\n' +
        'export function mainLost(): u32 { lost = u32(lost + 1); return lost; }\n' +
        'export function mainTick(): u32 { return 1; }\n',
    );
    const main = result.modules.find((m) => m.cPrefix === 'main')!;
    assert.deepEqual(main.exports, { mainLost: 'main_main_lost', mainTick: 'main_tick' });
    assert.equal(compileC(result), '');
  });
});
