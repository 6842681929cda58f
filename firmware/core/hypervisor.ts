// Hypervisor entry points, called by the BSP's exception vectors after they have saved the interrupted
// registers into `hvCurrentContext()`; when an entry point returns, the BSP restores
// `hvCurrentContext()` (which may now belong to another VM or to the idle thread) and returns to it.
// Every entry ends in `resume`: pick who runs (the slot owner if it can run, else the idle thread),
// switch MPU block, VFP state and cycle accounting if that changed, deliver a pending virtual
// interrupt by upcall. Entry points only record trace events; the idle thread streams them
// (`hvIdle`). The virtual CAN bus (docs/VCAN.md) is reset with the
// system, a VM's receive queue is emptied whenever the VM (re)starts, and the bytes the host sent on the
// bus UART are fed to the bus at every tick.
import { checkIndex, div, mul, u32, u8 } from '../../transpiler/runtime/index.ts';
import { GuestAddress, VmIndex } from './domain.ts';
import { advanceClock, now, resetClock } from './clock.ts';
import { consoleReset } from './console.ts';
import {
  bootVerified,
  healthConsoleLine,
  healthRaise,
  healthReset,
  restartFinish,
  watchdogCheck,
} from './health.ts';
import { invariantsOnTick, invariantsReset } from './invariants.ts';
import { hypercallDispatch } from './hypercall-dispatch.ts';
import { vmStartsTotal } from './lifecycle.ts';
import { HEALTH_EVENT_COUNT, HealthEvent, NO_UART, SystemTables } from './tables.ts';
import {
  MAX_AREAS_PER_VM,
  MAX_IRQ_ROUTES,
  MAX_MPU_REGIONS,
  MPU_WORDS_PER_REGION,
  MAX_PORTS,
  MAX_VMS,
  NO_VM,
  RESTART_BYTES_PER_TICK,
  RESTART_STEP_BYTES,
  VIRQ_COUNT,
} from './limits.ts';
import { RestartOutcome, restartStep } from './restart.ts';
import { chargeCycles, isRunnable, partitionInit, partitionOf } from './partition.ts';
import { VmState } from './hypercall-numbers.ts';
import { firstPortOutsidePool, portsReset } from './ports.ts';
import { firstBadPlan, framePositionTicks, schedulerStart, schedulerTick, slotOwner } from './scheduler.ts';
import { isVm, systemTables, vmEntry } from './system.ts';
import { TraceKind, traceDrainIdle, traceEvent, traceFlush, traceReset, traceTickStart } from './trace.ts';
import {
  CPSR_MODE_HYP,
  CPSR_MODE_SYS,
  CPSR_MODE_USR,
  IDLE_CONTEXT,
  VcpuContext,
  contextOf,
  resetContext,
} from './vcpu-context.ts';
import {
  IrqBudgetVerdict,
  irqBudgetCharge,
  irqBudgetNewFrame,
  irqBudgetReset,
  irqForwardedThisFrame,
  isVirq,
  virqActive,
  virqDeliver,
  virqOf,
  virqRaise,
} from './virq.ts';
import { vtimerTick } from './vtimer.ts';
import { vcanHostInputLost, vcanOnHostByte, vcanReset, vcanResetVm } from './vcan/bus.ts';
import {
  portContextSetCurrent,
  portIdleEntry,
  portIdleStackTop,
  portReadCycles,
  portGuestStateRestore,
  portGuestStateSave,
  portVfpEnable,
  portVfpRestore,
  portVfpSave,
} from '../port/cpu.ts';
import { portIrqMask, portIrqRestore, portIrqSave } from '../port/irq.ts';
import { portMpuLoadRegions } from '../port/mpu.ts';
import { PORT_UART_NO_BYTE, portUartGetByte, portUartRxLost } from '../port/uart.ts';

/** `hvInit` results. */
export enum InitResult {
  Ok = 0,
  TooManyVms = 1,
  BadVm = 2,
  BadPlan = 3,
  BadPort = 4,
  BadIrqRoute = 5,
}

