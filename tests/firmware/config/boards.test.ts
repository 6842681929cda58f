// Tests of the board descriptions: realview-eb's facts agree with the BSP's memory map header
// (bsp/realview-eb/memory_map.h) and the QEMU interrupt wiring (board IRQ n = GIC ID 32 + n), and
// board lookup names the unknown board.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findDevice, getBoard, gicIdOf, realviewEb } from '../../../firmware/config/boards.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** `#define NAME BH_U32(0x...)` values of the BSP's memory map header. */
function bspDefines(): Map<string, number> {
  const text = readFileSync(join(repoRoot, 'bsp', 'realview-eb', 'memory_map.h'), 'utf8');
  const defines = new Map<string, number>();
  for (const match of text.matchAll(/#define\s+(\w+)\s+BH_U32\((0x[0-9A-Fa-f]+|\d+)\)/g)) {
    defines.set(match[1]!, Number(match[2]));
  }
  return defines;
}

describe('config/boards', () => {
  it('finds realview-eb and names unknown boards with the known ones', () => {
    assert.equal(getBoard('realview-eb'), realviewEb);
    assert.throws(() => getBoard('zynq'), /unknown board 'zynq' \(known boards: realview-eb\)/);
  });

  it('agrees with the BSP memory map (RAM, hypervisor range, UART/timer/GIC bases)', () => {
    const bsp = bspDefines();
    const expect = (name: string, value: number) => assert.equal(value, bsp.get(name), name);
    expect('BOARD_RAM_BASE', realviewEb.ram.base);
    expect('BOARD_RAM_SIZE', realviewEb.ram.size);
    expect('BOARD_HYPERVISOR_BASE', realviewEb.hypervisor.base);
    expect('BOARD_HYPERVISOR_SIZE', realviewEb.hypervisor.size);
    for (let i = 0; i < realviewEb.uartCount; i++)
      expect(`BOARD_UART${i}_BASE`, findDevice(realviewEb, `uart${i}`)!.base);
    expect('BOARD_TIMER01_BASE', findDevice(realviewEb, 'timer0')!.base);
    expect('BOARD_TIMER23_BASE', findDevice(realviewEb, 'timer1')!.base);
    expect('BOARD_GIC_CPU_BASE', findDevice(realviewEb, 'gic')!.base);
    expect('BOARD_GIC_SPI_BASE', realviewEb.gicSpiBase);
  });

  it('wires UART0..3 to GIC IDs 44..47 and the timers to 36/37', () => {
    assert.deepEqual(
      ['uart0', 'uart1', 'uart2', 'uart3', 'timer0', 'timer1'].map((n) =>
        gicIdOf(realviewEb, findDevice(realviewEb, n)!.irq),
      ),
      [44, 45, 46, 47, 36, 37],
    );
  });

  it('never lets the GIC, the tick timer or the console UART be passed through', () => {
    const reserved = realviewEb.devices.filter((d) => d.reservedFor !== null).map((d) => d.name);
    assert.deepEqual(reserved.sort(), ['gic', 'timer0', 'uart0']);
    assert.equal(realviewEb.mpuRegions, 16);
  });
});
