// The systems the benchmarks build: `systems/test-one-vm.ts` as it is, a two-VM variant of it (a second
// copy of the same VM in its own memory areas and slot) whose only difference is the extra VM, so the
// footprint difference between the two images is what one additional VM costs; and the generated latency
// systems (`benchVm`, `switchSystem`, `portsSystem`, `virqSystem`, `vcanSystem`, `maskedPathsSystem`): VMs
// of a chosen MPU region count running the benchmark guests of bench/guests/. Every system is written
// for realview-eb; `BenchSystem.board` moves it to another board at build time (retargetSystem: the same
// VMs, areas at the same offset in the board's partition RAM), e.g. mps3-an536 (BENCH_BOARDS).
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import { bspPart, sourcesIn } from '../cli/build/bsp-sources.ts';
import { fromRepo } from '../cli/build/paths.ts';
import { buildHypervisorSystemFrom, portCDirs, type BuiltSystem } from '../cli/build/system.ts';
import { getBoard } from '../firmware/config/boards.ts';
import { retargetSystem } from '../firmware/config/retarget.ts';
import { planVmMpu } from '../firmware/config/mpu-plans.ts';
import type {
  DeviceAssignment,
  MemoryArea,
  PortDescription,
  SystemDescription,
  VmDescription,
} from '../firmware/config/types.ts';
import oneVm from '../systems/test-one-vm.ts';

/** The boards the benchmarks measure: realview-eb (the headline keys) and mps3-an536 (beside it). */
export const BENCH_BOARDS = ['realview-eb', 'mps3-an536'] as const;
export type BenchBoard = (typeof BENCH_BOARDS)[number];
/** The board every bench system is written for. */
export const DEFAULT_BENCH_BOARD: BenchBoard = 'realview-eb';

/** Suffix of a bench system's name on each board (system names have at most 31 characters, so the
 *  `-<board>` suffix of retargetSystem is too long for the generated ones). */
const BOARD_SUFFIX: Record<BenchBoard, string> = { 'realview-eb': '', 'mps3-an536': '-an536' };

/** `desc` (written for realview-eb) moved to `board` and named `<name>-an536` etc.; unchanged for
 *  realview-eb. */
export function descOnBoard(desc: SystemDescription, board: BenchBoard): SystemDescription {
  if (board === DEFAULT_BENCH_BOARD) return desc;
  return { ...retargetSystem(desc, board), name: `${desc.name}${BOARD_SUFFIX[board]}` };
}

/** Where every benchmark build goes (git-ignored). */
export const BENCH_OUT_ROOT = resolve('out/bench/build');

const SECOND_VM_OFFSET = 0x0010_0000;

/** `test-one-vm` with a second VM `solo2` (same guest, areas 1 MiB higher) in the idle half of its frame. */
export function twoVmVariant(): SystemDescription {
  const first = oneVm.vms[0];
  const second = {
    ...first,
    name: 'solo2',
    entry: first.entry + SECOND_VM_OFFSET,
    stackTop: first.stackTop + SECOND_VM_OFFSET,
    memory: first.memory.map((area) => ({ ...area, base: area.base + SECOND_VM_OFFSET })),
  };
  const plan = oneVm.plans[0];
  return {
    ...oneVm,
    name: 'bench-two-vm',
    vms: [first, second],
    plans: [
      {
        ...plan,
        slots: [
          ...plan.slots,
          { vm: 'solo2', start: plan.slots[0].duration, duration: plan.slots[0].duration },
        ],
      },
    ],
    console: [...oneVm.console, { vm: 'solo2', uart: 0 }],
  };
}

export function buildOneVm(board: BenchBoard = DEFAULT_BENCH_BOARD): Promise<BuiltSystem> {
  return buildHypervisorSystemFrom(descOnBoard(oneVm, board), { outRoot: BENCH_OUT_ROOT });
}

export function buildTwoVm(board: BenchBoard = DEFAULT_BENCH_BOARD): Promise<BuiltSystem> {
  return buildHypervisorSystemFrom(descOnBoard(twoVmVariant(), board), { outRoot: BENCH_OUT_ROOT });
}

/**
 * The hypervisor's C and assembly sources of a built system, in the order cli/build/system.ts compiles
 * them (BSP, port layer C, transpiled core): object `hv-obj/<i>_<name>.o` is `sources[i]`. Paths are
 * repository-relative, transpiled files absolute (in the system's `gen/c/`).
 */