/** VM whose registers are live on the CPU, `NO_VM` for the idle thread. */
let running: u32 = NO_VM;
/** Index in `contexts` of the context on the CPU (a VM, or `IDLE_CONTEXT`). */
let currentContext: u32 = IDLE_CONTEXT;
/** VM whose regions are loaded in the MPU. */
let mpuVm: VmIndex = NO_VM;
/** Register words of one MPU region in the CPU's layout (`SystemTables.mpuWordsPerRegion`). */
let mpuWordsPerRegion: u32 = MPU_WORDS_PER_REGION;
let lastSwitchCycles: u32 = 0;
let idleCycles: u32 = 0;
let switches: u32 = 0;
/** False until `hvInit` accepted the tables: only the idle thread runs. */
let started: boolean = false;
/** `Partition.starts` of each VM when its virtual-CAN receive queue was last emptied. */
const vcanSeenStarts: Uint32Array = new Uint32Array(MAX_VMS);
/** `vmStartsTotal()` when `vcanSeenStarts` was last brought up to date: while it is unchanged no VM
 *  restarted and `resume` skips the per-VM check. */
let vcanSeenStartsTotal: u32 = 0;
/** Most bytes taken from the bus UART per tick (the BSP's receive ring holds 256). */
export const VCAN_HOST_BYTES_PER_TICK = 256;

function checkTables(tables: SystemTables): InitResult {
  if (tables.vms.length > MAX_VMS) {
    return InitResult.TooManyVms;
  }
  if (
    (tables.guestCpsrMode !== CPSR_MODE_USR && tables.guestCpsrMode !== CPSR_MODE_SYS) ||
    (tables.idleCpsrMode !== CPSR_MODE_SYS && tables.idleCpsrMode !== CPSR_MODE_HYP) ||
    tables.mpuWordsPerRegion === 0 ||
    tables.mpuWordsPerRegion > MPU_WORDS_PER_REGION
  ) {
    return InitResult.BadVm;
  }
  for (let vm: VmIndex = 0; vm < tables.vms.length; vm++) {
    const entry = tables.vms[vm];
    const regions = u32(div(entry.mpuWords.length, tables.mpuWordsPerRegion));
    if (
      regions > MAX_MPU_REGIONS ||
      u32(mul(regions, tables.mpuWordsPerRegion)) !== entry.mpuWords.length ||
      entry.areas.length > MAX_AREAS_PER_VM ||
      entry.healthActions.length !== HEALTH_EVENT_COUNT
    ) {
      return InitResult.BadVm;
    }
  }
  if (firstBadPlan() !== tables.plans.length) {
    return InitResult.BadPlan;
  }
  if (tables.ports.length > MAX_PORTS || firstPortOutsidePool() !== tables.ports.length) {
    return InitResult.BadPort;
  }
  for (let i: u32 = 0; i < tables.ports.length; i++) {
    const port = tables.ports[i];
    if (!isVm(port.source) || u32(port.destinations >>> tables.vms.length) !== 0 || port.depth === 0) {
      return InitResult.BadPort;
    }
  }
  if (tables.irqRoutes.length > MAX_IRQ_ROUTES) {
    return InitResult.BadIrqRoute;
  }
  for (let i: u32 = 0; i < tables.irqRoutes.length; i++) {
    const route = tables.irqRoutes[i];
    if (!isVm(route.vm) || !isVirq(route.virq)) {
      return InitResult.BadIrqRoute;
    }
  }
  return InitResult.Ok;
}

/** Initialises the hypervisor for the system tables the port layer provides: checks them, resets every
 *  module, starts every VM (Ready at its entry) and the schedule (plan 0, first window), and selects who
 *  runs first. On a bad table it returns the reason and leaves only the idle thread runnable. */
