// Run-time tables: the subset-typed, read-only description of a system that the core runs on. They are
// derived from a validated `SystemDescription` by `firmware/config/derive.ts` (names become indices,
// MPU regions become register words, schedule gaps become idle windows) and emitted as `const` C
// tables for the target. Nothing in them changes at run time.
import { bool, cstr, u32 } from '../../transpiler/runtime/index.ts';
import { Ticks, Virq, VmIndex } from './domain.ts';

/** Health-monitor events (index into `VmEntry.healthActions`). */
export enum HealthEvent {
  MpuViolation = 0,
  UndefinedInstruction = 1,
  PrefetchAbort = 2,
  BadHypercall = 3,
  Watchdog = 4,
  InternalError = 5,
  /** A VM image failed its integrity check (boot or cold restart): fixed action, the VM stays halted. */
  Integrity = 6,
  /** A passed-through interrupt exceeded its per-frame budget: fixed action log (the interrupt is
   *  masked until the next major frame). */
  IrqStorm = 7,
  /** A VM asked for more restarts of one VM than that VM's restart rate allows: fixed action log (the
   *  request is refused with `RateLimited`); raised against the requesting VM. */
  RestartRate = 8,
}
/** Number of policy-configurable `HealthEvent` members (the first ones): the length of every
 *  `healthActions` array. Events from `Integrity` on have a fixed action (`firmware/core/health.ts`). */
export const HEALTH_EVENT_COUNT = 6;

/** What the health monitor does when an event hits a VM. */
export enum HealthAction {
  Log = 0,
  WarmRestart = 1,
  ColdRestart = 2,
  Halt = 3,
  Suspend = 4,
}

export enum PortKind {
  Sampling = 0,
  Queuing = 1,
}

/** Capability bits of `VmEntry.capabilities`. */
export const CAP_RESTART_VM = 0x01;
export const CAP_HALT_VM = 0x02;
export const CAP_SWITCH_PLAN = 0x04;
export const CAP_READ_FAULT_LOG = 0x08;
export const CAP_VM_STATUS = 0x10;

/** Access bits of `GuestArea.access`. */
export const AREA_READ = 0x1;
export const AREA_WRITE = 0x2;
export const AREA_EXEC = 0x4;

/** "No UART" in `SystemTables.traceUart` / `vcanUart`. */
export const NO_UART = 0xffffffff;

/** One memory area of a VM, as declared (not rounded to MPU granularity): hypercall buffers are checked
 *  against these. */
export interface GuestArea {
  readonly base: u32;
  readonly size: u32;
  /** `AREA_READ | AREA_WRITE | AREA_EXEC` bits. */
  readonly access: u32;
}

/** Virtual-CAN identifier filter: a frame passes when `(id & mask) === (match & mask)`. */
export interface CanFilterEntry {
  readonly match: u32;
  readonly mask: u32;
  readonly extended: bool;
}

export interface VmEntry {
  /** VM name: the console prefix. */
  readonly name: cstr;
  /** CRC-32 (IEEE 802.3, as zlib) of the VM's guest image as the build embedded it: both copies are
   *  checked against it at boot, the pristine copy before every cold restart (integrity.ts). */
  readonly imageDigest: u32;
  /** Entry address (bit 0 set: Thumb). */
  readonly entry: u32;
  /** Initial USR stack pointer. */
  readonly stackTop: u32;
  /** MPU regions loaded as a block when the VM is switched in (at most `MAX_MPU_REGIONS`): the register
   *  words of each region in the CPU's layout, `SystemTables.mpuWordsPerRegion` per region, region 0
   *  first (PMSAv7: DRBAR, DRSR, DRACR; PMSAv8-32 EL2 MPU: HPRBAR, HPRLAR). */
  readonly mpuWords: readonly u32[];
  /** Memory areas (at most `MAX_AREAS_PER_VM`). */
  readonly areas: readonly GuestArea[];
  /** `CAP_*` bits. */
  readonly capabilities: u32;
  /** Action per `HealthEvent`, `HEALTH_EVENT_COUNT` entries. */
  readonly healthActions: readonly HealthAction[];
  /** Health-monitor restarts allowed before the VM is halted instead. */
  readonly restartLimit: u32;
  /** Watchdog period in ticks (0: no watchdog). */
  readonly watchdogTicks: Ticks;
  /** Requested restarts (`VmRestart`, by itself or another VM) allowed per `restartRateTicks`. */
  readonly restartRate: u32;
  readonly restartRateTicks: Ticks;
  readonly canTx: readonly CanFilterEntry[];
  readonly canRx: readonly CanFilterEntry[];
  readonly canRxDepth: u32;
  /** VFP state is saved and restored at switches. */
  readonly usesFpu: bool;
  /** UART receiving the VM's console output. */
  readonly consoleUart: u32;
}

