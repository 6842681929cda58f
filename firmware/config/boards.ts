// Board descriptions: what the system description validator and the MPU planner need to know about a
// board — RAM, the range the hypervisor image reserves, MPU region count, UARTs and the devices (with
// their interrupts) that may or may not be passed through to a VM. Facts for realview-eb follow QEMU's
// `hw/arm/realview.c` (memory map, interrupt wiring) and docs/DESIGN.md §1.

/** A contiguous physical address range `[base, base + size)`. */
export interface AddressRange {
  readonly base: number;
  readonly size: number;
}

export type BoardDeviceKind = 'pl011-uart' | 'sp804-timer' | 'gic';

/** One memory-mapped device of the board. */
export interface BoardDevice {
  /** Name used by `DeviceAssignment.device`, e.g. `uart2`. */
  readonly name: string;
  readonly kind: BoardDeviceKind;
  /** Register block base (physical); the passed-through MPU region covers `[base, base + size)`. */
  readonly base: number;
  /** Register block size in bytes (a power of two, base aligned to it). */
  readonly size: number;
  /** Board interrupt line (GIC ID = `gicSpiBase + irq`); -1 when the device has none of its own. */
  readonly irq: number;
  /** UART index for UARTs (`uartN` has index N); -1 otherwise. */
  readonly uartIndex: number;
  /** Why the device can never be passed through; `null` when it can be. */
  readonly reservedFor: string | null;
}

export interface BoardDescription {
  readonly name: string;
  /** All RAM the board has; VM memory areas must lie inside it. */
  readonly ram: AddressRange;
  /** RAM the hypervisor image, its stacks and its data occupy; no VM area may touch it. */
  readonly hypervisor: AddressRange;
  /** Number of PMSAv7 MPU regions (all of them may describe the running guest, see docs/DESIGN.md §1). */
  readonly mpuRegions: number;
  /** Number of UARTs; UART i is device `uart<i>`. */
  readonly uartCount: number;
  /** UART the hypervisor's own console always uses. */
  readonly hypervisorConsoleUart: number;
  /** GIC interrupt ID of board interrupt 0 (shared peripheral interrupts start at 32). */
  readonly gicSpiBase: number;
  readonly devices: readonly BoardDevice[];
}

/** Size of one PL011 / SP804 register block on realview-eb. */
const REALVIEW_EB_DEVICE_BLOCK_SIZE = 0x1000;
const REALVIEW_EB_UART0_BASE = 0x1000_9000;
const REALVIEW_EB_UART0_IRQ = 12;
/** Device `timer0` is the first SP804 dual-timer module (the BSP's TIMER01, whose first counter drives
 *  the hypervisor tick); `timer1` is the second module (the BSP's TIMER23). */
const REALVIEW_EB_TIMER0_BASE = 0x1001_1000;
const REALVIEW_EB_TIMER0_IRQ = 4;
const REALVIEW_EB_TIMER1_BASE = 0x1001_2000;
const REALVIEW_EB_TIMER1_IRQ = 5;
/** GIC CPU interface at 0x10040000 followed by the distributor at 0x10041000. */
const REALVIEW_EB_GIC_BASE = 0x1004_0000;
const REALVIEW_EB_GIC_SIZE = 0x2000;
const REALVIEW_EB_RAM_SIZE = 128 * 1024 * 1024;
/** The hypervisor image is linked at 0 (vectors) and owns the first MiB. */
const REALVIEW_EB_HYPERVISOR_SIZE = 0x0010_0000;
const REALVIEW_EB_UART_COUNT = 4;

function realviewUart(index: number): BoardDevice {
  return {
    name: `uart${index}`,
    kind: 'pl011-uart',
    base: REALVIEW_EB_UART0_BASE + index * REALVIEW_EB_DEVICE_BLOCK_SIZE,
    size: REALVIEW_EB_DEVICE_BLOCK_SIZE,
    irq: REALVIEW_EB_UART0_IRQ + index,
    uartIndex: index,
    reservedFor: index === 0 ? 'the hypervisor console' : null,
  };
}

/** ARM RealView Emulation Baseboard as modelled by QEMU 7.2 with a Cortex-R5F. */
export const realviewEb: BoardDescription = {
  name: 'realview-eb',
  ram: { base: 0, size: REALVIEW_EB_RAM_SIZE },
  hypervisor: { base: 0, size: REALVIEW_EB_HYPERVISOR_SIZE },
  mpuRegions: 16,
  uartCount: REALVIEW_EB_UART_COUNT,
  hypervisorConsoleUart: 0,
  gicSpiBase: 32,
  devices: [
    realviewUart(0),
    realviewUart(1),
    realviewUart(2),
    realviewUart(3),
    {
      name: 'timer0',
      kind: 'sp804-timer',
      base: REALVIEW_EB_TIMER0_BASE,
      size: REALVIEW_EB_DEVICE_BLOCK_SIZE,
      irq: REALVIEW_EB_TIMER0_IRQ,
      uartIndex: -1,
      reservedFor: 'the hypervisor tick',
    },
    {
      name: 'timer1',
      kind: 'sp804-timer',
      base: REALVIEW_EB_TIMER1_BASE,
      size: REALVIEW_EB_DEVICE_BLOCK_SIZE,
      irq: REALVIEW_EB_TIMER1_IRQ,
      uartIndex: -1,
      reservedFor: null,
    },
    {
      name: 'gic',
      kind: 'gic',
      base: REALVIEW_EB_GIC_BASE,
      size: REALVIEW_EB_GIC_SIZE,
      irq: -1,
      uartIndex: -1,
      reservedFor: 'the hypervisor (interrupt controller)',
    },
  ],
};

const boards: readonly BoardDescription[] = [realviewEb];

/** Names of all known boards. */
export function boardNames(): string[] {
  return boards.map((b) => b.name);
}

/** The board called `name`, or `undefined`. */
export function findBoard(name: string): BoardDescription | undefined {
  return boards.find((b) => b.name === name);
}

/** A board name no known board has; the message names it and the known ones. */
export class UnknownBoardError extends Error {
  constructor(readonly board: string) {
    super(`unknown board '${board}' (known boards: ${boardNames().join(', ')})`);
    this.name = 'UnknownBoardError';
  }
}

/** The board called `name`; throws an `UnknownBoardError` naming the unknown board and the known ones. */
export function getBoard(name: string): BoardDescription {
  const board = findBoard(name);
  if (board === undefined) {
    throw new UnknownBoardError(name);
  }
  return board;
}

/** The board device called `name`, or `undefined`. */
export function findDevice(board: BoardDescription, name: string): BoardDevice | undefined {
  return board.devices.find((d) => d.name === name);
}

/** GIC interrupt ID of a board interrupt line. */
export function gicIdOf(board: BoardDescription, boardIrq: number): number {
  return board.gicSpiBase + boardIrq;
}