export function hvInit(): InitResult {
  const tables = systemTables();
  resetClock();
  traceReset(tables.traceUart);
  healthReset();
  invariantsReset();
  irqBudgetReset();
  portsReset();
  consoleReset();
  vcanReset();
  vcanHostLostSeen = 0;
  const idleMode: u32 = tables.idleCpsrMode === CPSR_MODE_HYP ? CPSR_MODE_HYP : CPSR_MODE_SYS;
  resetContext(contextOf(IDLE_CONTEXT), portIdleEntry(), portIdleStackTop(), idleMode, 0);
  running = NO_VM;
  selectContext(IDLE_CONTEXT);
  mpuVm = NO_VM;
  idleCycles = 0;
  switches = 0;
  restartBudgetTick = now();
  restartBytesLeft = RESTART_BYTES_PER_TICK;
  lastSwitchCycles = portReadCycles();
  started = false;
  const checked = checkTables(tables);
  if (checked !== InitResult.Ok) {
    healthRaise(NO_VM, HealthEvent.InternalError, 0, u32(checked));
    traceFlush();
    return checked;
  }
  mpuWordsPerRegion = tables.mpuWordsPerRegion;
  for (let vm: VmIndex = 0; vm < tables.vms.length; vm++) {
    partitionInit(vm, tables.vms[vm].mpuWords, tables.mpuWordsPerRegion);
    bootVerified(vm);
    vcanSeenStarts[checkIndex(vm, vcanSeenStarts.length)] = partitionOf(vm).starts;
  }
  vcanSeenStartsTotal = vmStartsTotal();
  schedulerStart();
  started = true;
  switchAndDeliver();
  return InitResult.Ok;
}

/** The context the BSP saves into on the next exception and restores when an entry point returns. */
export function hvCurrentContext(): VcpuContext {
  return contextOf(currentContext);
}

/** The VM on the CPU, or `NO_VM` when the idle thread runs. */
export function hvRunningVm(): u32 {
  return running;
}

/** PMU cycles spent in the idle thread. */
export function hvIdleCycles(): u32 {
  return idleCycles;
}

/** Context switches made since `hvInit`. */
export function hvSwitchCount(): u32 {
  return switches;
}

function switchTo(next: u32): void {
  const cycles = portReadCycles();
  const spent = u32(cycles - lastSwitchCycles);
  lastSwitchCycles = cycles;
  if (isVm(running)) {
    const outgoing = partitionOf(running);
    chargeCycles(outgoing, spent);
    if (outgoing.state === VmState.Running) {
      outgoing.state = VmState.Ready;
    }
    portGuestStateSave(running, contextOf(currentContext));
    if (vmEntry(running).usesFpu) {
      portVfpSave(contextOf(currentContext));
    }
  } else {
    idleCycles = u32(idleCycles + spent);
  }
  running = next;
  switches = u32(switches + 1);
  if (isVm(next)) {
    selectContext(next);
    if (mpuVm !== next) {
      const p = partitionOf(next);
      portMpuLoadRegions(p.mpuBlock, mpuWordsPerRegion, p.mpuRegionCount);
      mpuVm = next;
    }
    portGuestStateRestore(next, contextOf(currentContext));
    if (vmEntry(next).usesFpu) {
      portVfpRestore(contextOf(currentContext));
    } else {
      portVfpEnable(false);
    }
  } else {
    selectContext(IDLE_CONTEXT);
    portVfpEnable(false);
  }
}

/** Makes context `index` (a VM, or `IDLE_CONTEXT`) the one the BSP saves into and restores: the BSP
 *  learns of a change here, so an entry that keeps the same thread costs it nothing. */
function selectContext(index: u32): void {
  currentContext = index;
  portContextSetCurrent(contextOf(index));
}

/** Empties the virtual-CAN receive queue of every VM that (re)started since the last check: a restarted
 *  guest must not see frames queued for its previous run. Restarts happen inside entry points (restart
 *  hypercall, health action), which all end in `resume`, before any further frame can be queued. */
function vcanSyncRestarts(): void {
  vcanSeenStartsTotal = vmStartsTotal();
  const count = systemTables().vms.length;
  for (let vm: VmIndex = 0; vm < count; vm++) {
    const starts = partitionOf(vm).starts;
    if (vcanSeenStarts[checkIndex(vm, vcanSeenStarts.length)] !== starts) {
      vcanSeenStarts[checkIndex(vm, vcanSeenStarts.length)] = starts;
      vcanResetVm(vm);
    }
  }
}

/** The bus UART's loss count when `vcanPollHost` last looked (`portUartRxLost`). */
let vcanHostLostSeen: u32 = 0;

/** Feeds the bytes the host sent on the bus UART to the virtual CAN bus (at most
 *  `VCAN_HOST_BYTES_PER_TICK`, the rest waits for the next tick). When there is input, bytes the UART
 *  lost since the last look (its receive ring was full, or a receive error) go to the bus first, which
 *  counts them and reports data overrun to the host: input is never lost silently. */
