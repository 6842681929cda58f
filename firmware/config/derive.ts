// Derives the run-time tables (`firmware/core/tables.ts`) from a validated system description: turns VM
// and port names into indices, takes each VM's MPU regions as validation planned them, fills idle gaps
// of every plan with explicit idle windows, assigns each port its storage in the hypervisor port pool and
// routes passed-through device interrupts. Runs at build time (Node); the result is plain data that the core runs on
// in Node and that the build emits as const C tables (cli/build/generate/tables-module.ts).
// `systemLimits` sizes the core's limits for the system (firmware/core/limits.ts).
import { deviceGicId, findDevice } from './boards.ts';
import { MPU_WORDS_PER_REGION, mpuPlanWords } from './mpu-plans.ts';
import type {
  Capability,
  HealthAction as HealthActionName,
  HealthEvent as HealthEventName,
  MemoryAccess,
} from './types.ts';
import { DEFAULT_IRQ_BUDGET_PER_FRAME } from './validate.ts';
import type { ValidatedSystem } from './validated-system.ts';
import { traceFilterMasks } from './trace-filter.ts';
import * as coreLimits from '../core/limits.ts';
import { NO_VM, PORT_POOL_BYTES, TRACE_RING_EVENTS_IMAGE } from '../core/limits.ts';
import { portPoolBytes } from '../core/port-layout.ts';
import { CPSR_MODE_HYP, CPSR_MODE_SYS, CPSR_MODE_USR } from '../core/vcpu-context.ts';
import {
  AREA_EXEC,
  AREA_READ,
  AREA_WRITE,
  CAP_HALT_VM,
  CAP_READ_FAULT_LOG,
  CAP_RESTART_VM,
  CAP_SWITCH_PLAN,
  CAP_VM_STATUS,
  HealthAction,
  HealthEvent,
  NO_UART,
  PortKind,
  type IrqRoute,
  type PlanEntry,
  type PortEntry,
  type SystemTables,
  type VmEntry,
  type WindowEntry,
} from '../core/tables.ts';

const CAPABILITY_BITS: Record<Capability, number> = {
  'restart-vm': CAP_RESTART_VM,
  'halt-vm': CAP_HALT_VM,
  'switch-plan': CAP_SWITCH_PLAN,
  'read-fault-log': CAP_READ_FAULT_LOG,
  'vm-status': CAP_VM_STATUS,
};

/** Health events in `HealthEvent` order. */
const EVENT_ORDER: readonly [HealthEventName, HealthEvent][] = [
  ['mpu-violation', HealthEvent.MpuViolation],
  ['undefined-instruction', HealthEvent.UndefinedInstruction],
  ['prefetch-abort', HealthEvent.PrefetchAbort],
  ['bad-hypercall', HealthEvent.BadHypercall],
  ['watchdog', HealthEvent.Watchdog],
  ['internal-error', HealthEvent.InternalError],
];

const ACTIONS: Record<HealthActionName, HealthAction> = {
  log: HealthAction.Log,
  'warm-restart': HealthAction.WarmRestart,
  'cold-restart': HealthAction.ColdRestart,
  halt: HealthAction.Halt,
  suspend: HealthAction.Suspend,
};

function accessBits(access: MemoryAccess): number {
  let bits = AREA_READ;
  if (access.includes('w')) bits |= AREA_WRITE;
  if (access.includes('x')) bits |= AREA_EXEC;
  return bits;
}

/** Thrown when a description cannot become tables; `message` lists every problem with its path. */
export class DeriveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeriveError';
  }
}

/** The run-time tables of a validated system (its MPU regions as validation planned them), with the
 *  CRC-32 of each VM's guest image when the build has the images (`imageDigests`, VM order; 0 until
 *  then). Throws `DeriveError` naming the offending path when the system does not fit the core's limits. */