/** A window of a plan: a slot owned by `vm`, or an idle gap when `vm` is `NO_VM`. The windows of a plan
 *  are contiguous and cover the major frame exactly. */
export interface WindowEntry {
  readonly vm: VmIndex;
  readonly start: u32;
  readonly duration: u32;
}

export interface PlanEntry {
  readonly majorFrame: u32;
  readonly windows: readonly WindowEntry[];
}

export interface PortEntry {
  readonly kind: PortKind;
  /** Source VM index. */
  readonly source: u32;
  /** Bit `i` set: VM `i` is a destination. */
  readonly destinations: u32;
  readonly maxMessageSize: u32;
  /** Queuing: capacity in messages per destination. Sampling: 1. */
  readonly depth: u32;
  /** Sampling: age in ticks after which the value is reported stale (0: never). */
  readonly refreshTicks: Ticks;
  /** Offset of the port's storage in the hypervisor port pool (see `port-layout.ts`). */
  readonly bufferOffset: u32;
}

/** A board interrupt passed through to a VM as a virtual interrupt. */
export interface IrqRoute {
  /** Interrupt ID at the interrupt controller (GIC ID). */
  readonly irq: u32;
  readonly vm: VmIndex;
  readonly virq: Virq;
  /** Most interrupts the route may forward per major frame (the device assignment's
   *  `irqBudgetPerFrame`); 0 for no limit. */
  readonly budgetPerFrame: u32;
}

export interface SystemTables {
  readonly tickMicroseconds: u32;
  /** Mode field of the PSR a VM starts and takes its upcalls in (`CPSR_MODE_USR`: a guest at PL0 on
   *  Armv7-R; `CPSR_MODE_SYS`: a guest at EL1 on Armv8-R). */
  readonly guestCpsrMode: u32;
  /** Mode field of the PSR of the idle thread (`CPSR_MODE_SYS` on Armv7-R; `CPSR_MODE_HYP` on Armv8-R,
   *  where EL1 is confined by the EL2 MPU). */
  readonly idleCpsrMode: u32;
  /** Register words of one MPU region in `VmEntry.mpuWords` (PMSAv7: 3, PMSAv8-32: 2; at most
   *  `MPU_WORDS_PER_REGION`). */
  readonly mpuWordsPerRegion: u32;
  readonly vms: readonly VmEntry[];
  /** Plan 0 runs at boot. */
  readonly plans: readonly PlanEntry[];
  readonly ports: readonly PortEntry[];
  readonly irqRoutes: readonly IrqRoute[];
  /** UART of the hypervisor console (guest lines there are prefixed with the VM name). */
  readonly hvConsoleUart: u32;
  /** UART streaming the trace, or `NO_UART`. */
  readonly traceUart: u32;
  /** Trace filter (the system description's `trace`): bit k set records events of `TraceKind` k. */
  readonly traceKindMask: u32;
  /** Bit v set records the events naming VM v (slot switches are recorded for every owner). */
  readonly traceVmMask: u32;
  /** Bit n set records the `Hypercall` events of hypercall number n (numbers from 32 always). */
  readonly traceHypercallMask: u32;
  /** UART carrying the virtual CAN bus, or `NO_UART`. */
  readonly vcanUart: u32;
  /** The idle thread loops instead of waiting for an interrupt (WFI). */
  readonly idlePolls: bool;
  /** Ticks between two invariant reports on the console; 0 for none. */
  readonly invariantsReportTicks: u32;
}
