// The typed description of a board: its CPU, memory map, devices (base, size, interrupt, clock) and the
// QEMU machine that emulates it. Each board writes its facts once, in `bsp/<board>/board.ts`; the C
// memory-map header and the linker script's memory regions (cli/build/generate/), the QEMU profile
// (qemu/runner/board-profile.ts), the configuration side (firmware/config/boards.ts) and the board
// tables of the docs are all produced from it.

/** A contiguous physical address range `[base, base + size)`. */
export interface AddressRange {
  readonly base: number;
  readonly size: number;
}

/** The processor a board carries and how code is built for it. */
export interface CpuDescription {
  /** Name as the docs and QEMU spell it, e.g. `cortex-r5f`. */
  readonly name: string;
  /** Architecture profile, e.g. `armv7-r`. */
  readonly architecture: string;
  /** Folder under `bsp/` with this CPU's C and assembly (vectors, context switch, MPU, its linker script). */
  readonly bspDir: string;
  /** GCC flags selecting the CPU, its FPU, the float ABI and the instruction set. */
  readonly compilerFlags: readonly string[];
  /** Number of MPU regions that describe a guest (Cortex-R5F: its one MPU; Cortex-R52: the EL1 MPU). */
  readonly mpuRegions: number;
  /** MPU programming model: PMSAv7 (power-of-two regions, base aligned to size) or PMSAv8-32 (base and
   *  limit at 64-byte granularity). */
  readonly mpuArchitecture: 'pmsav7' | 'pmsav8';
  /** Regions of the hypervisor's own MPU (the EL2 MPU of an Armv8-R core); 0 when the hypervisor shares
   *  the guests' MPU and runs on its background region (Armv7-R). */
  readonly hypervisorMpuRegions: number;
  /** Instruction a guest calls the hypervisor with: `svc` (guest at PL0, hypervisor at PL1) or `hvc`
   *  (guest at EL1, hypervisor at EL2). */
  readonly hypercall: 'svc' | 'hvc';
  /** Processor mode a guest runs in: `usr` (PL0, the hypervisor at PL1: Armv7-R) or `sys` (EL1, the
   *  hypervisor at EL2: Armv8-R). The core builds a VM's entry and upcall PSR from it. */
  readonly guestMode: 'usr' | 'sys';
  /** Processor mode of the hypervisor's own thread (the idle thread): `sys` (Armv7-R, on the USR/SYS
   *  bank) or `hyp` (Armv8-R: at EL2, outside the EL2 MPU's confinement of EL1). */
  readonly hypervisorThreadMode: 'sys' | 'hyp';
}

export type BoardDeviceKind =
  | 'pl011-uart'
  | 'cmsdk-uart'
  | 'sp804-timer'
  | 'cmsdk-dual-timer'
  | 'cmsdk-watchdog'
  | 'lan9118-ethernet'
  | 'gic'
  | 'system-registers';

/** Programming model of the board's interrupt controller: GICv1/v2 (memory-mapped distributor and CPU
 *  interface, ARM IHI 0048B) or GICv3 (distributor, one redistributor per core, system-register CPU
 *  interface, ARM IHI 0069). */
export type InterruptControllerKind = 'gicv2' | 'gicv3';

/** How a device's `irq` becomes a GIC interrupt ID: a shared peripheral interrupt (`gicSpiBase + irq`)
 *  or a private peripheral interrupt of the core (`GIC_PPI_BASE + irq`). */
export type DeviceInterruptKind = 'spi' | 'ppi';

/** GIC interrupt ID of private peripheral interrupt 0 (ARM IHI 0069 2.2, IHI 0048B 2.2.1). */
export const GIC_PPI_BASE = 16;

/** A register block inside a device's range, e.g. the GIC's CPU interface and distributor. */
export interface RegisterBlock {
  /** Name in the generated macro `BOARD_<DEVICE>_<BLOCK>_BASE`. */
  readonly name: string;
  /** Offset from the device's base. */
  readonly offset: number;
}

/** One memory-mapped device of the board. */
export interface BoardDevice {
  /** Name used by `DeviceAssignment.device` and in the generated macros, e.g. `uart2`. */
  readonly name: string;
  readonly kind: BoardDeviceKind;
  /** What the device is, for the docs, e.g. `PL011 UART`. */
  readonly model: string;
  /** Register block base (physical); a passed-through MPU region covers `[base, base + size)`. */
  readonly base: number;
  /** Register block size in bytes (a power of two, base aligned to it). */
  readonly size: number;
  /** Board interrupt line (GIC ID = `gicSpiBase + irq`, or `GIC_PPI_BASE + irq` for a private
   *  interrupt); -1 when the device has none of its own. */
  readonly irq: number;
  /** Kind of `irq`; absent means a shared peripheral interrupt. */
  readonly irqKind?: DeviceInterruptKind;
  /** Input clock in Hz (UARTCLK, TIMCLK); null when the device's driver needs none. */
  readonly clockHz: number | null;
  /** UART index for UARTs (`uartN` has index N); -1 otherwise. */
  readonly uartIndex: number;
  /** Register blocks inside the range that drivers address separately (none: the whole range is one). */
  readonly blocks: readonly RegisterBlock[];
  /** Why the device can never be passed through; `null` when it can be. */
  readonly reservedFor: string | null;
}

