// Generates `board_map.h`, a board's memory map, device registers, interrupt IDs and clocks as C macros
// (usable from C and assembly through `BH_U32`), from its description (`bsp/<board>/board.ts`). The BSP's
// board drivers include it; it is written into the build's output, never by hand.
import { GIC_PPI_BASE, type BoardDescription, type BoardDevice } from '../../../bsp/board-description.ts';
import { partitionRam } from '../../../firmware/config/boards.ts';
import { hex } from '../../../firmware/config/errors.ts';

/** File name of the generated header. */
export const BOARD_HEADER_NAME = 'board_map.h';

const u32Constant = (value: number): string => `BH_U32(${hex(value)})`;
const decimal = (value: number): string => `BH_U32(${value})`;

/** `uart0` → `UART0`, `gic` → `GIC`. */
export function boardMacroName(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

/** The value every element of `values` has, or undefined when they differ or there are none. */
function common(values: readonly number[]): number | undefined {
  return values.length > 0 && values.every((v) => v === values[0]) ? values[0] : undefined;
}

/** Macros of one device: register base and size, its register blocks, GIC interrupt ID and clock. */
function deviceLines(device: BoardDevice): string[] {
  const name = boardMacroName(device.name);
  const lines = [
    `#define BOARD_${name}_BASE ${u32Constant(device.base)} /* ${device.model} */`,
    `#define BOARD_${name}_SIZE ${u32Constant(device.size)}`,
  ];
  for (const block of device.blocks) {
    lines.push(
      `#define BOARD_${name}_${boardMacroName(block.name)}_BASE ${u32Constant(device.base + block.offset)}`,
    );
  }
  if (device.irq >= 0) {
    const first = device.irqKind === 'ppi' ? 'BOARD_GIC_PPI_BASE' : 'BOARD_GIC_SPI_BASE';
    lines.push(`#define BOARD_IRQ_${name} (${first} + ${decimal(device.irq)})`);
  }
  if (device.clockHz !== null) lines.push(`#define BOARD_${name}_CLOCK_HZ ${decimal(device.clockHz)}`);
  return lines;
}

/**
 * Macros the UART driver indexes by UART number: the count, and (when the board spaces them evenly,
 * with consecutive interrupt lines and one clock) the stride between register blocks and the common
 * clock. A board whose UARTs are not regular gets no stride macro, so a driver relying on one fails to
 * compile instead of addressing the wrong block.
 */
function uartLines(board: BoardDescription): string[] {
  const uarts = board.devices.filter((d) => d.uartIndex >= 0).sort((a, b) => a.uartIndex - b.uartIndex);
  const lines = [
    `#define BOARD_UART_COUNT ${uarts.length}`,
    `#define BOARD_UART_BAUD ${decimal(board.uartBaud)}`,
  ];
  const strides = uarts.slice(1).map((u, i) => u.base - uarts[i].base);
  const irqSteps = uarts.slice(1).map((u, i) => u.irq - uarts[i].irq);
  const stride = common(strides);
  if (uarts.length === 1 || (stride !== undefined && common(irqSteps) === 1)) {
    lines.push(`#define BOARD_UART_STRIDE ${u32Constant(stride ?? uarts[0].size)}`);
  }
  const clock = common(uarts.map((u) => u.clockHz ?? -1));
  if (clock !== undefined && clock >= 0) lines.push(`#define BOARD_UART_CLOCK_HZ ${decimal(clock)}`);
  return lines;
}

/** The text of `board_map.h` for `board` (deterministic). */
export function boardHeaderSource(board: BoardDescription): string {
  const partitions = partitionRam(board);
  return [
    '/*',
    ` * board_map.h: ${board.summary}.`,
    ` * Generated from bsp/${board.name}/board.ts by cli/build/generate/board-header.ts; do not edit.`,
    ' * Usable from C and assembly.',
    ' */',
    '#ifndef BSP_BOARD_MAP_H',
    '#define BSP_BOARD_MAP_H',
    '',
    `#include "${board.cpu.bspDir}/bits.h"`,
    '',
    '/* ---- RAM ---- */',
    `#define BOARD_RAM_BASE ${u32Constant(board.ram.base)}`,
    `#define BOARD_RAM_SIZE ${u32Constant(board.ram.size)}`,
    `#define BOARD_HYPERVISOR_BASE ${u32Constant(board.hypervisor.base)}`,
    `#define BOARD_HYPERVISOR_SIZE ${u32Constant(board.hypervisor.size)}`,
    `#define BOARD_PARTITION_RAM_BASE ${u32Constant(partitions.base)}`,
    `#define BOARD_PARTITION_RAM_SIZE ${u32Constant(partitions.size)}`,
    '',
    '/* ---- Devices ---- */',
    `#define BOARD_PERIPHERAL_BASE ${u32Constant(board.peripherals.base)}`,
    `#define BOARD_PERIPHERAL_SIZE ${u32Constant(board.peripherals.size)}`,
    ...board.devices.flatMap(deviceLines),
    ...uartLines(board),
    '',
    '/* ---- Interrupts: board interrupt line n is GIC interrupt ID BOARD_GIC_SPI_BASE + n (a private',
    ' * interrupt n of the core: BOARD_GIC_PPI_BASE + n) ---- */',
    `#define BOARD_GIC_SPI_BASE ${decimal(board.gicSpiBase)}`,
    `#define BOARD_GIC_PPI_BASE ${decimal(GIC_PPI_BASE)}`,
    `#define BOARD_GIC_VERSION ${board.interruptController === 'gicv3' ? 3 : 2}`,
    `#define BOARD_GIC_MAX_IRQS ${decimal(board.interruptIds)} /* IDs the dispatch table covers */`,
    ...(board.hypervisorTimerPpi === undefined
      ? []
      : [
          `#define BOARD_IRQ_HYP_TIMER (BOARD_GIC_PPI_BASE + ${decimal(board.hypervisorTimerPpi)}) /* EL2 physical timer */`,
        ]),
    '',
    '#endif /* BSP_BOARD_MAP_H */',
    '',
  ].join('\n');
}
