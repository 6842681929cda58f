// The ARM RealView Emulation Baseboard with a Cortex-R5F, as QEMU models it (`-M realview-eb`): every fact
// of the board, written once. Sources: RealView Emulation Baseboard User Guide (ARM DUI 0303) 4.1
// "Memory map" and 4.13 "Interrupts"; QEMU's hw/arm/realview.c (device addresses and interrupt wiring,
// 24 MHz UARTCLK, 1 MHz SP804 TIMCLK); checked by booting the BSP self-test image under QEMU 7.2.
import { cortexR5f } from '../armv7r/cpu.ts';
import type { BoardDescription, BoardDevice } from '../board-description.ts';

/** One PL011 or SP804 register block. */
const DEVICE_BLOCK_SIZE = 0x1000;
const UART_COUNT = 4;
const UART0_BASE = 0x1000_9000;
/** Board interrupt lines of UART0..3 are 12..15. */
const UART0_IRQ = 12;
const UART_CLOCK_HZ = 24_000_000;
const TIMER_CLOCK_HZ = 1_000_000;

function uart(index: number): BoardDevice {
  return {
    name: `uart${index}`,
    kind: 'pl011-uart',
    model: 'PL011 UART',
    base: UART0_BASE + index * DEVICE_BLOCK_SIZE,
    size: DEVICE_BLOCK_SIZE,
    irq: UART0_IRQ + index,
    clockHz: UART_CLOCK_HZ,
    uartIndex: index,
    blocks: [],
    reservedFor: index === 0 ? 'the hypervisor console' : null,
  };
}

export const realviewEb: BoardDescription = {
  name: 'realview-eb',
  summary: 'ARM RealView Emulation Baseboard with a Cortex-R5F, as QEMU models it',
  cpu: cortexR5f,
  ram: { base: 0x0000_0000, size: 128 * 1024 * 1024 },
  /** The image is linked at 0 (vectors, SCTLR.V = 0) and owns the first MiB. */
  hypervisor: { base: 0x0000_0000, size: 0x0010_0000 },
  peripherals: { base: 0x1000_0000, size: 0x0010_0000 },
  mpuRegions: cortexR5f.mpuRegions,
  uartCount: UART_COUNT,
  hypervisorConsoleUart: 0,
  uartBaud: 115_200,
  interruptController: 'gicv2',
  gicSpiBase: 32,
  interruptIds: 96,
  devices: [
    {
      // Board identification, LEDs, oscillators and the reset control register (offset 0x40).
      name: 'sysregs',
      kind: 'system-registers',
      model: 'system registers',
      base: 0x1000_0000,
      size: 0x1000,
      irq: -1,
      clockHz: null,
      uartIndex: -1,
      blocks: [],
      reservedFor: 'the board (reset and clock control)',
    },
    ...Array.from({ length: UART_COUNT }, (_, index) => uart(index)),
    {
      // The first SP804 dual-timer module (timers 0 and 1); its first counter drives the hypervisor tick.
      name: 'timer0',
      kind: 'sp804-timer',
      model: 'SP804 dual timer',
      base: 0x1001_1000,
      size: DEVICE_BLOCK_SIZE,
      irq: 4,
      clockHz: TIMER_CLOCK_HZ,
      uartIndex: -1,
      blocks: [],
      reservedFor: 'the hypervisor tick',
    },
    {
      // The second SP804 module (timers 2 and 3).
      name: 'timer1',
      kind: 'sp804-timer',
      model: 'SP804 dual timer',
      base: 0x1001_2000,
      size: DEVICE_BLOCK_SIZE,
      irq: 5,
      clockHz: TIMER_CLOCK_HZ,
      uartIndex: -1,
      blocks: [],
      reservedFor: null,
    },
    {
      name: 'gic',
      kind: 'gic',
      model: 'GIC CPU interface + distributor',
      base: 0x1004_0000,
      size: 0x2000,
      irq: -1,
      clockHz: null,
      uartIndex: -1,
      blocks: [
        { name: 'cpu', offset: 0x0000 },
        { name: 'dist', offset: 0x1000 },
      ],
      reservedFor: 'the hypervisor (interrupt controller)',
    },
  ],
  qemu: {
    binary: 'qemu-system-arm',
    machine: 'realview-eb',
    cpu: 'cortex-r5f',
    memory: '128M',
    env: {},
  },
};
