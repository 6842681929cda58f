// Building blocks the system descriptions share (systems/*.ts and the valid base of the bad-system
// corpus, tests/reliability/bad-systems/base.ts): a VM laid out as a code area and a data area, the
// two port kinds with the fields their kind fixes, the port pair of the port-writer/port-reader test
// guests, exact-match CAN filters, console routes and the health policy of the intruding test guests.
// Every helper returns fresh objects (no two descriptions, and no two VMs, share one), so a copy that
// a test edits in one place changes nothing elsewhere. Not a system itself: it exports no description.
import type {
  CanFilter,
  Capability,
  ConsoleRoute,
  DeviceAssignment,
  HealthPolicy,
  MemoryArea,
  PortDescription,
  VmDescription,
} from '../firmware/config/types.ts';

export const KiB = 1024;

/** Mask of an 11-bit (standard) CAN identifier. */
const STANDARD_ID_MASK = 0x7ff;

/** CAN filter passing exactly the 11-bit identifier `id`. */
export function canId(id: number): CanFilter {
  return { match: id, mask: STANDARD_ID_MASK, extended: false };
}

/** Where one memory area lies. */
export interface Placement {
  readonly base: number;
  readonly size: number;
}

/** What a VM of `codeDataVm` declares beyond its two areas; lists left out are empty, `canRxDepth` 0,
 *  `usesFpu` false. */
export interface CodeDataVmParts {
  readonly name: string;
  readonly image: string;
  /** The code area (`code`, rx): the VM starts at its base. */
  readonly code: Placement;
  /** The data area (`data`, rw): the VM's stack starts at its top. */
  readonly data: Placement;
  /** Further areas after code and data (a retained or scratch area). */
  readonly moreMemory?: readonly MemoryArea[];
  readonly devices?: readonly DeviceAssignment[];
  readonly capabilities?: readonly Capability[];
  readonly health: HealthPolicy;
  readonly canTx?: readonly CanFilter[];
  readonly canRx?: readonly CanFilter[];
  readonly canRxDepth?: number;
  readonly usesFpu?: boolean;
}

/** A VM that runs from a code area (rx) at whose base it starts, with its data and stack in a data area
 *  (rw) whose top is its initial stack pointer; each area is one MPU region when its size is a power of
 *  two and its base aligned to it. */
export function codeDataVm(parts: CodeDataVmParts): VmDescription {
  return {
    name: parts.name,
    image: parts.image,
    entry: parts.code.base,
    stackTop: parts.data.base + parts.data.size,
    memory: [
      { name: 'code', base: parts.code.base, size: parts.code.size, access: 'rx' },
      { name: 'data', base: parts.data.base, size: parts.data.size, access: 'rw' },
      ...(parts.moreMemory ?? []),
    ],
    devices: [...(parts.devices ?? [])],
    capabilities: [...(parts.capabilities ?? [])],
    health: parts.health,
    canTx: [...(parts.canTx ?? [])],
    canRx: [...(parts.canRx ?? [])],
    canRxDepth: parts.canRxDepth ?? 0,
    usesFpu: parts.usesFpu ?? false,
  };
}

/** A port's name, its source VM, destination VMs and largest message in bytes. */
interface PortParts {
  readonly name: string;
  readonly source: string;
  readonly destinations: readonly string[];
  readonly maxMessageSize: number;
}

/** A port of `kind` made of `parts`, with the depth and refresh period the kind calls for. */
function port(kind: PortDescription['kind'], parts: PortParts, depth: number, refreshTicks: number) {
  return {
    name: parts.name,
    kind,
    source: parts.source,
    destinations: [...parts.destinations],
    maxMessageSize: parts.maxMessageSize,
    depth,
    refreshTicks,
  } satisfies PortDescription;
}

/** A queuing port holding up to `depth` messages (FIFO); it has no refresh period. */
export function queuingPort(parts: PortParts & { readonly depth: number }): PortDescription {
  return port('queuing', parts, parts.depth, 0);
}

/** A sampling port (latest message, depth 1), stale `refreshTicks` ticks after a write (0: never). */
export function samplingPort(parts: PortParts & { readonly refreshTicks: number }): PortDescription {
  return port('sampling', parts, 1, parts.refreshTicks);
}

/** Largest message of the port-writer/port-reader pair (guests/test/port-writer/port_message.h fits). */
const WRITER_READER_MESSAGE_SIZE = 16;
/** Depth of the pair's queue `numbers`. */
const WRITER_READER_QUEUE_DEPTH = 8;

/** The ports the test guests guests/test/port-writer (VM `writer`) and port-reader (VM `reader`) need:
 *  queuing `numbers` and sampling `latest` (stale after `latestRefreshTicks`), writer to reader. */
export function writerReaderPorts(
  writer: string,
  reader: string,
  latestRefreshTicks: number,
): PortDescription[] {
  return [
    queuingPort({
      name: 'numbers',
      source: writer,
      destinations: [reader],
      maxMessageSize: WRITER_READER_MESSAGE_SIZE,
      depth: WRITER_READER_QUEUE_DEPTH,
    }),
    samplingPort({
      name: 'latest',
      source: writer,
      destinations: [reader],
      maxMessageSize: WRITER_READER_MESSAGE_SIZE,
      refreshTicks: latestRefreshTicks,
    }),
  ];
}

/** Console routes sending the lines of each VM of `vms` to board UART `uart`, in that order. */
export function consoleOn(uart: number, vms: readonly string[]): ConsoleRoute[] {
  return vms.map((vm) => ({ vm, uart }));
}

/** Health policy of a VM whose guest provokes MPU violations on purpose: each cold-restarts it (its
 *  image copied back from the pristine copy) up to `restartLimit` times; an undefined instruction or a
 *  prefetch abort halts it, a bad hypercall is logged, anything else halts it; no watchdog. */
export function coldRestartOnViolation(restartLimit: number): HealthPolicy {
  return {
    actions: {
      'mpu-violation': 'cold-restart',
      'undefined-instruction': 'halt',
      'prefetch-abort': 'halt',
      'bad-hypercall': 'log',
    },
    defaultAction: 'halt',
    restartLimit,
    watchdogTicks: 0,
  };
}
