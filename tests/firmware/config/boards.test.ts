// Tests of the board descriptions and what is generated from them: lookup names an unknown board; the
// generated board_map.h, compiled and run on the host, states exactly realview-eb's description (RAM,
// hypervisor range, device bases, blocks, GIC IDs, clocks, UART stride); the generated memory script
// gives the hypervisor and partition regions; the QEMU interrupt wiring (board IRQ n = GIC ID 32 + n).
import assert from 'node:assert/strict';
import { boardHeaderSource, boardMacroName } from '../../../cli/build/generate/board-header.ts';
import { boardMemoryScriptSource } from '../../../cli/build/generate/board-memory-script.ts';
import {
  deviceGicId,
  findDevice,
  getBoard,
  gicIdOf,
  mps3An536,
  realviewEb,
  type BoardDescription,
} from '../../../firmware/config/boards.ts';
import { cMacroValues } from './c-macro-values.ts';

/** Values of `macros` as the host C compiler evaluates the generated header. */
function evaluateHeader(header: string, macros: readonly string[]): Map<string, number> {
  return cMacroValues(['board_map.h'], macros, { 'board_map.h': header });
}

describe('config/boards', () => {
  it('finds realview-eb and names unknown boards with the known ones', () => {
    assert.equal(getBoard('realview-eb'), realviewEb);
    assert.equal(getBoard('mps3-an536'), mps3An536);
    assert.throws(() => getBoard('zynq'), /unknown board 'zynq' \(known boards: realview-eb, mps3-an536\)/);
  });

  /** Every macro the generated header must define for `board`, with its value. */
  function expectedMacros(board: BoardDescription): Map<string, number> {
    const expected = new Map<string, number>([
      ['BOARD_RAM_BASE', board.ram.base],
      ['BOARD_RAM_SIZE', board.ram.size],
      ['BOARD_HYPERVISOR_BASE', board.hypervisor.base],
      ['BOARD_HYPERVISOR_SIZE', board.hypervisor.size],
      ['BOARD_PARTITION_RAM_BASE', board.hypervisor.base + board.hypervisor.size],
      ['BOARD_PARTITION_RAM_SIZE', board.ram.size - board.hypervisor.size],
      ['BOARD_GIC_SPI_BASE', board.gicSpiBase],
      ['BOARD_GIC_PPI_BASE', 16],
      ['BOARD_GIC_VERSION', board.interruptController === 'gicv3' ? 3 : 2],
      ['BOARD_GIC_MAX_IRQS', board.interruptIds],
      ['BOARD_UART_COUNT', board.uartCount],
      ['BOARD_UART_BAUD', board.uartBaud],
    ]);
    for (const device of board.devices) {
      const name = boardMacroName(device.name);
      expected.set(`BOARD_${name}_BASE`, device.base);
      expected.set(`BOARD_${name}_SIZE`, device.size);
      for (const block of device.blocks) {
        expected.set(`BOARD_${name}_${boardMacroName(block.name)}_BASE`, device.base + block.offset);
      }
      if (device.irq >= 0) expected.set(`BOARD_IRQ_${name}`, deviceGicId(board, device));
      if (device.clockHz !== null) expected.set(`BOARD_${name}_CLOCK_HZ`, device.clockHz);
    }
    return expected;
  }

  it('generates a board_map.h that states exactly the description (checked by compiling it)', () => {
    const expected = expectedMacros(realviewEb);
    expected.set('BOARD_UART_STRIDE', 0x1000);
    expected.set('BOARD_UART_CLOCK_HZ', 24_000_000);
    const values = evaluateHeader(boardHeaderSource(realviewEb), [...expected.keys()]);
    assert.deepEqual(values, expected);
  });

  it("generates mps3-an536's board_map.h from its description, private interrupts included", () => {
    const expected = expectedMacros(mps3An536);
    expected.set('BOARD_UART_CLOCK_HZ', 50_000_000);
    expected.set('BOARD_IRQ_HYP_TIMER', 26);
    const header = boardHeaderSource(mps3An536);
    assert.deepEqual(evaluateHeader(header, [...expected.keys()]), expected);
    assert.match(header, /#include "armv8r\/bits\.h"/);
    // uart0 is core 0's own UART, apart from the four shared ones: no stride to index them by.
    assert.doesNotMatch(header, /BOARD_UART_STRIDE/);
    assert.equal(expected.get('BOARD_IRQ_UART0'), 18);
  });

  it('leaves out the UART stride when the UARTs are not evenly spaced, so a driver relying on it fails to build', () => {
    const irregular = {
      ...realviewEb,
      devices: realviewEb.devices.map((d) => (d.name === 'uart3' ? { ...d, base: d.base + 0x1000 } : d)),
    };
    assert.doesNotMatch(boardHeaderSource(irregular), /BOARD_UART_STRIDE/);
    assert.match(boardHeaderSource(realviewEb), /#define BOARD_UART_STRIDE BH_U32\(0x00001000\)/);
  });

  it('generates the linker memory regions: the hypervisor MiB and the partition RAM above it', () => {
    const script = boardMemoryScriptSource(realviewEb);
    assert.match(script, /HYPERVISOR_RAM \(rwx\) : ORIGIN = 0x00000000, LENGTH = 0x00100000/);
    assert.match(script, /PARTITION_RAM {2}\(rwx\) : ORIGIN = 0x00100000, LENGTH = 0x07F00000/);
    assert.throws(
      () => boardMemoryScriptSource({ ...realviewEb, hypervisor: { base: 0x10_0000, size: 0x10_0000 } }),
      /board 'realview-eb': the hypervisor range must start RAM/,
    );
  });

  it('wires UART0..3 to GIC IDs 44..47 and the timers to 36/37', () => {
    assert.deepEqual(
      ['uart0', 'uart1', 'uart2', 'uart3', 'timer0', 'timer1'].map((n) =>
        gicIdOf(realviewEb, findDevice(realviewEb, n)!.irq),
      ),
      [44, 45, 46, 47, 36, 37],
    );
  });

  it('never lets the GIC, the tick timer, the console UART or the system registers be passed through', () => {
    const reserved = realviewEb.devices.filter((d) => d.reservedFor !== null).map((d) => d.name);
    assert.deepEqual(reserved.sort(), ['gic', 'sysregs', 'timer0', 'uart0']);
    assert.equal(realviewEb.mpuRegions, 16);
  });

  it("wires mps3-an536's per-core UART to PPI 2 (ID 18) and the shared UARTs, timer, watchdog and Ethernet to SPIs", () => {
    assert.deepEqual(
      ['uart0', 'uart1', 'uart2', 'uart3', 'uart4', 'timer0', 'watchdog', 'eth0'].map((n) =>
        deviceGicId(mps3An536, findDevice(mps3An536, n)!),
      ),
      [18, 45, 46, 47, 48, 35, 32, 50],
    );
    assert.equal(deviceGicId(mps3An536, findDevice(mps3An536, 'gic')!), -1);
  });

  it('describes the Cortex-R52 of mps3-an536: EL2 and EL1 MPUs of 16 regions, PMSAv8, HVC, GICv3', () => {
    assert.equal(mps3An536.cpu.name, 'cortex-r52');
    assert.equal(mps3An536.cpu.bspDir, 'armv8r');
    assert.equal(mps3An536.cpu.hypervisorMpuRegions, 16);
    assert.equal(mps3An536.mpuRegions, 16);
    assert.equal(mps3An536.cpu.mpuArchitecture, 'pmsav8');
    assert.equal(mps3An536.cpu.hypercall, 'hvc');
    assert.equal(mps3An536.interruptController, 'gicv3');
    assert.ok(mps3An536.cpu.compilerFlags.includes('-mcpu=cortex-r52'));
    assert.equal(mps3An536.qemu.args, undefined);
    const reserved = mps3An536.devices.filter((d) => d.reservedFor !== null).map((d) => d.name);
    assert.deepEqual(reserved.sort(), ['gic', 'uart0', 'watchdog']);
    const script = boardMemoryScriptSource(mps3An536);
    assert.match(script, /HYPERVISOR_RAM \(rwx\) : ORIGIN = 0x20000000, LENGTH = 0x00100000/);
    assert.match(script, /PARTITION_RAM {2}\(rwx\) : ORIGIN = 0x20100000, LENGTH = 0x07F00000/);
  });
});
