// The Armv8-R EL2 BSP on QEMU 10's mps3-an536 (Cortex-R52): the EL2 self-test image (bsp/el2-selftest)
// boots in Hyp mode and prints its banner; the EL2 physical timer's interrupt arrives through the GICv3
// (ID 26) once per period; an EL1 thread's HVC returns to it with the result in r0 and its registers kept,
// and ticks taken to EL2 while it spins leave its registers alone; an EL1 write outside the EL2 MPU
// regions it was given is trapped to EL2 as a data abort reporting the address; two boots under -icount
// print the same lines; the Hyp vector table is linked at the start of DDR, 32-byte aligned. The UART test image (bsp/uart-echo, built for the board) answers on core 0's own
// UART (PPI 2, ID 18) and on the shared UARTs (IDs 45..48). QEMU is started by the runner with the
// board's profile (`-audio none`, UARTs on serial ports 0 and 2..5).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { mps3An536 } from '../../bsp/mps3-an536/board.ts';
import { deviceGicId } from '../../bsp/board-description.ts';
import { buildSystem, type BuiltImage } from '../../cli/build/image.ts';
import { tools } from '../../cli/build/toolchain.ts';
import { withQemu, type ChannelName } from '../../qemu/runner/index.ts';

const board = 'mps3-an536';
const gicIdOf = (name: string): number =>
  deviceGicId(
    mps3An536,
    mps3An536.devices.find((d) => d.name === name)!,
  );

