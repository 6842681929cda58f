// System description types: what a `systems/*.ts` file declares (VMs, memory, devices, schedule plans,
// ports, health policy, virtual-CAN filters, console routing). A description is plain `as const` data,
// type-checked by tsc, validated by `validate.ts` and turned into the const tables the core runs on.

/** Access a VM has to one of its memory areas. `x` = executable (MPU XN clear). */
export type MemoryAccess = 'rx' | 'r' | 'rw' | 'rwx';

/** One contiguous memory area of a VM, mapped by one or more MPU regions. */
export interface MemoryArea {
  /** Short name used in messages and the map, e.g. `code`, `data`, `shared`. */
  readonly name: string;
  /** Physical base address. */
  readonly base: number;
  /** Size in bytes. */
  readonly size: number;
  readonly access: MemoryAccess;
}

/** A device passed through to one VM: an MPU region over its registers plus its interrupt, forwarded
 *  as a virtual interrupt. Device names come from the board's device list. */
export interface DeviceAssignment {
  /** Board device name, e.g. `uart2`. */
  readonly device: string;
  /** Virtual interrupt number the device's IRQ is delivered as (0..31). */
  readonly virq: number;
  /** Most interrupts of the device forwarded per major frame (1..1,000,000; default 1000); past it the
   *  interrupt stays masked until the next major frame and an `irq-storm` health event is raised. */
  readonly irqBudgetPerFrame?: number;
}

/** Privileged operations a VM may be granted. */
export type Capability = 'restart-vm' | 'halt-vm' | 'switch-plan' | 'read-fault-log' | 'vm-status';

/** Health-monitor event kinds. */
export type HealthEvent =
  | 'mpu-violation'
  | 'undefined-instruction'
  | 'prefetch-abort'
  | 'bad-hypercall'
  | 'watchdog'
  | 'internal-error';

/** What the health monitor does when an event hits a VM. */
export type HealthAction = 'log' | 'warm-restart' | 'cold-restart' | 'halt' | 'suspend';

export interface HealthPolicy {
  /** Action per event; events not listed use `defaultAction`. */
  readonly actions: Readonly<Partial<Record<HealthEvent, HealthAction>>>;
  readonly defaultAction: HealthAction;
  /** Restarts allowed before the VM is halted instead. */
  readonly restartLimit: number;
  /** Watchdog period in ticks; 0 disables the watchdog for this VM. */
  readonly watchdogTicks: number;
  /** Requested restarts of this VM (`VmRestart`, by itself or a privileged VM) allowed per `ticks`;
   *  more are refused with a `restart-rate` event. Default: 4 per 1000 ticks. */
  readonly restartRate?: { readonly restarts: number; readonly ticks: number };
}

/** Virtual-CAN identifier filter: a frame passes when `(id & mask) === (match & mask)`. */
export interface CanFilter {
  readonly match: number;
  readonly mask: number;
  /** 29-bit identifiers when true, 11-bit otherwise. */
  readonly extended: boolean;
}

export interface VmDescription {
  /** Unique name, also the console prefix. */
  readonly name: string;
  /** Guest image: path of the guest's build recipe folder below `guests/`, e.g. `control`. */
  readonly image: string;
  /** Entry point address (must lie in an executable memory area). */
  readonly entry: number;
  /** Initial USR stack pointer (top of stack, must lie in or at the end of a writable area). */
  readonly stackTop: number;
  readonly memory: readonly MemoryArea[];
  readonly devices: readonly DeviceAssignment[];
  readonly capabilities: readonly Capability[];
  readonly health: HealthPolicy;
  /** Virtual-CAN transmit and receive filters; an empty list means no access. */
  readonly canTx: readonly CanFilter[];
  readonly canRx: readonly CanFilter[];
  /** Depth of the VM's virtual-CAN receive queue (frames). */
  readonly canRxDepth: number;
  /** Uses the FPU: VFP state is saved and restored at switches. */
  readonly usesFpu: boolean;
}

/** A window of the major frame during which one VM owns the CPU. */
export interface Slot {
  readonly vm: string;
  /** Offset from the start of the major frame, in ticks. */
  readonly start: number;
  /** Length in ticks (≥ 1). */
  readonly duration: number;
}

export interface SchedulePlan {
  readonly name: string;
  /** Major frame length in ticks. */
  readonly majorFrame: number;
  /** Slots in ascending start order, non-overlapping, within the major frame. Gaps are idle time. */
  readonly slots: readonly Slot[];
}

export type PortKind = 'sampling' | 'queuing';

/** A unidirectional communication channel: one source VM, one or more destination VMs. */
export interface PortDescription {
  readonly name: string;
  readonly kind: PortKind;
  readonly source: string;
  readonly destinations: readonly string[];
  /** Maximum message size in bytes. */
  readonly maxMessageSize: number;
  /** Queuing ports: capacity in messages. Sampling ports: ignored (must be 1). */
  readonly depth: number;
  /** Sampling ports: refresh period in ticks after which a message is reported stale (0: never). */
  readonly refreshTicks: number;
}

/** Where each VM's console output goes. */
export interface ConsoleRoute {
  readonly vm: string;
  /** Board UART index (0 is the hypervisor console; lines are prefixed with the VM name). */
  readonly uart: number;
}

/** Trace filter of a system: each list, when present, selects what is recorded. */
export interface TraceFilter {
  /** VMs whose events are recorded (slot switches are recorded for every VM). */
  readonly vms?: readonly string[];
  /** Event kinds recorded: `slot`, `hypercall`, `irq`, `fault`, `health-action`, `port`,
   *  `plan-switch`, `upcall`, `vm-state` (`Lost` markers always are). */
  readonly kinds?: readonly string[];
  /** Hypercalls (ABI names, e.g. `GetTime`) whose hypercall events are not recorded. */
  readonly omitHypercalls?: readonly string[];
}

export interface SystemDescription {
  readonly name: string;
  /** Board name: selects `bsp/<board>/`. */
  readonly board: string;
  /** Tick period in microseconds. */
  readonly tickMicroseconds: number;
  readonly vms: readonly VmDescription[];
  /** The first plan runs at boot. */
  readonly plans: readonly SchedulePlan[];
  readonly ports: readonly PortDescription[];
  readonly console: readonly ConsoleRoute[];
  /** UART carrying the virtual CAN bus (SLCAN); -1 when the system has no virtual CAN. */
  readonly vcanUart: number;
  /** UART carrying the trace stream; -1 for none. */
  readonly traceUart: number;
  /** What the trace records (docs/CONFIG.md "trace"); absent: everything. A filtered-out event costs
   *  no room in the trace ring. */
  readonly trace?: TraceFilter;
  /** Period in ticks of the hypervisor's `hv: invariants ok <checks>` console line (self-checks); absent
   *  or 0: never printed (failures are always printed). */
  readonly invariantsReportTicks?: number;
  /** What the CPU does when no VM may run: `wait` (default) sleeps in WFI until the next interrupt;
   *  `poll` keeps the idle thread looping (no power saving; an interrupt is taken at the next
   *  instruction). QEMU's `-icount` wakes a WFI one tick late, so tests that measure wall time there
   *  poll. */
  readonly idle?: 'wait' | 'poll';
}