function vcanPollHost(): void {
  const uart = systemTables().vcanUart;
  if (uart === NO_UART) {
    return;
  }
  for (let i: u32 = 0; i < VCAN_HOST_BYTES_PER_TICK; i++) {
    const byte = portUartGetByte(uart);
    if (byte === PORT_UART_NO_BYTE) {
      return;
    }
    if (i === 0) {
      const lost = portUartRxLost(uart);
      vcanHostInputLost(u32(lost - vcanHostLostSeen));
      vcanHostLostSeen = lost;
    }
    vcanOnHostByte(u8(byte));
  }
}

/** Ends an entry that rarely changes who runs (hypercalls, faults): the fast path below, else
 *  `switchAndDeliver`. The tick and device interrupts, which often switch or deliver, call
 *  `switchAndDeliver` directly and do not pay for the fast-path tests. */
function resume(): void {
  // Fast path, taken by most hypercalls: the VM on the CPU stays. `running` is a VM only once `hvInit`
  // accepted the tables (`started`); with no restart since the last check, the VM still owning the slot
  // and still `Running` (runnable, and the state write below would change nothing), and no pending and
  // enabled interrupt, the full path below would neither switch nor deliver: it has nothing to do.
  // `running` is a VM (< MAX_VMS) or NO_VM (>= MAX_VMS), so the first test is `running !== NO_VM`; in
  // this form it also bounds the index of `partitionOf` and `virqOf`, whose checks then fold away.
  const vm = running;
  if (
    vm < MAX_VMS &&
    slotOwner() === vm &&
    vcanSeenStartsTotal === vmStartsTotal() &&
    partitionOf(vm).state === VmState.Running &&
    virqActive(virqOf(vm)) === 0
  ) {
    return;
  }
  switchAndDeliver();
}

/** The full `resume`: picks who runs, switches if that changed, delivers a pending virtual interrupt. */
function switchAndDeliver(): void {
  let next: u32 = NO_VM;
  if (started) {
    if (vcanSeenStartsTotal !== vmStartsTotal()) {
      vcanSyncRestarts();
    }
    // The schedule holds only valid VMs and NO_VM (`firstBadPlan`).
    const owner = slotOwner();
    if (owner !== NO_VM && isRunnable(partitionOf(owner))) {
      next = owner;
    }
  }
  if (next !== running) {
    switchTo(next);
  }
  if (running !== NO_VM) {
    partitionOf(running).state = VmState.Running;
    // Most entries find nothing to deliver: a pending and enabled interrupt is needed for an upcall.
    if (virqActive(virqOf(running)) !== 0) {
      const virq = virqDeliver(running, contextOf(currentContext));
      if (virq !== VIRQ_COUNT) {
        traceEvent(TraceKind.Upcall, running, virq, virqOf(running).handler);
      }
    }
  }
}

/** Tick whose restart budget `restartBytesLeft` is. */
let restartBudgetTick: u32 = 0;
let restartBytesLeft: u32 = 0;

/** The cold restart of the slot owner, if it is `Restarting`: steps of at most `RESTART_STEP_BYTES`,
 *  each with interrupts masked (an entry point may run between two and change who owns the slot or
 *  what state the VM is in, so each step looks again), until `RESTART_BYTES_PER_TICK` are used this
 *  tick or the restart is over (`restart.ts`). Returns true while the slot owner is still restarting. */
function restartInOwnerSlot(): boolean {
  const tick = now();
  if (tick !== restartBudgetTick) {
    restartBudgetTick = tick;
    restartBytesLeft = RESTART_BYTES_PER_TICK;
  }
  let restarting = true;
  while (restarting && restartBytesLeft !== 0) {
    const saved = portIrqSave();
    const owner = slotOwner();
    restarting = started && owner !== NO_VM && partitionOf(owner).state === VmState.Restarting;
    if (restarting) {
      const step: u32 = restartBytesLeft < RESTART_STEP_BYTES ? restartBytesLeft : RESTART_STEP_BYTES;
      restartBytesLeft = u32(restartBytesLeft - step);
      const outcome = restartStep(owner, step);
      restartFinish(owner, outcome);
      restarting = outcome === RestartOutcome.Working;
    }
    portIrqRestore(saved);
  }
  return restarting;
}