describe('bsp: Armv8-R EL2 BSP on QEMU mps3-an536', function () {
  this.timeout(180_000);
  let outRoot: string;
  let selftest: BuiltImage;
  let echo: BuiltImage;

  before(async () => {
    outRoot = mkdtempSync(join(tmpdir(), 'bulkhead-bsp-an536-'));
    selftest = await buildSystem('el2-selftest', { outRoot });
    echo = await buildSystem('uart-echo-an536', { outRoot });
  });
  after(() => rmSync(outRoot, { recursive: true, force: true }));

  async function bootSelftest(): Promise<{ output: string; exitCode: number | null }> {
    const result = await withQemu({ elf: selftest.elf, board, timeoutMs: 60_000 }, (vm) => vm.wait());
    return { output: result.output.replace(/\r\n/g, '\n'), exitCode: result.exitCode };
  }

  it('boots at EL2, counts GICv3 ticks, returns HVCs to EL1 and traps its access outside the EL2 MPU', async () => {
    const { output, exitCode } = await bootSelftest();
    assert.equal(exitCode, 0, output);
    assert.match(output, /^Bulkhead EL2 self-test: mps3-an536 cortex-r52$/m);
    assert.match(output, /^el: 2 \(hyp\)$/m);
    assert.match(output, /^mpu: el2 16 regions, el1 16 regions$/m);
    const frequency = Number(/^timer: cntfrq=(\d+)$/m.exec(output)?.[1]);
    assert.ok(frequency > 0, 'no counter frequency');

    const ticks = [...output.matchAll(/^tick: (\d) cntpct=(\d+) irq=(\d+)$/gm)];
    assert.deepEqual(
      ticks.map((m) => Number(m[1])),
      [1, 2, 3],
    );
    for (const tick of ticks) assert.equal(Number(tick[3]), 26, 'the tick is not the EL2 timer PPI');
    const period = frequency / 1000; // 1 ms
    for (let i = 1; i < ticks.length; i++) {
      const apart = Number(ticks[i][2]) - Number(ticks[i - 1][2]);
      assert.ok(Math.abs(apart - period) <= period / 10, `ticks ${apart} counts apart, not ${period}`);
    }

    assert.match(output, /^hvc: round trip ok imm=0x42 r0=0x5eed0042 from=el1-sys$/m);
    const el1Ticks = Number(/^irq: (\d+) ticks taken from el1, registers kept$/m.exec(output)?.[1]);
    assert.ok(el1Ticks >= 3, `only ${el1Ticks} ticks interrupted the EL1 thread`);

    const abort =
      /^abort: data abort from el1 pc=0x([0-9a-f]{8}) far=0x([0-9a-f]{8}) hsr=0x([0-9a-f]{8}) status=(\w+)$/m.exec(
        output,
      );
    assert.ok(abort, `no abort line in:\n${output}`);
    const hsr = parseInt(abort[3], 16);
    assert.equal(hsr >>> 26, 0x24, 'not a data abort from a lower exception level');
    assert.equal((hsr >>> 6) & 1, 1, 'not reported as a write');
    const partition = mps3An536.hypervisor.base + mps3An536.hypervisor.size;
    const pc = parseInt(abort[1], 16);
    assert.ok(
      pc >= partition && pc < partition + 0x1000,
      `pc 0x${abort[1]} is not in the EL1 partition's code`,
    );
    const far = parseInt(abort[2], 16);
    assert.ok(
      far >= mps3An536.hypervisor.base && far < partition,
      `far 0x${abort[2]} is not hypervisor memory`,
    );
    assert.match(abort[4], /^(background|permission)$/);
    assert.match(output, /^selftest: pass$/m);
  });

  it('links the Hyp vector table at the start of DDR, each vector a branch to its stub, and enters at reset', () => {
    const symbols = new Map(
      execFileSync(tools.nm, [selftest.elf], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((line) => line.split(' '))
        .map(([address, , name]) => [name, parseInt(address, 16)] as const),
    );
    const table = symbols.get('bh_vector_table')!;
    assert.equal(table, mps3An536.hypervisor.base);
    assert.equal(table % 32, 0, 'HVBAR needs 32-byte alignment');
    const header = execFileSync(tools.readelf, ['-h', selftest.elf], { encoding: 'utf8' });
    assert.equal(
      Number(/Entry point address:\s+(0x[0-9a-f]+)/.exec(header)?.[1]),
      symbols.get('bh_reset_handler'),
    );
    // Each vector is `b <stub>` (A32 B, encoding A1: cond 1110, 1010, imm24 = (target - pc - 8) / 4).
    const binary = readFileSync(selftest.bin);
    const stubs = [
      'bh_reset_handler',
      ...Array.from({ length: 5 }, () => 'bh_exception_sync'),
      'bh_exception_irq',
      'bh_exception_fiq',
    ];
    stubs.forEach((stub, index) => {
      const word = binary.readUInt32LE(index * 4);
      assert.equal(word >>> 24, 0xea, `vector ${index} is not a branch`);
      const offset = ((word & 0xffffff) << 8) >> 6; // sign-extended imm24 * 4
      assert.equal(
        table + index * 4 + 8 + offset,
        symbols.get(stub),
        `vector ${index} does not reach ${stub}`,
      );
    });
    const partition = mps3An536.hypervisor.base + mps3An536.hypervisor.size;
    assert.equal(symbols.get('__partition0_code_start'), partition);
    assert.ok(symbols.get('__hypervisor_end')! <= partition);
  });

  it('prints the same lines on every boot under -icount', async () => {
    const first = await bootSelftest();
    const second = await bootSelftest();
    assert.equal(first.exitCode, 0);
    assert.equal(second.output, first.output);
  });

  it('answers on the core UART (ID 18) and on the shared UARTs through their own interrupts', async () => {
    await withQemu({ elf: echo.elf, board, icount: false, timeoutMs: 60_000 }, async (vm) => {
      await vm.expect('uart-echo: ready');
      for (const uart of [1, 2, 3, 4]) {
        const channel = await vm.connect(`uart${uart}` as ChannelName);
        const burst = `r52-${uart}-0123456789`;
        await channel.write(burst);
        for (const byte of burst) {
          const line = new RegExp(
            `^uart${uart} irq=(\\d+) byte=${byte.charCodeAt(0).toString(16).padStart(2, '0')} dropped=(\\d+)$`,
            'm',
          );
          const match = await channel.expect(line, { timeoutMs: 10_000 });
          assert.equal(
            Number(match[1]),
            gicIdOf(`uart${uart}`),
            `UART${uart} byte arrived through the wrong IRQ`,
          );
          assert.equal(Number(match[2]), 0, `UART${uart} dropped bytes`);
        }
      }
      vm.send('x');
      const match = await vm.expect(/^uart0 irq=(\d+) byte=78 dropped=0$/m);
      assert.equal(Number(match[1]), 18);
      vm.send('q');
      const result = await vm.wait();
      assert.equal(result.exitCode, 0, `exit code ${String(result.exitCode)}: ${result.stderr}`);
    });
  });
});