export function deriveTables(system: ValidatedSystem, imageDigests: readonly number[] = []): SystemTables {
  const { desc, board } = system;
  const vmIndex = new Map<string, number>(desc.vms.map((vm, index) => [vm.name, index]));
  const indexOf = (name: string, path: string): number => {
    const index = vmIndex.get(name);
    if (index === undefined) throw new DeriveError(`${path}: unknown VM '${name}'`);
    return index;
  };

  const irqRoutes: IrqRoute[] = [];
  const vms: VmEntry[] = desc.vms.map((vm, index) => {
    const plan = system.mpuPlans[index];
    vm.devices.forEach((assignment, deviceIndex) => {
      const device = findDevice(board, assignment.device);
      if (device === undefined)
        throw new DeriveError(
          `vms[${index}].devices[${deviceIndex}].device: unknown device '${assignment.device}'`,
        );
      if (device.irq >= 0)
        irqRoutes.push({
          irq: deviceGicId(board, device),
          vm: index,
          virq: assignment.virq,
          budgetPerFrame: assignment.irqBudgetPerFrame ?? DEFAULT_IRQ_BUDGET_PER_FRAME,
        });
    });
    const route = desc.console.find((c) => c.vm === vm.name);
    return {
      name: vm.name,
      imageDigest: (imageDigests[index] ?? 0) >>> 0,
      entry: vm.entry >>> 0,
      stackTop: vm.stackTop >>> 0,
      mpuWords: plan === undefined ? [] : mpuPlanWords(plan),
      areas: vm.memory.map((area) => ({
        base: area.base >>> 0,
        size: area.size >>> 0,
        access: accessBits(area.access),
      })),
      capabilities: vm.capabilities.reduce((bits, cap) => bits | CAPABILITY_BITS[cap], 0),
      healthActions: EVENT_ORDER.map(([name]) => ACTIONS[vm.health.actions[name] ?? vm.health.defaultAction]),
      restartLimit: vm.health.restartLimit,
      watchdogTicks: vm.health.watchdogTicks,
      restartRate: vm.health.restartRate?.restarts ?? coreLimits.DEFAULT_RESTART_RATE,
      restartRateTicks: vm.health.restartRate?.ticks ?? coreLimits.DEFAULT_RESTART_RATE_TICKS,
      canTx: vm.canTx.map((f) => ({ match: f.match >>> 0, mask: f.mask >>> 0, extended: f.extended })),
      canRx: vm.canRx.map((f) => ({ match: f.match >>> 0, mask: f.mask >>> 0, extended: f.extended })),
      canRxDepth: vm.canRxDepth,
      usesFpu: vm.usesFpu,
      consoleUart: route?.uart ?? board.hypervisorConsoleUart,
    };
  });

  const plans: PlanEntry[] = desc.plans.map((plan, planIndex) => {
    const windows: WindowEntry[] = [];
    let position = 0;
    const slots = [...plan.slots].sort((a, b) => a.start - b.start);
    slots.forEach((slot, slotIndex) => {
      if (slot.start > position)
        windows.push({ vm: NO_VM, start: position, duration: slot.start - position });
      windows.push({
        vm: indexOf(slot.vm, `plans[${planIndex}].slots[${slotIndex}].vm`),
        start: slot.start,
        duration: slot.duration,
      });
      position = slot.start + slot.duration;
    });
    if (position < plan.majorFrame)
      windows.push({ vm: NO_VM, start: position, duration: plan.majorFrame - position });
    return { majorFrame: plan.majorFrame, windows };
  });

  let poolOffset = 0;
  const ports: PortEntry[] = desc.ports.map((port, portIndex) => {
    const kind = port.kind === 'sampling' ? PortKind.Sampling : PortKind.Queuing;
    const destinations = port.destinations.reduce(
      (mask, name, d) => mask | (1 << indexOf(name, `ports[${portIndex}].destinations[${d}]`)),
      0,
    );
    const depth = kind === PortKind.Sampling ? 1 : port.depth;
    const entry: PortEntry = {
      kind,
      source: indexOf(port.source, `ports[${portIndex}].source`),
      destinations: destinations >>> 0,
      maxMessageSize: port.maxMessageSize,
      depth,
      refreshTicks: kind === PortKind.Sampling ? port.refreshTicks : 0,
      bufferOffset: poolOffset,
    };
    poolOffset += portPoolBytes(kind, port.maxMessageSize, depth, port.destinations.length);
    if (poolOffset > PORT_POOL_BYTES) {
      throw new DeriveError(
        `ports[${portIndex}]: port buffers need ${poolOffset} bytes, more than the ${PORT_POOL_BYTES}-byte port pool`,
      );
    }
    return entry;
  });

  const traceMasks = traceFilterMasks(desc);
  return {
    tickMicroseconds: desc.tickMicroseconds,
    guestCpsrMode: board.cpu.guestMode === 'sys' ? CPSR_MODE_SYS : CPSR_MODE_USR,
    idleCpsrMode: board.cpu.hypervisorThreadMode === 'hyp' ? CPSR_MODE_HYP : CPSR_MODE_SYS,
    mpuWordsPerRegion: MPU_WORDS_PER_REGION[board.cpu.mpuArchitecture],
    vms,
    plans,
    ports,
    irqRoutes,
    hvConsoleUart: board.hypervisorConsoleUart,
    traceUart: desc.traceUart < 0 ? NO_UART : desc.traceUart,
    traceKindMask: traceMasks.kindMask,
    traceVmMask: traceMasks.vmMask,
    traceHypercallMask: traceMasks.hypercallMask,
    vcanUart: desc.vcanUart < 0 ? NO_UART : desc.vcanUart,
    idlePolls: desc.idle === 'poll',
    invariantsReportTicks: desc.invariantsReportTicks ?? 0,
  };
}

