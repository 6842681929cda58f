// Job: the boot self-test image against its contract (briefs: self-test contract), on real QEMU
// under -icount shift=0: banner, MPU region count, at least three ticks with a rising PMU cycle
// counter, the SVC round trip, the data abort caught from USR (address outside the USR regions,
// a fault status that matches the reported kind), `selftest: pass`, exit code 0, and byte-identical
// UART0 output across two boots (determinism).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, withQemu, type RunResult } from '../../../qemu/runner/index.ts';
import { readElfImage, type ElfImage } from '../helpers/elf-image.ts';
import { requireQemuForTests } from '../helpers/require-qemu.ts';

interface BuiltImage {
  name: string;
  elf: string;
  bin: string;
  map: string;
  dir: string;
}
type BuildSystem = (name: string, opts?: { outRoot?: string }) => Promise<BuiltImage>;

/** DFSR (PMSAv7, ARM DDI 0406C B4.1.52): FS is bits [10] and [3:0]; WnR is bit 11; ExT bit 12. */
const dfsrStatusLow = 0x0f;
const dfsrStatusHighBit = 1 << 10;
const dfsrWriteNotRead = 1 << 11;
const dfsrExternal = 1 << 12;
const faultStatusBackground = 0b00000;
const faultStatusPermission = 0b01101;

const bannerLine = 'Bulkhead boot self-test: realview-eb cortex-r5f';
const mpuLine = /^mpu: (\d+) regions$/m;
const tickLine = /^tick: (\d+) pmccntr=(\d+)$/gm;
const svcLine = /^svc: round trip ok imm=0x([0-9a-fA-F]{2}) r0=0x([0-9a-fA-F]{8})$/m;
const abortLine =
  /^abort: data abort from usr pc=0x([0-9a-fA-F]{8}) dfar=0x([0-9a-fA-F]{8}) dfsr=0x([0-9a-fA-F]{8}) status=(permission|background)$/m;
const cyclesLine = /^cycles: total=(\d+)$/m;

async function loadBuildSystem(): Promise<BuildSystem> {
  const module = join(repoRoot, 'cli', 'build', 'image.ts');
  try {
    const imported = (await import(module)) as { buildSystem?: BuildSystem };
    if (typeof imported.buildSystem !== 'function') throw new Error('it does not export buildSystem()');
    return imported.buildSystem;
  } catch (err) {
    throw new Error(`cannot use cli/build/image.ts to build the self-test image: ${(err as Error).message}`);
  }
}

/** The USR partition's MPU regions, from the image's linker symbols and the self-test header. */
function usrRegions(image: ElfImage): Array<{ start: number; end: number }> {
  const header = readFileSync(join(repoRoot, 'bsp', 'selftest', 'selftest.h'), 'utf8');
  const sizeMatch = /#define\s+SELFTEST_PARTITION_REGION_SIZE\s+(0x[0-9a-fA-F]+)u?/.exec(header);
  assert.ok(sizeMatch, 'bsp/selftest/selftest.h no longer defines SELFTEST_PARTITION_REGION_SIZE');
  const regionSize = parseInt(sizeMatch[1], 16);
  return ['__partition0_code_start', '__partition0_data_start'].map((name) => {
    const symbol = image.symbols.get(name);
    assert.ok(symbol, `the self-test ELF has no symbol ${name}`);
    return { start: symbol.value, end: symbol.value + regionSize };
  });
}

/** Boots the image under icount, following the contract line by line with expect(). */
function bootSelftest(elf: string): Promise<{ result: RunResult; bytes: Buffer; wallMs: number }> {
  const started = Date.now();
  return withQemu({ elf, icount: { shift: 0 }, timeoutMs: 20_000 }, async (vm) => {
    const step = { timeoutMs: 10_000 };
    await vm.expect(bannerLine, step);
    await vm.expect(mpuLine, step);
    for (const n of [1, 2, 3]) await vm.expect(new RegExp(`^tick: ${n} pmccntr=\\d+$`, 'm'), step);
    await vm.expect(svcLine, step);
    await vm.expect(abortLine, step);
    await vm.expect(/^selftest: pass$/m, step);
    const result = await vm.wait();
    return { result, bytes: vm.uart0.bytes(), wallMs: Date.now() - started };
  });
}