/** Whether the idle thread may wait for the next interrupt (WFI) after `hvIdle`, or loops (the system
 *  description's `idle: 'poll'`). */
export function hvIdleMayWait(): boolean {
  return !systemTables().idlePolls;
}

/** The idle thread's work between interrupts (thread mode, interrupts enabled, never an exception
 *  path): the slot owner's cold restart, if it has one (its own time: it cannot run meanwhile), then
 *  trace records within the per-tick budget. Returns the records still waiting. */
export function hvIdle(): u32 {
  restartInOwnerSlot();
  return traceDrainIdle();
}

/** Timer tick: advances time and the schedule (a new major frame also restores storm-masked device
 *  interrupts), fires virtual timers, checks the slot owner's watchdog, then runs the self-checks
 *  (`invariants.ts`) on the state it leaves and writes the console line of one fault not shown yet. */
export function hvOnTick(): void {
  advanceClock();
  traceTickStart();
  if (!started) {
    resume();
    return;
  }
  vcanPollHost();
  schedulerTick(running);
  if (framePositionTicks() === 0) {
    irqBudgetNewFrame();
  }
  vtimerTick();
  watchdogCheck(slotOwner());
  switchAndDeliver();
  invariantsOnTick(running);
  healthConsoleLine();
}

/** SVC from a guest: hypercall `call` (the SVC immediate) with arguments in the current context. */
export function hvOnSvc(call: u32): void {
  const caller = running;
  // `running` is a VM (< MAX_VMS) or NO_VM: this is `caller === NO_VM`, in the form that also bounds
  // the index of `contextOf` below.
  if (caller >= MAX_VMS) {
    healthRaise(NO_VM, HealthEvent.InternalError, 0, call);
    resume();
    return;
  }
  // A VM on the CPU runs on its own context (`switchTo`).
  hypercallDispatch(caller, call, contextOf(caller));
  resume();
}

/** Data abort from a guest: `address` is the DFAR, `status` the DFSR (fault status and WnR). */
export function hvOnDataAbort(address: GuestAddress, status: u32): void {
  healthRaise(running, HealthEvent.MpuViolation, address, status);
  resume();
}

/** Prefetch abort from a guest: `address` is the IFAR, `status` the IFSR. */
export function hvOnPrefetchAbort(address: GuestAddress, status: u32): void {
  healthRaise(running, HealthEvent.PrefetchAbort, address, status);
  resume();
}

/** Undefined instruction in a guest at `address` (`detail`: the instruction word, or 0). */
export function hvOnUndefined(address: GuestAddress, detail: u32): void {
  healthRaise(running, HealthEvent.UndefinedInstruction, address, detail);
  resume();
}

/** Device interrupt `irq` (not the tick): masked at the controller and forwarded to the VM it is
 *  routed to as a virtual interrupt, within the route's budget per major frame (past it the interrupt
 *  stays masked until the next frame and `irq-storm` is raised, `virq.ts`); unrouted interrupts are
 *  masked and logged. */
export function hvOnIrq(irq: u32): void {
  if (!started) {
    portIrqMask(irq);
    resume();
    return;
  }
  const tables = systemTables();
  let routed = false;
  portIrqMask(irq);
  for (let i: u32 = 0; i < tables.irqRoutes.length; i++) {
    const route = tables.irqRoutes[i];
    if (route.irq === irq) {
      routed = true;
      traceEvent(TraceKind.Irq, route.vm, irq, route.virq);
      const verdict = irqBudgetCharge(i, route.budgetPerFrame);
      if (verdict === IrqBudgetVerdict.Forward) {
        virqRaise(route.vm, route.virq);
      } else if (verdict === IrqBudgetVerdict.StormStart) {
        healthRaise(route.vm, HealthEvent.IrqStorm, irq, irqForwardedThisFrame(i));
      }
    }
  }
  if (!routed) {
    traceEvent(TraceKind.Irq, NO_VM, irq, 0);
    healthRaise(NO_VM, HealthEvent.InternalError, irq, 0);
  }
  switchAndDeliver();
}

/** Node and tests: whether VM `vm` is inside an upcall. */
export function hvInUpcall(vm: VmIndex): boolean {
  return virqOf(vm).inUpcall;
}
