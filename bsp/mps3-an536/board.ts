// Arm's MPS3 FPGA board with the AN536 image (two Cortex-R52), as QEMU 10 models it
// (`-M mps3-an536 -cpu cortex-r52`, one core by default): every fact of the board, written once.
// Sources: Arm Application Note AN536 "Cortex-R52 processor on MPS3" (DAI 0536) memory map and interrupt
// map; QEMU's hw/arm/mps3r.c (DDR at 0x2000_0000 is the machine's RAM, `-m` sets its size; one 50 MHz
// clock feeds the UARTs, the dual timer and the watchdog; the per-core UART's interrupts are PPIs 0..3,
// the shared UARTs' combined interrupts SPIs 13..16, the dual timer's combined interrupt SPI 3, the
// watchdog SPI 0, the LAN9118 SPI 18); checked by booting the BSP test images under QEMU 10.0.2.
import { cortexR52 } from '../armv8r/cpu.ts';
import type { BoardDescription, BoardDevice } from '../board-description.ts';

/** One CMSDK APB peripheral slot. */
const DEVICE_BLOCK_SIZE = 0x1000;
const CLOCK_HZ = 50_000_000;
/** The shared UARTs (uart1..uart4): consecutive slots, combined interrupts on consecutive SPIs. */
const SHARED_UART_COUNT = 4;
const SHARED_UART0_BASE = 0xe020_5000;
const SHARED_UART0_IRQ = 13;
/** The DDR: QEMU's machine RAM, and where the image is linked and loaded. */
const DDR_BASE = 0x2000_0000;
const RAM = { base: DDR_BASE, size: 128 * 1024 * 1024 };

function sharedUart(index: number): BoardDevice {
  return {
    name: `uart${index + 1}`,
    kind: 'cmsdk-uart',
    model: 'CMSDK APB UART (shared)',
    base: SHARED_UART0_BASE + index * DEVICE_BLOCK_SIZE,
    size: DEVICE_BLOCK_SIZE,
    irq: SHARED_UART0_IRQ + index,
    clockHz: CLOCK_HZ,
    uartIndex: index + 1,
    blocks: [],
    reservedFor: null,
  };
}

export const mps3An536: BoardDescription = {
  name: 'mps3-an536',
  summary: 'Arm MPS3 with the AN536 image (Cortex-R52), as QEMU 10 models it',
  cpu: cortexR52,
  /** The DDR QEMU calls the machine's RAM; 128 MiB of it (`-m 128M`). */
  ram: RAM,
  /** The image is linked at the start of DDR (HVBAR points at its vector table) and owns the first MiB. */
  hypervisor: { base: DDR_BASE, size: 0x0010_0000 },
  peripherals: { base: 0xe000_0000, size: 0x2000_0000 },
  mpuRegions: cortexR52.mpuRegions,
  uartCount: SHARED_UART_COUNT + 1,
  hypervisorConsoleUart: 0,
  uartBaud: 115_200,
  interruptController: 'gicv3',
  /** The EL2 physical timer's PPI 10 (GIC ID 26), the Arm BSA numbering QEMU wires. */
  hypervisorTimerPpi: 10,
  gicSpiBase: 32,
  interruptIds: 128,
  devices: [
    {
      // Core 0's private UART (each core sees its own at this address); combined interrupt PPI 2.
      name: 'uart0',
      kind: 'cmsdk-uart',
      model: 'CMSDK APB UART (per core)',
      base: 0xe7c0_0000,
      size: DEVICE_BLOCK_SIZE,
      irq: 2,
      irqKind: 'ppi',
      clockHz: CLOCK_HZ,
      uartIndex: 0,
      blocks: [],
      reservedFor: 'the hypervisor console',
    },
    ...Array.from({ length: SHARED_UART_COUNT }, (_, index) => sharedUart(index)),
    {
      name: 'watchdog',
      kind: 'cmsdk-watchdog',
      model: 'CMSDK APB watchdog',
      base: 0xe010_0000,
      size: DEVICE_BLOCK_SIZE,
      irq: 0,
      clockHz: CLOCK_HZ,
      uartIndex: -1,
      blocks: [],
      reservedFor: 'the board (reset)',
    },
    {
      // Two down counters; combined interrupt SPI 3 (timer 1 alone: SPI 1, timer 2: SPI 2).
      name: 'timer0',
      kind: 'cmsdk-dual-timer',
      model: 'CMSDK APB dual timer',
      base: 0xe010_1000,
      size: DEVICE_BLOCK_SIZE,
      irq: 3,
      clockHz: CLOCK_HZ,
      uartIndex: -1,
      blocks: [],
      reservedFor: null,
    },
    {
      name: 'eth0',
      kind: 'lan9118-ethernet',
      model: 'LAN9118 Ethernet (LAN9220 on the board)',
      base: 0xe030_0000,
      size: DEVICE_BLOCK_SIZE,
      irq: 18,
      clockHz: null,
      uartIndex: -1,
      blocks: [],
      reservedFor: null,
    },
    {
      // Distributor (64 KiB) and, from +1 MiB, one redistributor per core (RD_base and SGI_base frames,
      // 64 KiB each); the CPU interface is the ICC_* system registers.
      name: 'gic',
      kind: 'gic',
      model: 'GICv3 distributor + redistributors',
      base: 0xf000_0000,
      size: 0x0020_0000,
      irq: -1,
      clockHz: null,
      uartIndex: -1,
      blocks: [
        { name: 'dist', offset: 0x0000_0000 },
        { name: 'redist', offset: 0x0010_0000 },
      ],
      reservedFor: 'the hypervisor (interrupt controller)',
    },
  ],
  // The MPS3's MCC volume (`bulkhead flash`, docs/BOARDS.md "Loading and debugging on a real MPS3"). The
  // layout and the images.txt keys are those of Arm's MPS3 instructions as the TF-M, Zephyr and
  // Corstone-1000 documentation reproduce them (root config.txt, MB/HBI0309C/board.txt, the application
  // note's images.txt, SOFTWARE/ with 8.3 names, `IMAGEnUPDATE: NONE/AUTO/FORCE`).
  volume: {
    rootFiles: ['config.txt'],
    boardFolder: 'MB/HBI0309C',
    boardFile: 'board.txt',
    applicationNote: 'AN536',
    imagesFile: 'images.txt',
    softwareFolder: 'SOFTWARE',
    imageFile: 'BULKHEAD.BIN',
    // The image's link address, the start of DDR, where the Hyp vector table is (HVBAR). Not confirmed
    // from the AN536 application note: see `sources`.
    loadAddress: DDR_BASE,
    imageUpdate: 'AUTO',
    loadRegion: RAM,
    resetPathConfirmed: false,
    sources:
      "the load address is the image's link address (the start of DDR, as in QEMU's model and in AN536's " +
      'memory map as QEMU, Zephyr and Phoenix-RTOS describe it); no source consulted says where core 0 of ' +
      'the AN536 FPGA image fetches its first instruction after the MCC has loaded the images (QEMU starts ' +
      "an ELF at its entry point, which says nothing about the FPGA); if it is not the image's first word, " +
      'the image needs a branch at that address (AN536 application note, DAI 0536)',
  },
  qemu: {
    binary: 'qemu-system-arm',
    machine: 'mps3-an536',
    cpu: 'cortex-r52',
    memory: '128M',
    env: {},
    // QEMU gives serial port i to its UART i: 0 and 1 are the per-core UARTs of cores 0 and 1 (core 1 is
    // absent with the default -smp 1), 2..5 the shared ones.
    serialPorts: [0, 2, 3, 4, 5],
  },
};