export function hypervisorSources(built: BuiltSystem, board: string = DEFAULT_BENCH_BOARD): string[] {
  const record = JSON.parse(readFileSync(join(built.cDir, 'transpiled.json'), 'utf8')) as {
    cFiles: string[];
  };
  return [
    ...bspPart(board).sources,
    ...portCDirs(getBoard(board)).flatMap((dir) => (existsSync(fromRepo(dir)) ? sourcesIn(dir) : [])),
    ...record.cFiles.map((file) => join(built.cDir, file)),
  ];
}

/** Readable module name of a hypervisor source: repository path, or `core/<file>` for transpiled C. */
export function moduleOfSource(built: BuiltSystem, source: string): string {
  if (source.startsWith(built.cDir)) return `core/${relative(built.cDir, source)}`;
  return source;
}

const KiB = 1024;
/** VM `i` lives at (i + 1) MiB: code, then data + stack, then its extra areas. */
const VM_SPACING = 0x0010_0000;
const VM_AREA = 64 * KiB;
/** Extra areas that only add MPU regions (one region each: power of two, aligned). */
const EXTRA_AREA = 4 * KiB;
/** Most MPU regions a bench VM is given (the scaling series goes up to it). */
export const MAX_BENCH_REGIONS = 12;

export interface BenchVmOptions {
  /** Guest folder relative to `guests/`. */
  image: string;
  /** MPU regions of the VM: 1 = one rwx area; n >= 2 = code (rx) + data (rw) + n - 2 extra 4 KiB areas. */
  regions: number;
  devices?: readonly DeviceAssignment[];
  canTx?: VmDescription['canTx'];
  canRx?: VmDescription['canRx'];
  canRxDepth?: number;
}

/** Bench guests live in bench/guests/, the build resolves guest folders below guests/. */
export function benchGuest(name: string): string {
  return `../bench/guests/${name}`;
}

/** Image named in a bench VM's description; the build replaces it by the VM's bench guest. */
const PLACEHOLDER_IMAGE = 'test/spin';

/** A generated bench system and the guest folder (relative to guests/) of each of its VMs. */
export interface BenchSystem {
  desc: SystemDescription;
  guests: Record<string, string>;
  /** Preprocessor defines per VM for its guest. */
  defines?: Record<string, Record<string, string | number>>;
  /** The board it is built for (moved there from realview-eb); realview-eb when absent. */
  board?: BenchBoard;
}

/** The board a bench system runs on. */
export function boardOf(system: BenchSystem): BenchBoard {
  return system.board ?? DEFAULT_BENCH_BOARD;
}

/** `system` moved to `board` at build time (unchanged for realview-eb). */
export function onBoard(system: BenchSystem, board: BenchBoard): BenchSystem {
  return board === DEFAULT_BENCH_BOARD ? system : { ...system, board };
}

function withGuests(
  desc: SystemDescription,
  images: Record<string, string>,
  defines?: Record<string, Record<string, string | number>>,
): BenchSystem {
  return defines === undefined ? { desc, guests: images } : { desc, guests: images, defines };
}

/** Builds a bench system into out/bench/build/<name>/. */
export function buildBench(system: BenchSystem): Promise<BuiltSystem> {
  return buildHypervisorSystemFrom(descOnBoard(system.desc, boardOf(system)), {
    outRoot: BENCH_OUT_ROOT,
    guests: system.guests,
    ...(system.defines === undefined ? {} : { guestDefines: system.defines }),
  });
}

/** VM number `index` of a bench system with `options.regions` MPU regions. */
export function benchVm(name: string, index: number, options: BenchVmOptions): VmDescription {
  if (!Number.isInteger(options.regions) || options.regions < 1 || options.regions > MAX_BENCH_REGIONS) {
    throw new Error(`benchVm ${name}: regions must be 1..${MAX_BENCH_REGIONS} (got ${options.regions})`);
  }
  const base = VM_SPACING * (index + 1);
  const memory: MemoryArea[] =
    options.regions === 1
      ? [{ name: 'all', base, size: 2 * VM_AREA, access: 'rwx' }]
      : [
          { name: 'code', base, size: VM_AREA, access: 'rx' },
          { name: 'data', base: base + VM_AREA, size: VM_AREA, access: 'rw' },
          ...Array.from({ length: options.regions - 2 }, (_, k) => ({
            name: `extra${k}`,
            base: base + 2 * VM_AREA + k * EXTRA_AREA,
            size: EXTRA_AREA,
            access: 'rw' as const,
          })),
        ];
  return {
    name,
    // The validator wants a folder below guests/; the bench guest itself comes from `benchGuests`.
    image: PLACEHOLDER_IMAGE,
    entry: base,
    stackTop: base + 2 * VM_AREA,
    memory,
    devices: options.devices ?? [],
    capabilities: [],
    health: { actions: {}, defaultAction: 'halt', restartLimit: 0, watchdogTicks: 0 },
    canTx: options.canTx ?? [],
    canRx: options.canRx ?? [],
    canRxDepth: options.canRxDepth ?? 0,
    usesFpu: false,
  };
}