describe('boot self-test image on QEMU (contract)', function () {
  this.timeout(60_000);
  let image: BuiltImage;
  let elf: ElfImage;
  let first: { result: RunResult; bytes: Buffer; wallMs: number };
  let output: string;

  before(async function () {
    this.timeout(180_000);
    requireQemuForTests();
    const buildSystem = await loadBuildSystem();
    // A private output root: `npm run build` or other suites building the same system at the same
    // time cannot change the image under this test.
    image = await buildSystem('selftest', { outRoot: join(repoRoot, 'out', 'e2e') });
    elf = readElfImage(image.elf);
    first = await bootSelftest(image.elf);
    output = first.result.output;
  });

  it('prints the banner first and reports the MPU region count from MPUIR (16 in QEMU)', function () {
    assert.equal(output.split('\n')[0], bannerLine);
    const mpu = mpuLine.exec(output);
    assert.ok(mpu, output);
    assert.equal(Number(mpu[1]), 16);
  });

  it('counts at least three ticks, numbered in order, with a rising and evenly spaced PMU cycle count', function () {
    const ticks = [...output.matchAll(tickLine)].map((m) => ({ n: Number(m[1]), cycles: Number(m[2]) }));
    assert.ok(ticks.length >= 3, `only ${ticks.length} tick lines:\n${output}`);
    ticks.forEach((tick, i) => assert.equal(tick.n, i + 1, `tick lines out of order:\n${output}`));
    for (let i = 1; i < ticks.length; i++) {
      assert.ok(
        ticks[i].cycles > ticks[i - 1].cycles,
        `pmccntr did not increase from tick ${i} to ${i + 1}:\n${output}`,
      );
    }
    // A periodic SP804 tick under icount: successive intervals agree to within 5 %.
    const firstInterval = ticks[1].cycles - ticks[0].cycles;
    const secondInterval = ticks[2].cycles - ticks[1].cycles;
    assert.ok(
      Math.abs(secondInterval - firstInterval) <= firstInterval * 0.05,
      `tick intervals ${firstInterval} and ${secondInterval} differ by more than 5 %`,
    );
  });

  it('completes the SVC round trip with immediate 0x42', function () {
    const svc = svcLine.exec(output);
    assert.ok(svc, `no svc line:\n${output}`);
    assert.equal(parseInt(svc[1], 16), 0x42);
  });

  it('catches the USR data abort outside the USR regions with a matching fault status', function () {
    const abort = abortLine.exec(output);
    assert.ok(abort, `no abort line:\n${output}`);
    const [pc, dfar, dfsr] = [abort[1], abort[2], abort[3]].map((hex) => parseInt(hex, 16)) as [
      number,
      number,
      number,
    ];
    const status = abort[4];

    const codeStart = elf.symbols.get('__partition0_code_start')?.value;
    const codeEnd = elf.symbols.get('__partition0_code_end')?.value;
    assert.ok(
      codeStart !== undefined && codeEnd !== undefined,
      'the self-test ELF lacks the partition code symbols',
    );
    assert.ok(
      pc >= codeStart && pc < codeEnd,
      `abort pc 0x${abort[1]} is not in the USR code [0x${codeStart.toString(16)}, 0x${codeEnd.toString(16)})`,
    );

    for (const region of usrRegions(elf)) {
      assert.ok(
        dfar < region.start || dfar >= region.end,
        `dfar 0x${abort[2]} lies inside a USR region [0x${region.start.toString(16)}, 0x${region.end.toString(16)})`,
      );
    }
    assert.equal(dfar % 4, 0, 'the USR store is a word store: dfar should be word aligned');
    // The word USR code is told to write is the hypervisor's guard word (bsp/selftest/main.c).
    const guard = elf.symbols.get('guard_word');
    assert.ok(guard, 'the self-test ELF has no symbol guard_word (the target of the forbidden USR store)');
    assert.equal(dfar, guard.value, `dfar 0x${abort[2]} is not &guard_word (0x${guard.value.toString(16)})`);

    const faultStatus = ((dfsr & dfsrStatusHighBit) >> 6) | (dfsr & dfsrStatusLow);
    const expected = status === 'permission' ? faultStatusPermission : faultStatusBackground;
    assert.equal(
      faultStatus,
      expected,
      `dfsr 0x${abort[3]} has fault status 0b${faultStatus.toString(2)}, not a ${status} fault`,
    );
    assert.ok((dfsr & dfsrWriteNotRead) !== 0, `dfsr 0x${abort[3]}: WnR should be set for the USR store`);
    assert.equal(dfsr & dfsrExternal, 0, `dfsr 0x${abort[3]}: not an external abort`);
    assert.equal(dfsr >>> 13, 0, `dfsr 0x${abort[3]}: reserved bits set`);
  });

  it('prints selftest: pass and exits through semihosting with code 0', function () {
    assert.doesNotMatch(output, /selftest: FAIL/);
    assert.match(output, /^selftest: pass$/m);
    assert.equal(first.result.signal, null);
    assert.equal(
      first.result.exitCode,
      0,
      `exit code ${first.result.exitCode}; stderr: ${first.result.stderr}`,
    );
    const cycles = cyclesLine.exec(output);
    if (cycles !== null) {
      const lastTick = [...output.matchAll(tickLine)].at(-1);
      assert.ok(Number(cycles[1]) > Number(lastTick[2]), 'cycles: total is below the last tick count');
    }
  });

  it('gives byte-identical UART0 output (and so the same PMU counts) on a second icount boot', async function () {
    const second = await bootSelftest(image.elf);
    assert.equal(second.result.exitCode, 0);
    if (!second.bytes.equals(first.bytes)) {
      const a = first.result.output.split('\n');
      const b = second.result.output.split('\n');
      const line = a.findIndex((text, i) => text !== b[i]);
      assert.fail(
        `UART0 differs at line ${line + 1}: ${JSON.stringify(a[line])} vs ${JSON.stringify(b[line])}`,
      );
    }
  });
});