/** Number of set bits of a destination mask. */
function destinationCount(mask: number): number {
  let count = 0;
  for (let bits = mask >>> 0; bits !== 0; bits = (bits & (bits - 1)) >>> 0) count++;
  return count;
}

/**
 * The core's limits (firmware/core/limits.ts) for an image of the system whose tables these are: the
 * capacities marked "sized per system" there hold exactly what the tables need (VMs, MPU regions and
 * the words of one region, ports and the end of their pool storage, IRQ routes, queue states,
 * virtual-CAN queue slots, fault-log shares), the trace ring is the image's; every other limit keeps its value. None exceeds the validated maximum.
 */
export function systemLimits(tables: SystemTables): Record<string, number> {
  const vms = tables.vms.length;
  const ports = Math.max(1, tables.ports.length);
  const poolEnd = tables.ports.reduce(
    (end, p) =>
      Math.max(
        end,
        p.bufferOffset + portPoolBytes(p.kind, p.maxMessageSize, p.depth, destinationCount(p.destinations)),
      ),
    0,
  );
  const sized: Record<string, number> = {
    MAX_VMS: vms,
    MAX_MPU_REGIONS: Math.max(1, ...tables.vms.map((vm) => vm.mpuWords.length / tables.mpuWordsPerRegion)),
    MPU_WORDS_PER_REGION: tables.mpuWordsPerRegion,
    MAX_PORTS: ports,
    PORT_POOL_BYTES: Math.max(4, Math.ceil(poolEnd / 4) * 4),
    MAX_IRQ_ROUTES: Math.max(1, tables.irqRoutes.length),
    TRACE_RING_EVENTS: TRACE_RING_EVENTS_IMAGE,
    QUEUE_STATE_ENTRIES: ports * vms,
    VCAN_RX_DEPTH: Math.max(1, ...tables.vms.map((vm) => vm.canRxDepth)),
    FAULT_LOG_ENTRIES: (vms + 1) * coreLimits.FAULT_LOG_SHARE,
    FAULT_LOG_WORDS: (vms + 1) * coreLimits.FAULT_LOG_SHARE * coreLimits.FAULT_LOG_ENTRY_WORDS,
  };
  const limits: Record<string, number> = {};
  for (const [name, value] of Object.entries(coreLimits)) {
    if (typeof value !== 'number') continue;
    const own = sized[name];
    if (own !== undefined && own > value) {
      throw new DeriveError(`limits: the system needs ${name} = ${own}, above the core's maximum ${value}`);
    }
    limits[name] = own ?? value;
  }
  return limits;
}