/** MPU regions the planner gives a VM (what the hypervisor loads at a switch to it). */
export function mpuRegionCount(vm: VmDescription, board: string = DEFAULT_BENCH_BOARD): number {
  const { plan, errors } = planVmMpu(vm, getBoard(board));
  if (errors.length > 0) {
    throw new Error(`${vm.name}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  }
  return plan.regions.length;
}

function benchSystem(
  name: string,
  vms: readonly VmDescription[],
  slots: readonly { vm: string; start: number; duration: number }[],
  majorFrame: number,
  extra: Partial<SystemDescription> = {},
): SystemDescription {
  return {
    name,
    board: 'realview-eb',
    tickMicroseconds: 100,
    vms,
    plans: [{ name: 'bench', majorFrame, slots }],
    ports: [],
    console: vms.map((vm) => ({ vm: vm.name, uart: 0 })),
    vcanUart: -1,
    // No trace stream: the entry points record their events in the ring as always; only the idle
    // thread's streaming (outside every measured path) is skipped, which keeps the execution log short.
    traceUart: -1,
    ...extra,
  };
}

/** Idle ticks at the end of a switch system's major frame: the idle thread drains the trace ring there,
 *  so the entry points record their events as in a system with idle time (a full ring drops them). */
export const SWITCH_IDLE_TICKS = 1;

/**
 * `vmCount` VMs running `image`, each with `regions` MPU regions, in a major frame of `slotsPerFrame`
 * slots of `slotTicks` ticks given to the VMs in turn, then SWITCH_IDLE_TICKS idle. The tick is the
 * 100 µs minimum.
 */
export function switchSystem(options: {
  regions: number;
  vmCount?: number;
  slotsPerFrame?: number;
  slotTicks?: number;
  image?: string;
}): BenchSystem {
  const vmCount = options.vmCount ?? 2;
  const slotsPerFrame = options.slotsPerFrame ?? vmCount;
  const slotTicks = options.slotTicks ?? 1;
  const image = options.image ?? benchGuest('spin');
  const vms = Array.from({ length: vmCount }, (_, i) =>
    benchVm(`vm${i}`, i, { image, regions: options.regions }),
  );
  const slots = Array.from({ length: slotsPerFrame }, (_, s) => ({
    vm: `vm${s % vmCount}`,
    start: s * slotTicks,
    duration: slotTicks,
  }));
  const tag = image.split('/').pop();
  return withGuests(
    benchSystem(
      `bench-${tag}-r${options.regions}-v${vmCount}-s${slotsPerFrame}-t${slotTicks}`,
      vms,
      slots,
      slotsPerFrame * slotTicks + SWITCH_IDLE_TICKS,
    ),
    Object.fromEntries(vms.map((vm) => [vm.name, image])),
  );
}

/** Message sizes of the port benchmarks (the issue's 8, 64, 256 and the scaling series up to 1024). */
export const PORT_SIZES = [8, 64, 256] as const;
export const PORT_SCALING_SIZES = [8, 16, 32, 64, 128, 256, 512, 1024] as const;

/** Writer `tx` and reader `rx` (4 MPU regions each) with a sampling port `s<size>` and/or a queuing port
 *  `q<size>` (depth `depth`) per size. */
export function portsSystem(
  sizes: readonly number[],
  depth: number,
  name: string,
  kinds: readonly ('sampling' | 'queuing')[] = ['sampling', 'queuing'],
): BenchSystem {
  const tx = benchVm('tx', 0, { image: benchGuest('port-tx'), regions: 4 });
  const rx = benchVm('rx', 1, { image: benchGuest('port-rx'), regions: 4 });
  const ports: PortDescription[] = sizes.flatMap((size) => [
    ...(kinds.includes('sampling')
      ? [
          {
            name: `s${size}`,
            kind: 'sampling' as const,
            source: 'tx',
            destinations: ['rx'],
            maxMessageSize: size,
            depth: 1,
            refreshTicks: 0,
          },
        ]
      : []),
    ...(kinds.includes('queuing')
      ? [
          {
            name: `q${size}`,
            kind: 'queuing' as const,
            source: 'tx',
            destinations: ['rx'],
            maxMessageSize: size,
            depth,
            refreshTicks: 0,
          },
        ]
      : []),
  ]);
  const desc = benchSystem(
    name,
    [tx, rx],
    [
      { vm: 'tx', start: 0, duration: 10 },
      { vm: 'rx', start: 10, duration: 10 },
    ],
    20,
    { tickMicroseconds: 1000, ports },
  );
  const batch = { BENCH_BATCH: `${depth}u` };
  return withGuests(desc, { tx: benchGuest('port-tx'), rx: benchGuest('port-rx') }, { tx: batch, rx: batch });
}

/** Virtual interrupt the passed-through timer of the virq benchmark is delivered as. */
export const VIRQ_TIMER_DEVICE = 8;

/** Period of the passed-through timer of the virq benchmark, in µs (1 MHz clocks on realview-eb). */
export const VIRQ_TIMER_PERIOD_US = 30;

/** The SP804-compatible dual timer the virq benchmark passes through, per board: realview-eb's second
 *  SP804 module (the first is the tick), the AN536's CMSDK APB dual timer (the tick is the generic
 *  timer). */
export const VIRQ_TIMER: Record<BenchBoard, { device: string; description: string }> = {
  'realview-eb': { device: 'timer1', description: 'timer1 (second SP804 module, GIC interrupt 37)' },
  'mps3-an536': { device: 'timer0', description: 'timer0 (CMSDK APB dual timer, GIC interrupt 35)' },
};

/** One VM (4 MPU regions + the board's passed-through timer, VIRQ_TIMER) alone in a long slot; the
 *  guest programs VIRQ_TIMER_PERIOD_US in the timer's own clocks. */
export function virqSystem(board: BenchBoard = DEFAULT_BENCH_BOARD): BenchSystem {
  const timer = getBoard(board).devices.find((d) => d.name === VIRQ_TIMER[board].device);
  if (timer?.clockHz === undefined || timer.clockHz === null)
    throw new Error(`virqSystem: board ${board} has no clocked ${VIRQ_TIMER[board].device}`);
  const periodClocks = Math.round((VIRQ_TIMER_PERIOD_US * timer.clockHz) / 1_000_000);
  const vm = benchVm('solo', 0, {
    image: benchGuest('virq-timer'),
    regions: 4,
    devices: [{ device: timer.name, virq: VIRQ_TIMER_DEVICE }],
  });
  const desc = benchSystem('bench-virq', [vm], [{ vm: 'solo', start: 0, duration: 100 }], 100, {
    tickMicroseconds: 1000,
  });
  const system = withGuests(
    desc,
    { solo: benchGuest('virq-timer') },
    { solo: { BENCH_TIMER_PERIOD: `${periodClocks}u` } },
  );
  return onBoard(system, board);
}

/** CAN identifier the vcan benchmark guest sends, and the one the host sends it to start. */
export const VCAN_SEND_ID = 0x123;
export const VCAN_START_ID = 0x100;

/** One VM (4 MPU regions) that may send VCAN_SEND_ID and receive VCAN_START_ID; SLCAN on UART1. */
export function vcanSystem(): BenchSystem {
  const vm = benchVm('solo', 0, {
    image: benchGuest('vcan-send'),
    regions: 4,
    canTx: [{ match: VCAN_SEND_ID, mask: 0x7ff, extended: false }],
    canRx: [{ match: VCAN_START_ID, mask: 0x7ff, extended: false }],
    canRxDepth: 4,
  });
  const desc = benchSystem('bench-vcan', [vm], [{ vm: 'solo', start: 0, duration: 100 }], 100, {
    tickMicroseconds: 1000,
    vcanUart: 1,
  });
  return withGuests(
    desc,
    { solo: benchGuest('vcan-send') },
    {
      solo: {
        BENCH_SEND_ID: `0x${VCAN_SEND_ID.toString(16)}u`,
        BENCH_START_ID: `0x${VCAN_START_ID.toString(16)}u`,
      },
    },
  );
}

/** Extended CAN identifiers the masked-paths VMs send (each other's receive filter takes the other's),
 *  and the standard identifier of the host's start frame. */
export const MASKED_MAIN_CAN_ID = 0x1abcdef0;
export const MASKED_PEER_CAN_ID = 0x10fedcba;
export const MASKED_START_ID = 0x100;
/** Cold restarts the masked-paths guest makes of itself: the default restart rate (4 per 1000 ticks). */
export const MASKED_RESTARTS = 4;
/** Message size of the masked-paths ports: the largest a port may declare (MAX_MESSAGE_SIZE). */
export const MASKED_MESSAGE_BYTES = 1024;
/** Depth of the masked-paths queuing ports. */
export const MASKED_QUEUE_DEPTH = 2;
/** Virtual interrupt of the second SP804 module passed through to the masked-paths main VM. */
export const MASKED_DEVICE_VIRQ = 8;

/**
 * The masked-paths workload (bench/masked-paths.ts): VM `main` (bench/guests/masked-paths) makes every
 * hypercall of the ABI with its worst-case arguments, VM `peer` (the same guest built with
 * BENCH_PEER) feeds its ports and CAN queue and reads what `main` sends. Ports of the largest message
 * size both ways; `main` has every capability the ABI knows, logs bad hypercalls and watchdog events
 * instead of being stopped by them, has the second SP804 module passed through and its console on
 * UART1 (no hypervisor reserve or line prefix: the most a ConsoleWrite can emit); the virtual CAN bus
 * is on UART2. Two identical plans (PlanSwitch), 1 ms tick, `main` 6 ticks and `peer` 2 per frame.
 */
export function maskedPathsSystem(): BenchSystem {
  const base = benchVm('main', 0, {
    image: benchGuest('masked-paths'),
    regions: 4,
    devices: [{ device: 'timer1', virq: MASKED_DEVICE_VIRQ }],
    canTx: [{ match: MASKED_MAIN_CAN_ID, mask: 0x1fffffff, extended: true }],
    canRx: [
      { match: MASKED_PEER_CAN_ID, mask: 0x1fffffff, extended: true },
      { match: MASKED_START_ID, mask: 0x7ff, extended: false },
    ],
    canRxDepth: 4,
  });
  const main: VmDescription = {
    ...base,
    capabilities: ['restart-vm', 'halt-vm', 'switch-plan', 'read-fault-log', 'vm-status'],
    health: {
      actions: { 'bad-hypercall': 'log', watchdog: 'log' },
      defaultAction: 'halt',
      restartLimit: 0,
      // Long enough for the host's start frame: the guest kicks it once per round.
      watchdogTicks: 100_000,
    },
  };
  const peerBase = benchVm('peer', 1, {
    image: benchGuest('masked-paths'),
    regions: 4,
    canTx: [{ match: MASKED_PEER_CAN_ID, mask: 0x1fffffff, extended: true }],
    canRx: [{ match: MASKED_MAIN_CAN_ID, mask: 0x1fffffff, extended: true }],
    canRxDepth: 4,
  });
  const peer: VmDescription = {
    ...peerBase,
    health: { ...peerBase.health, actions: { 'bad-hypercall': 'log' } },
  };
  const port = (name: string, kind: 'sampling' | 'queuing', source: string, destination: string) => ({
    name,
    kind,
    source,
    destinations: [destination],
    maxMessageSize: MASKED_MESSAGE_BYTES,
    depth: kind === 'queuing' ? MASKED_QUEUE_DEPTH : 1,
    refreshTicks: 0,
  });
  const slots = [
    { vm: 'main', start: 0, duration: 6 },
    { vm: 'peer', start: 6, duration: 2 },
  ];
  const desc: SystemDescription = {
    ...benchSystem('bench-masked-paths', [main, peer], slots, 8, {
      tickMicroseconds: 1000,
      vcanUart: 2,
      ports: [
        port('ms', 'sampling', 'main', 'peer'),
        port('mq', 'queuing', 'main', 'peer'),
        port('ps', 'sampling', 'peer', 'main'),
        port('pq', 'queuing', 'peer', 'main'),
      ],
      console: [
        { vm: 'main', uart: 1 },
        { vm: 'peer', uart: 0 },
      ],
    }),
  };
  const plan = desc.plans[0];
  const withPlans: SystemDescription = { ...desc, plans: [plan, { ...plan, name: 'bench-b' }] };
  const hex = (value: number): string => `0x${value.toString(16)}u`;
  const defines = {
    BENCH_MAIN_CAN_ID: hex(MASKED_MAIN_CAN_ID),
    BENCH_PEER_CAN_ID: hex(MASKED_PEER_CAN_ID),
    BENCH_START_ID: hex(MASKED_START_ID),
    BENCH_RESTARTS: `${MASKED_RESTARTS}u`,
  };
  return withGuests(
    withPlans,
    { main: benchGuest('masked-paths'), peer: benchGuest('masked-paths') },
    { main: defines, peer: { ...defines, BENCH_PEER: 1 } },
  );
}