/** How QEMU emulates the board: the machine the runner starts. */
export interface QemuMachineProfile {
  /** The QEMU system emulator, e.g. `qemu-system-arm`. */
  readonly binary: string;
  /** `-M` value. */
  readonly machine: string;
  /** `-cpu` value. */
  readonly cpu: string;
  /** `-m` value, e.g. `128M`; must equal the board's RAM size. */
  readonly memory: string;
  /** Environment QEMU is started with. */
  readonly env: Readonly<Record<string, string>>;
  /** Arguments the machine needs in addition to the runner's (which include `-audio none`). */
  readonly args?: readonly string[];
  /** QEMU serial port (the `-serial` option's position) of each UART, by UART index; absent: UART i is
   *  serial port i. Ports no UART uses are given `-serial null`. */
  readonly serialPorts?: readonly number[];
}

/** How a real board loads its image from the configuration volume its board controller shows over USB
 *  (Arm's MPS3: the motherboard configuration controller, MCC, reads a FAT volume on its microSD card at
 *  power-on; `bulkhead flash` writes it). Paths are relative to the volume's root, with `/` separators;
 *  the controller matches names without regard to case and wants 8.3 names. */
export interface BoardVolume {
  /** Files at the volume's root that only a board's own volume has (the MCC's `config.txt`). */
  readonly rootFiles: readonly string[];
  /** Folder of the board revision, holding its `board.txt`, e.g. `MB/HBI0309C`. */
  readonly boardFolder: string;
  /** The board file inside `boardFolder` (names the application notes the board loads). */
  readonly boardFile: string;
  /** Folder of the FPGA application note inside `boardFolder`, e.g. `AN536`. */
  readonly applicationNote: string;
  /** The application note's image list inside its folder (`[IMAGES]`, `TOTALIMAGES`, `IMAGEn…`). */
  readonly imagesFile: string;
  /** Folder at the root the images are read from (`IMAGEnFILE: \SOFTWARE\<name>`). */
  readonly softwareFolder: string;
  /** Default 8.3 name of the image file in `softwareFolder`. */
  readonly imageFile: string;
  /** `IMAGE0ADDRESS`: where the controller writes the flat binary. An image must be linked to start
   *  there (its lowest load address) with its reset path at its first word. */
  readonly loadAddress: number;
  /** `IMAGE0UPDATE`: when the controller (re)loads the image. */
  readonly imageUpdate: string;
  /** The range every load segment of the image must lie in. */
  readonly loadRegion: AddressRange;
  /** Whether a source confirmed that the board's core starts the image at `loadAddress` after the
   *  controller loads it; false: the value is the best-supported choice and the command says so. */
  readonly resetPathConfirmed: boolean;
  /** What the load facts were taken from and what is still open, printed with the next steps. */
  readonly sources: string;
}

export interface BoardDescription {
  /** Folder name under `bsp/` and the value of a system description's `board`. */
  readonly name: string;
  /** One line saying what the board is. */
  readonly summary: string;
  readonly cpu: CpuDescription;
  /** All RAM the board has; VM memory areas must lie inside it. */
  readonly ram: AddressRange;
  /** RAM the hypervisor image, its stacks and its data occupy; no VM area may touch it. */
  readonly hypervisor: AddressRange;
  /** The window every device register block lies in. */
  readonly peripherals: AddressRange;
  /** Number of MPU regions (the CPU's; all of them may describe the running guest). */
  readonly mpuRegions: number;
  /** Number of UARTs; UART i is device `uart<i>`. */
  readonly uartCount: number;
  /** UART the hypervisor's own console always uses. */
  readonly hypervisorConsoleUart: number;
  /** Line rate every UART is programmed for. */
  readonly uartBaud: number;
  readonly interruptController: InterruptControllerKind;
  /** Private interrupt (PPI number, GIC ID = GIC_PPI_BASE + n) of the core's EL2 physical timer, on
   *  an Armv8-R board whose hypervisor tick is that timer; absent when the tick is a board timer. */
  readonly hypervisorTimerPpi?: number;
  /** GIC interrupt ID of board interrupt 0 (shared peripheral interrupts start at 32). */
  readonly gicSpiBase: number;
  /** Interrupt IDs the BSP's dispatch table covers (`0 .. interruptIds - 1`). */
  readonly interruptIds: number;
  readonly devices: readonly BoardDevice[];
  readonly qemu: QemuMachineProfile;
  /** How a real board loads the image (`bulkhead flash`); absent for a board that exists only in QEMU. */
  readonly volume?: BoardVolume;
}

/** GIC interrupt ID of `device`'s interrupt, or -1 when it has none. */
export function deviceGicId(board: BoardDescription, device: BoardDevice): number {
  if (device.irq < 0) return -1;
  return (device.irqKind === 'ppi' ? GIC_PPI_BASE : board.gicSpiBase) + device.irq;
}
