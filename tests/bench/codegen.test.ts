// Code-quality benchmark (bench/codegen) end to end with reduced iteration counts: every kernel's
// subset version (transpiled) and hand-written C run side by side in a bare-metal image in QEMU and
// agree call by call (the harness fails the image otherwise); Node and the AssemblyScript/Wasm build of
// the same subset source reproduce the R5's output digest; the numbers are positive; a second run of
// every image gives exactly the same instruction counts; the rendered section and the AS adaptation.
import assert from 'node:assert/strict';

import { adaptSource } from '../../bench/codegen/as/adapt.ts';
import {
  CODEGEN_TARGET_RATIO,
  harnessIterations,
  measureCodegen,
  renderCodegenSection,
  type CodegenEntry,
} from '../../bench/codegen/index.ts';
import { KERNELS, kernelNamed } from '../../bench/codegen/kernels.ts';
import { harnessElf, runKernelImage } from '../../bench/codegen/r5.ts';

const isPositive = (value: unknown): boolean =>
  typeof value === 'number' && Number.isFinite(value) && value > 0;

describe('code-quality benchmark: subset vs hand-written C on the R5, Node vs Wasm on the host', function () {
  this.timeout(180_000);
  let entries: CodegenEntry[] = [];

  before(async () => {
    // Throws when the two C versions disagree on the R5 or Node/Wasm disagree with the R5.
    entries = await measureCodegen({ quick: true });
  });

  it('measures every kernel, each with TS and C agreeing on the R5 and on the host', () => {
    assert.deepEqual(
      entries.map((e) => e.kernel),
      KERNELS.map((k) => k.name),
    );
  });

  it('gives positive instruction counts, code sizes and host times', () => {
    for (const e of entries) {
      for (const key of ['ts_instr', 'c_instr', 'ts_bytes', 'c_bytes'] as const) {
        assert.ok(isPositive(e[key]), `${e.kernel}.${key} = ${e[key]}`);
      }
      assert.ok(Number.isInteger(e.ts_bytes) && Number.isInteger(e.c_bytes));
      assert.ok(e.host !== undefined && isPositive(e.host.node_ms) && isPositive(e.host.wasm_ms), e.kernel);
    }
  });

  it('counts the same instructions when every image runs again', async () => {
    for (const e of entries) {
      const kernel = kernelNamed(e.kernel);
      const again = await runKernelImage(kernel, harnessElf(kernel, harnessIterations(kernel, true)));
      assert.equal(Math.round((again.tsTotal / again.calls) * 10) / 10, e.ts_instr, `${e.kernel} TS`);
      assert.equal(Math.round((again.cTotal / again.calls) * 10) / 10, e.c_instr, `${e.kernel} C`);
    }
  });

  it('renders a row per kernel with both ratios and the target verdict', () => {
    const section = renderCodegenSection(entries);
    for (const e of entries) {
      const row = section.split('\n').find((line) => line.startsWith(`| ${e.kernel} | ${e.ts_instr} |`));
      assert.ok(row !== undefined, `no row for ${e.kernel}`);
      const met =
        e.ts_instr <= e.c_instr * CODEGEN_TARGET_RATIO && e.ts_bytes <= e.c_bytes * CODEGEN_TARGET_RATIO;
      assert.ok(row.endsWith(met ? '| met |' : '| missed |'), row);
    }
    const missed = renderCodegenSection([
      { kernel: 'k', ts_instr: 12, c_instr: 10, ts_bytes: 10, c_bytes: 10 },
    ]);
    assert.match(missed, /\| k \| 12 \| 10 \| 1\.20 \| 10 \| 10 \| 1\.00 \| missed \|/);
  });
});

describe('code-quality benchmark: AssemblyScript adaptation of subset sources', () => {
  it('rewrites the runtime import, readonly arrays, const-data interfaces, lengths and widened shifts', () => {
    const source =
      "import { checkIndex, mul, u8, u32 } from '../../../transpiler/runtime/index.ts';\n" +
      "import { helper } from './helper.ts';\n" +
      'const NO_VM = 0xffffffff;\n' +
      'interface W {\n  readonly vm: u32;\n}\n' +
      'const T: readonly u32[] = [1, 2] as const;\n' +
      'function f(d: Uint8Array): u32 { return u32((d[0] << 24) | T[checkIndex(1, T.length)]); }\n';
    const adapted = adaptSource(source, '../runtime');
    assert.match(adapted, /^import \{ checkIndex, mul \} from '\.\.\/runtime';$/m);
    assert.match(adapted, /from '\.\/helper';/);
    assert.match(adapted, /const NO_VM: u32 = 0xffffffff;/);
    assert.match(adapted, /class W \{\n {2}readonly vm: u32 = 0;\n\}/);
    assert.match(adapted, /const T: StaticArray<u32> = \[1, 2\];/);
    assert.match(adapted, /u32\(d\[0\]\) << 24/);
    assert.match(adapted, /checkIndex\(1, u32\(T\.length\)\)/);
  });
});
