// System description validator: checks a `SystemDescription` against a board before anything is built —
// names, memory areas (RAM bounds, the hypervisor's reserved range, overlaps within and across VMs,
// PMSAv7 geometry and region budget through the MPU planner), entry and stack, devices and interrupts,
// capabilities, health policy, virtual-CAN filters, schedule plans, ports and UART roles. Every problem
// becomes a `ConfigError` naming its config path and the offending value; all of them are collected.
// The rules and their messages are listed in docs/CONFIG.md.
import { portPoolBytes } from '../core/port-layout.ts';
import { PortKind as RuntimePortKind } from '../core/tables.ts';
import type { BoardDescription, BoardDevice } from './boards.ts';
import { findDevice } from './boards.ts';
import type { ConfigError } from './errors.ts';
import { describeRange, formatSize, hex } from './errors.ts';
import {
  CAN_EXTENDED_ID_MAX,
  CAN_STANDARD_ID_MAX,
  VIRQ_FIRST_DEVICE,
  MAX_AREAS_PER_VM,
  MAX_CAN_FILTERS,
  MAX_CAN_RX_DEPTH,
  MAX_IRQ_ROUTES,
  MAX_NAME_LENGTH,
  MAX_PLANS,
  MAX_PORT_MESSAGE_SIZE,
  MAX_PORTS,
  MAX_QUEUING_DEPTH,
  MAX_RESTART_LIMIT,
  MAX_TICK_MICROSECONDS,
  MAX_VMS,
  MAX_WINDOWS_PER_PLAN,
  MIN_CAN_RX_DEPTH,
  MIN_PORT_MESSAGE_SIZE,
  MIN_QUEUING_DEPTH,
  MIN_TICK_MICROSECONDS,
  NAME_PATTERN,
  PORT_BUFFER_BUDGET_BYTES,
  SAMPLING_DEPTH,
  STACK_ALIGNMENT,
  VIRQ_COUNT,
  VIRQ_PORT,
  VIRQ_TIMER,
  VIRQ_VCAN,
} from './limits.ts';
import { checkAreaGeometry, type MpuRegionValue, planVmRegions } from './mpu-plan.ts';
import type {
  Capability,
  CanFilter,
  HealthAction,
  HealthEvent,
  MemoryArea,
  PortDescription,
  PortKind,
  SystemDescription,
  VmDescription,
} from './types.ts';

export type { ConfigError } from './errors.ts';
export { formatConfigErrors } from './errors.ts';

export const CAPABILITIES: readonly Capability[] = [
  'restart-vm',
  'halt-vm',
  'switch-plan',
  'read-fault-log',
  'vm-status',
];
export const HEALTH_EVENTS: readonly HealthEvent[] = [
  'mpu-violation',
  'undefined-instruction',
  'prefetch-abort',
  'bad-hypercall',
  'watchdog',
  'internal-error',
];
/** Health events the hypervisor raises with a fixed action (not part of a VM's policy). */
export const FIXED_ACTION_EVENTS: ReadonlyMap<string, string> = new Map([
  ['integrity', 'halt: a VM whose image fails its integrity check is not started'],
  ['irq-storm', 'log: the interrupt is masked until the next major frame'],
  ['restart-rate', 'log: a restart request past the rate is refused'],
]);
export const HEALTH_ACTIONS: readonly HealthAction[] = [
  'log',
  'warm-restart',
  'cold-restart',
  'halt',
  'suspend',
];
export const PORT_KINDS: readonly PortKind[] = ['sampling', 'queuing'];

/** What each reserved virtual interrupt number is for. */
const RESERVED_VIRQS = new Map<number, string>([
  [VIRQ_TIMER, 'the virtual timer (VIRQ_TIMER)'],
  [VIRQ_PORT, 'port notifications (VIRQ_PORT)'],
  [VIRQ_VCAN, 'virtual-CAN receive (VIRQ_VCAN)'],
]);

/** Collects errors; every check reports through it. */
class ErrorSink {
  readonly errors: ConfigError[] = [];
  add(path: string, message: string): void {
    this.errors.push({ path, message });
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  if (typeof value === 'function' || typeof value === 'symbol') return String(value);
  return JSON.stringify(value) ?? 'an unprintable value';
}

/** Interrupts a passed-through device may forward per major frame when its assignment sets no
 *  `irqBudgetPerFrame`, and the bounds of that field. */
export const DEFAULT_IRQ_BUDGET_PER_FRAME = 1000;
export const MIN_IRQ_BUDGET_PER_FRAME = 1;
export const MAX_IRQ_BUDGET_PER_FRAME = 1_000_000;
/** Largest `invariantsReportTicks`. */
export const MAX_INVARIANTS_REPORT_TICKS = 0x7fff_ffff;

/** Reports unless `value` is an integer in `[min, max]`; returns whether it is. */
function checkInteger(
  sink: ErrorSink,
  path: string,
  value: unknown,
  min: number,
  max: number,
  what: string,
): value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    sink.add(path, `${what} must be an integer (got ${show(value)})`);
    return false;
  }
  if (value < min || value > max) {
    sink.add(path, `${what} ${value} is outside ${min}..${max}`);
    return false;
  }
  return true;
}

/** Reports unless `value` is a valid name; returns whether it is. */
function checkName(sink: ErrorSink, path: string, value: unknown, what: string): value is string {
  if (typeof value !== 'string' || value.length === 0) {
    sink.add(path, `${what} name must be a non-empty string (got ${show(value)})`);
    return false;
  }
  if (value.length > MAX_NAME_LENGTH || !NAME_PATTERN.test(value)) {
    sink.add(path, `${what} name '${value}' must be 1..${MAX_NAME_LENGTH} letters, digits, '_', '-' or '.'`);
    return false;
  }
  return true;
}

/** Reports duplicates among `names` (by first occurrence). */
function checkUnique(
  sink: ErrorSink,
  names: readonly unknown[],
  pathOf: (index: number) => string,
  what: string,
): void {
  const firstIndex = new Map<unknown, number>();
  names.forEach((name, index) => {
    if (typeof name !== 'string' || name.length === 0) return;
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, index);
    else sink.add(pathOf(index), `duplicate ${what} name '${name}' (also ${pathOf(first)})`);
  });
}

/** `Array.isArray` that keeps the element type of a readonly array (the built-in guard narrows
 *  `readonly T[]` to `any[]`). */
function isList<T>(value: readonly T[] | undefined): value is readonly T[] {
  return Array.isArray(value);
}

/** Reports unless `value` is an array; returns it or an empty array. */
function arrayAt<T>(sink: ErrorSink, path: string, value: readonly T[] | undefined): readonly T[] {
  if (isList(value)) return value;
  sink.add(path, `must be a list (got ${show(value)})`);
  return [];
}

function rangesOverlap(aBase: number, aSize: number, bBase: number, bSize: number): boolean {
  return aBase < bBase + bSize && bBase < aBase + aSize;
}

/** Roles the system gives to UARTs (console routes, virtual CAN, trace), by UART index. */
function uartRoles(desc: SystemDescription, board: BoardDescription): Map<number, string> {
  const roles = new Map<number, string>();
  roles.set(board.hypervisorConsoleUart, 'the hypervisor console');
  if (typeof desc.vcanUart === 'number' && desc.vcanUart >= 0)
    roles.set(desc.vcanUart, `the virtual CAN bus (vcanUart ${desc.vcanUart})`);
  if (typeof desc.traceUart === 'number' && desc.traceUart >= 0)
    roles.set(desc.traceUart, `the trace stream (traceUart ${desc.traceUart})`);
  for (const route of isList(desc.console) ? desc.console : []) {
    if (typeof route.uart === 'number' && !roles.has(route.uart))
      roles.set(route.uart, `console output of VM '${route.vm}'`);
  }
  return roles;
}

// ---------------------------------------------------------------------------------------------------
// System-level fields

function checkSystemFields(sink: ErrorSink, desc: SystemDescription, board: BoardDescription): void {
  checkName(sink, 'name', desc.name, 'system');
  if (desc.board !== board.name) {
    sink.add(
      'board',
      `system is for board ${show(desc.board)} but is being validated for board '${board.name}'`,
    );
  }
  checkInteger(
    sink,
    'tickMicroseconds',
    desc.tickMicroseconds,
    MIN_TICK_MICROSECONDS,
    MAX_TICK_MICROSECONDS,
    'tick period (µs)',
  );
  if (desc.invariantsReportTicks !== undefined) {
    checkInteger(
      sink,
      'invariantsReportTicks',
      desc.invariantsReportTicks,
      0,
      MAX_INVARIANTS_REPORT_TICKS,
      'invariant report period (ticks)',
    );
  }
  if (desc.idle !== undefined && desc.idle !== 'wait' && desc.idle !== 'poll') {
    sink.add('idle', `idle must be 'wait' or 'poll' (got ${show(desc.idle)})`);
  }
}

function checkUartField(
  sink: ErrorSink,
  path: string,
  value: unknown,
  board: BoardDescription,
  what: string,
): value is number {
  if (!checkInteger(sink, path, value, -1, board.uartCount - 1, `${what} UART`)) return false;
  if (value === board.hypervisorConsoleUart) {
    sink.add(path, `${what} cannot use uart${value}: it is the hypervisor console`);
    return false;
  }
  return true;
}

function checkUartRoles(sink: ErrorSink, desc: SystemDescription, board: BoardDescription): void {
  const vcanOk = checkUartField(sink, 'vcanUart', desc.vcanUart, board, 'virtual CAN');
  const traceOk = checkUartField(sink, 'traceUart', desc.traceUart, board, 'trace');
  if (vcanOk && traceOk && desc.vcanUart >= 0 && desc.vcanUart === desc.traceUart) {
    sink.add(
      'traceUart',
      `trace and virtual CAN cannot share uart${desc.traceUart} (vcanUart ${desc.vcanUart})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// VMs

/** A memory area with valid geometry, remembered for the overlap checks. */
interface PlacedArea {
  readonly vmIndex: number;
  readonly areaIndex: number;
  readonly area: MemoryArea;
}

function checkMemoryAreas(
  sink: ErrorSink,
  vm: VmDescription,
  vmPath: string,
  vmIndex: number,
  board: BoardDescription,
  placed: PlacedArea[],
): void {
  const memory = arrayAt(sink, `${vmPath}.memory`, vm.memory);
  if (memory.length === 0) sink.add(`${vmPath}.memory`, `VM '${vm.name}' has no memory areas`);
  if (memory.length > MAX_AREAS_PER_VM) {
    sink.add(
      `${vmPath}.memory`,
      `VM '${vm.name}' declares ${memory.length} memory areas; at most ${MAX_AREAS_PER_VM} are allowed`,
    );
  }
  memory.forEach((area, areaIndex) => {
    const path = `${vmPath}.memory[${areaIndex}]`;
    checkName(sink, `${path}.name`, area.name, 'memory area');
    // Geometry and access errors come from the planner (see checkRegions).
    if (checkAreaGeometry(area.base, area.size) !== null) return;
    const ramEnd = board.ram.base + board.ram.size;
    if (area.base < board.ram.base || area.base + area.size > ramEnd) {
      sink.add(
        `${path}.base`,
        `area ${describeRange(area.name, area.base, area.size)} lies outside RAM ${hex(board.ram.base)}..${hex(ramEnd - 1)}`,
      );
      return;
    }
    if (rangesOverlap(area.base, area.size, board.hypervisor.base, board.hypervisor.size)) {
      sink.add(
        `${path}.base`,
        `area ${describeRange(area.name, area.base, area.size)} overlaps the hypervisor's reserved range ` +
          `${hex(board.hypervisor.base)}..${hex(board.hypervisor.base + board.hypervisor.size - 1)}`,
      );
      return;
    }
    for (const other of placed) {
      if (rangesOverlap(area.base, area.size, other.area.base, other.area.size)) {
        sink.add(
          `${path}.base`,
          `${hex(area.base)}..${hex(area.base + area.size - 1)} overlaps vms[${other.vmIndex}].memory[${other.areaIndex}] ` +
            `(${describeRange(other.area.name, other.area.base, other.area.size)})`,
        );
      }
    }
    placed.push({ vmIndex, areaIndex, area });
  });
  checkUnique(
    sink,
    memory.map((a) => a.name),
    (i) => `${vmPath}.memory[${i}].name`,
    'memory area',
  );
}

function areaContaining(
  vm: VmDescription,
  address: number,
  wanted: (area: MemoryArea) => boolean,
  endInclusive: boolean,
): MemoryArea | undefined {
  return (isList(vm.memory) ? vm.memory : []).find(
    (a) =>
      wanted(a) &&
      (endInclusive
        ? address > a.base && address <= a.base + a.size
        : address >= a.base && address < a.base + a.size),
  );
}

function checkEntryAndStack(sink: ErrorSink, vm: VmDescription, vmPath: string): void {
  const isExecutable = (a: MemoryArea) => a.access === 'rx' || a.access === 'rwx';
  const isWritable = (a: MemoryArea) => a.access === 'rw' || a.access === 'rwx';
  if (checkInteger(sink, `${vmPath}.entry`, vm.entry, 0, 0xffff_ffff, 'entry address')) {
    const address = vm.entry - (vm.entry % 2); // bit 0 selects Thumb state
    if (vm.entry % 2 === 0 && vm.entry % 4 !== 0) {
      sink.add(
        `${vmPath}.entry`,
        `ARM entry ${hex(vm.entry)} is not 4-byte aligned (set bit 0 for a Thumb entry)`,
      );
    } else if (areaContaining(vm, address, isExecutable, false) === undefined) {
      const holder = areaContaining(vm, address, () => true, false);
      sink.add(
        `${vmPath}.entry`,
        holder === undefined
          ? `entry ${hex(vm.entry)} is not inside any memory area of VM '${vm.name}'`
          : `entry ${hex(vm.entry)} lies in area '${holder.name}' whose access '${holder.access}' is not executable (use rx or rwx)`,
      );
    }
  }
  if (checkInteger(sink, `${vmPath}.stackTop`, vm.stackTop, 0, 2 ** 32, 'stack top')) {
    if (vm.stackTop % STACK_ALIGNMENT !== 0) {
      sink.add(
        `${vmPath}.stackTop`,
        `stack top ${hex(vm.stackTop)} is not ${STACK_ALIGNMENT}-byte aligned (AAPCS)`,
      );
    } else if (areaContaining(vm, vm.stackTop, isWritable, true) === undefined) {
      sink.add(
        `${vmPath}.stackTop`,
        `stack top ${hex(vm.stackTop)} is not inside or at the end of a writable (rw/rwx) area of VM '${vm.name}'`,
      );
    }
  }
}

/** A device assignment that named a board device, remembered for the "assigned twice" checks. */
interface DeviceClaim {
  readonly path: string;
  readonly vmName: string;
  readonly device: BoardDevice;
}

function checkDevices(
  sink: ErrorSink,
  vm: VmDescription,
  vmPath: string,
  board: BoardDescription,
  roles: Map<number, string>,
  claims: DeviceClaim[],
): void {
  const devices = arrayAt(sink, `${vmPath}.devices`, vm.devices);
  const virqOwners = new Map<number, string>();
  devices.forEach((assignment, index) => {
    const path = `${vmPath}.devices[${index}]`;
    const device = typeof assignment.device === 'string' ? findDevice(board, assignment.device) : undefined;
    if (device === undefined) {
      sink.add(
        `${path}.device`,
        `unknown device ${show(assignment.device)} (board '${board.name}' has ${board.devices.map((d) => d.name).join(', ')})`,
      );
    } else if (device.reservedFor !== null) {
      sink.add(
        `${path}.device`,
        `device '${device.name}' cannot be passed through: it is reserved for ${device.reservedFor}`,
      );
    } else if (device.uartIndex >= 0 && roles.has(device.uartIndex)) {
      sink.add(
        `${path}.device`,
        `device '${device.name}' cannot be passed through: the system uses it for ${roles.get(device.uartIndex)}`,
      );
    } else {
      const twice = claims.find((c) => c.device.name === device.name);
      const sharedIrq = claims.find(
        (c) => c.device.irq >= 0 && c.device.irq === device.irq && c.device.name !== device.name,
      );
      if (twice !== undefined) {
        sink.add(
          `${path}.device`,
          `device '${device.name}' is already assigned at ${twice.path} (VM '${twice.vmName}')`,
        );
      } else if (sharedIrq !== undefined) {
        sink.add(
          `${path}.device`,
          `device '${device.name}' uses board IRQ ${device.irq} (GIC ID ${board.gicSpiBase + device.irq}), already routed for ` +
            `'${sharedIrq.device.name}' at ${sharedIrq.path} (VM '${sharedIrq.vmName}')`,
        );
      } else {
        claims.push({ path, vmName: vm.name, device });
      }
    }
    if (assignment.irqBudgetPerFrame !== undefined) {
      const budgetPath = `${path}.irqBudgetPerFrame`;
      if (device !== undefined && device.irq < 0) {
        sink.add(
          budgetPath,
          `device '${device.name}' has no interrupt, so it cannot have an interrupt budget`,
        );
      } else {
        checkInteger(
          sink,
          budgetPath,
          assignment.irqBudgetPerFrame,
          MIN_IRQ_BUDGET_PER_FRAME,
          MAX_IRQ_BUDGET_PER_FRAME,
          'interrupt budget per major frame',
        );
      }
    }
    if (checkInteger(sink, `${path}.virq`, assignment.virq, 0, VIRQ_COUNT - 1, 'virtual interrupt')) {
      const reserved = RESERVED_VIRQS.get(assignment.virq);
      if (reserved !== undefined || assignment.virq < VIRQ_FIRST_DEVICE) {
        sink.add(
          `${path}.virq`,
          `virq ${assignment.virq} is reserved for ${reserved ?? 'hypervisor-generated interrupts'}; ` +
            `device interrupts use ${VIRQ_FIRST_DEVICE}..${VIRQ_COUNT - 1}`,
        );
      } else if (virqOwners.has(assignment.virq)) {
        sink.add(
          `${path}.virq`,
          `virq ${assignment.virq} is already used by ${virqOwners.get(assignment.virq)} in VM '${vm.name}'`,
        );
      } else {
        virqOwners.set(assignment.virq, `${path} ('${String(assignment.device)}')`);
      }
    }
  });
}

function checkCapabilities(sink: ErrorSink, vm: VmDescription, vmPath: string): void {
  const capabilities = arrayAt(sink, `${vmPath}.capabilities`, vm.capabilities);
  capabilities.forEach((capability, index) => {
    const path = `${vmPath}.capabilities[${index}]`;
    if (!CAPABILITIES.includes(capability)) {
      sink.add(path, `unknown capability ${show(capability)} (use ${CAPABILITIES.join(', ')})`);
    } else if (capabilities.indexOf(capability) !== index) {
      sink.add(path, `capability '${capability}' is listed twice`);
    }
  });
}

function checkHealth(sink: ErrorSink, vm: VmDescription, vmPath: string): void {
  const path = `${vmPath}.health`;
  const health = vm.health;
  if (typeof health !== 'object' || health === null) {
    sink.add(path, `health policy must be an object (got ${show(health)})`);
    return;
  }
  if (!HEALTH_ACTIONS.includes(health.defaultAction)) {
    sink.add(
      `${path}.defaultAction`,
      `unknown health action ${show(health.defaultAction)} (use ${HEALTH_ACTIONS.join(', ')})`,
    );
  }
  for (const [event, action] of Object.entries(health.actions ?? {})) {
    const fixed = FIXED_ACTION_EVENTS.get(event);
    if (fixed !== undefined) {
      sink.add(
        `${path}.actions.${event}`,
        `health event '${event}' has a fixed action (${fixed}) and cannot be configured`,
      );
    } else if (!HEALTH_EVENTS.includes(event as HealthEvent)) {
      sink.add(
        `${path}.actions.${event}`,
        `unknown health event '${event}' (use ${HEALTH_EVENTS.join(', ')})`,
      );
    } else if (!HEALTH_ACTIONS.includes(action)) {
      sink.add(
        `${path}.actions.${event}`,
        `unknown health action ${show(action)} (use ${HEALTH_ACTIONS.join(', ')})`,
      );
    }
  }
  checkInteger(sink, `${path}.restartLimit`, health.restartLimit, 0, MAX_RESTART_LIMIT, 'restart limit');
  checkInteger(
    sink,
    `${path}.watchdogTicks`,
    health.watchdogTicks,
    0,
    0xffff_ffff,
    'watchdog period (ticks)',
  );
  if (health.restartRate !== undefined) {
    if (typeof health.restartRate !== 'object' || health.restartRate === null) {
      sink.add(
        `${path}.restartRate`,
        `restart rate must be { restarts, ticks } (got ${show(health.restartRate)})`,
      );
    } else {
      checkInteger(
        sink,
        `${path}.restartRate.restarts`,
        health.restartRate.restarts,
        0,
        MAX_RESTART_LIMIT,
        'restarts per window',
      );
      checkInteger(
        sink,
        `${path}.restartRate.ticks`,
        health.restartRate.ticks,
        1,
        0xffff_ffff,
        'restart rate window (ticks)',
      );
    }
  }
}

function checkCanFilters(sink: ErrorSink, filters: readonly CanFilter[], path: string, what: string): void {
  if (filters.length > MAX_CAN_FILTERS)
    sink.add(path, `${filters.length} ${what} filters; at most ${MAX_CAN_FILTERS} are allowed`);
  filters.forEach((filter, index) => {
    const filterPath = `${path}[${index}]`;
    if (typeof filter.extended !== 'boolean') {
      sink.add(
        `${filterPath}.extended`,
        `must be true (29-bit identifiers) or false (11-bit) (got ${show(filter.extended)})`,
      );
      return;
    }
    const max = filter.extended ? CAN_EXTENDED_ID_MAX : CAN_STANDARD_ID_MAX;
    const kind = filter.extended ? '29-bit' : '11-bit';
    for (const field of ['match', 'mask'] as const) {
      const value = filter[field];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        sink.add(`${filterPath}.${field}`, `${field} must be a non-negative integer (got ${show(value)})`);
      } else if (value > max) {
        sink.add(
          `${filterPath}.${field}`,
          `${field} 0x${value.toString(16).toUpperCase()} exceeds the ${kind} identifier range (max 0x${max.toString(16).toUpperCase()})`,
        );
      }
    }
  });
}

function checkCan(sink: ErrorSink, vm: VmDescription, vmPath: string, desc: SystemDescription): void {
  const tx = arrayAt(sink, `${vmPath}.canTx`, vm.canTx);
  const rx = arrayAt(sink, `${vmPath}.canRx`, vm.canRx);
  checkCanFilters(sink, tx, `${vmPath}.canTx`, 'transmit');
  checkCanFilters(sink, rx, `${vmPath}.canRx`, 'receive');
  if (desc.vcanUart === -1) {
    if (tx.length > 0)
      sink.add(
        `${vmPath}.canTx`,
        `VM '${vm.name}' has CAN filters but the system has no virtual CAN bus (vcanUart -1)`,
      );
    if (rx.length > 0)
      sink.add(
        `${vmPath}.canRx`,
        `VM '${vm.name}' has CAN filters but the system has no virtual CAN bus (vcanUart -1)`,
      );
  }
  const depthPath = `${vmPath}.canRxDepth`;
  if (rx.length === 0) {
    if (vm.canRxDepth !== 0)
      sink.add(
        depthPath,
        `receive depth ${show(vm.canRxDepth)} without receive filters; use 0 (no receive queue)`,
      );
  } else {
    checkInteger(
      sink,
      depthPath,
      vm.canRxDepth,
      MIN_CAN_RX_DEPTH,
      MAX_CAN_RX_DEPTH,
      'virtual-CAN receive depth (frames)',
    );
  }
}

/** Plans the VM's MPU regions (the one time a build plans them), reporting the planner's errors. */
function checkRegions(
  sink: ErrorSink,
  vm: VmDescription,
  vmPath: string,
  board: BoardDescription,
): MpuRegionValue[] {
  if (!Array.isArray(vm.memory) || !Array.isArray(vm.devices)) return [];
  const plan = planVmRegions(vm, board, vmPath);
  for (const error of plan.errors) sink.add(error.path, error.message);
  return plan.regions;
}

/** What the checks of one VM share with those of the others. */
interface ValidationContext {
  placed: PlacedArea[];
  claims: DeviceClaim[];
  roles: Map<number, string>;
  /** MPU regions planned per VM index. */
  plans: MpuRegionValue[][];
}

function checkVm(
  sink: ErrorSink,
  vm: VmDescription,
  vmIndex: number,
  desc: SystemDescription,
  board: BoardDescription,
  context: ValidationContext,
): void {
  const vmPath = `vms[${vmIndex}]`;
  checkName(sink, `${vmPath}.name`, vm.name, 'VM');
  if (
    typeof vm.image !== 'string' ||
    vm.image.length === 0 ||
    vm.image.startsWith('/') ||
    vm.image.split('/').includes('..')
  ) {
    sink.add(
      `${vmPath}.image`,
      `guest image must be a folder below guests/ such as 'control' (got ${show(vm.image)})`,
    );
  }
  checkMemoryAreas(sink, vm, vmPath, vmIndex, board, context.placed);
  context.plans[vmIndex] = checkRegions(sink, vm, vmPath, board);
  checkEntryAndStack(sink, vm, vmPath);
  checkDevices(sink, vm, vmPath, board, context.roles, context.claims);
  checkCapabilities(sink, vm, vmPath);
  checkHealth(sink, vm, vmPath);
  checkCan(sink, vm, vmPath, desc);
  if (typeof vm.usesFpu !== 'boolean')
    sink.add(`${vmPath}.usesFpu`, `must be true or false (got ${show(vm.usesFpu)})`);
}

// ---------------------------------------------------------------------------------------------------
// Plans

function checkPlans(sink: ErrorSink, desc: SystemDescription, vmNames: readonly string[]): void {
  const plans = arrayAt(sink, 'plans', desc.plans);
  if (plans.length === 0)
    sink.add('plans', 'the system needs at least one schedule plan (the first runs at boot)');
  if (plans.length > MAX_PLANS) sink.add('plans', `${plans.length} plans; at most ${MAX_PLANS} are allowed`);
  plans.forEach((plan, planIndex) => {
    const planPath = `plans[${planIndex}]`;
    checkName(sink, `${planPath}.name`, plan.name, 'plan');
    const frameOk = checkInteger(
      sink,
      `${planPath}.majorFrame`,
      plan.majorFrame,
      1,
      0xffff_ffff,
      'major frame (ticks)',
    );
    const slots = arrayAt(sink, `${planPath}.slots`, plan.slots);
    if (slots.length === 0) sink.add(`${planPath}.slots`, `plan '${plan.name}' has no slots`);
    let previous: { index: number; start: number; end: number; vm: string } | null = null;
    /** Windows the core needs for this plan: slots plus the idle gaps between and around them. */
    let windows = 0;
    for (let slotIndex = 0; slotIndex < slots.length; slotIndex++) {
      const slot = slots[slotIndex];
      const slotPath = `${planPath}.slots[${slotIndex}]`;
      if (!vmNames.includes(slot.vm)) {
        sink.add(`${slotPath}.vm`, `unknown VM ${show(slot.vm)} (VMs: ${vmNames.join(', ')})`);
      }
      const startOk = checkInteger(
        sink,
        `${slotPath}.start`,
        slot.start,
        0,
        0xffff_ffff,
        'slot start (ticks)',
      );
      const durationOk = checkInteger(
        sink,
        `${slotPath}.duration`,
        slot.duration,
        1,
        0xffff_ffff,
        'slot duration (ticks)',
      );
      if (!startOk || !durationOk) continue;
      const end = slot.start + slot.duration;
      const previousEnd = previous === null ? 0 : previous.end;
      if (previous !== null) {
        const previousPath = `${planPath}.slots[${previous.index}]`;
        if (slot.start < previous.start) {
          sink.add(
            `${slotPath}.start`,
            `slot starts at tick ${slot.start}, before the previous slot ${previousPath} (start ${previous.start}); sort slots by start`,
          );
        } else if (slot.start < previous.end) {
          sink.add(
            `${slotPath}.start`,
            `ticks ${slot.start}..${end - 1} overlap ${previousPath} (VM '${previous.vm}', ticks ${previous.start}..${previous.end - 1})`,
          );
        }
      }
      if (frameOk && end > plan.majorFrame) {
        sink.add(
          `${slotPath}.duration`,
          `slot ends at tick ${end}, past the major frame of ${plan.majorFrame} ticks`,
        );
      }
      windows += slot.start > previousEnd ? 2 : 1;
      previous = { index: slotIndex, start: slot.start, end, vm: String(slot.vm) };
    }
    if (previous !== null && frameOk && previous.end < plan.majorFrame) windows += 1;
    if (windows > MAX_WINDOWS_PER_PLAN) {
      sink.add(
        `${planPath}.slots`,
        `plan '${plan.name}' needs ${windows} windows (slots and idle gaps); at most ${MAX_WINDOWS_PER_PLAN} are allowed`,
      );
    }
  });
  checkUnique(
    sink,
    plans.map((p) => p.name),
    (i) => `plans[${i}].name`,
    'plan',
  );
  const boot = plans[0];
  if (boot !== undefined && isList(boot.slots)) {
    for (const name of vmNames) {
      if (!boot.slots.some((s) => s.vm === name)) {
        sink.add('plans[0].slots', `VM '${name}' has no slot in the boot plan '${boot.name}'`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Ports

/** Bytes of the hypervisor port pool a (valid) port occupies, per `firmware/core/port-layout.ts`. */
export function portBufferBytes(port: PortDescription): number {
  const runtimeKind = port.kind === 'sampling' ? RuntimePortKind.Sampling : RuntimePortKind.Queuing;
  return portPoolBytes(runtimeKind, port.maxMessageSize, port.depth, Math.max(1, port.destinations.length));
}

function checkPorts(sink: ErrorSink, desc: SystemDescription, vmNames: readonly string[]): void {
  const ports = arrayAt(sink, 'ports', desc.ports);
  if (ports.length > MAX_PORTS) sink.add('ports', `${ports.length} ports; at most ${MAX_PORTS} are allowed`);
  let poolBytes = 0;
  const usage: string[] = [];
  ports.forEach((port, index) => {
    const path = `ports[${index}]`;
    checkName(sink, `${path}.name`, port.name, 'port');
    const kindOk = PORT_KINDS.includes(port.kind);
    if (!kindOk)
      sink.add(`${path}.kind`, `unknown port kind ${show(port.kind)} (use ${PORT_KINDS.join(' or ')})`);
    if (!vmNames.includes(port.source))
      sink.add(`${path}.source`, `unknown source VM ${show(port.source)} (VMs: ${vmNames.join(', ')})`);
    const destinations = arrayAt(sink, `${path}.destinations`, port.destinations);
    if (destinations.length === 0)
      sink.add(`${path}.destinations`, `port '${port.name}' has no destination VM`);
    destinations.forEach((destination, d) => {
      const destinationPath = `${path}.destinations[${d}]`;
      if (!vmNames.includes(destination)) {
        sink.add(destinationPath, `unknown destination VM ${show(destination)} (VMs: ${vmNames.join(', ')})`);
      } else if (destination === port.source) {
        sink.add(
          destinationPath,
          `VM '${destination}' is the port's source and cannot also be a destination`,
        );
      } else if (destinations.indexOf(destination) !== d) {
        sink.add(destinationPath, `destination VM '${destination}' is listed twice`);
      }
    });
    const sizeOk = checkInteger(
      sink,
      `${path}.maxMessageSize`,
      port.maxMessageSize,
      MIN_PORT_MESSAGE_SIZE,
      MAX_PORT_MESSAGE_SIZE,
      'message size (bytes)',
    );
    let depthOk = false;
    if (port.kind === 'sampling') {
      depthOk = port.depth === SAMPLING_DEPTH;
      if (!depthOk)
        sink.add(`${path}.depth`, `sampling port depth must be ${SAMPLING_DEPTH} (got ${show(port.depth)})`);
      checkInteger(sink, `${path}.refreshTicks`, port.refreshTicks, 0, 0xffff_ffff, 'refresh period (ticks)');
    } else if (port.kind === 'queuing') {
      depthOk = checkInteger(
        sink,
        `${path}.depth`,
        port.depth,
        MIN_QUEUING_DEPTH,
        MAX_QUEUING_DEPTH,
        'queuing port depth (messages)',
      );
      if (port.refreshTicks !== 0)
        sink.add(
          `${path}.refreshTicks`,
          `refresh period applies to sampling ports only; use 0 (got ${show(port.refreshTicks)})`,
        );
    }
    if (kindOk && sizeOk && depthOk) {
      const bytes = portBufferBytes(port);
      poolBytes += bytes;
      usage.push(`${String(port.name)}: ${bytes}`);
    }
  });
  if (poolBytes > PORT_BUFFER_BUDGET_BYTES) {
    sink.add(
      'ports',
      `port buffers need ${poolBytes} bytes but the hypervisor port pool has ${PORT_BUFFER_BUDGET_BYTES} (${formatSize(PORT_BUFFER_BUDGET_BYTES)}) (${usage.join(', ')})`,
    );
  }
  checkUnique(
    sink,
    ports.map((p) => p.name),
    (i) => `ports[${i}].name`,
    'port',
  );
}

// ---------------------------------------------------------------------------------------------------
// Console routes

/** Console routes. A UART routed here cannot also be passed through (checkDevices reports that). */
function checkConsole(
  sink: ErrorSink,
  desc: SystemDescription,
  board: BoardDescription,
  vmNames: readonly string[],
): void {
  const routes = arrayAt(sink, 'console', desc.console);
  const routed = new Map<string, number>();
  routes.forEach((route, index) => {
    const path = `console[${index}]`;
    if (!vmNames.includes(route.vm)) {
      sink.add(`${path}.vm`, `unknown VM ${show(route.vm)} (VMs: ${vmNames.join(', ')})`);
    } else if (routed.has(route.vm)) {
      sink.add(
        `${path}.vm`,
        `VM '${route.vm}' already has a console route (console[${routed.get(route.vm)}])`,
      );
    } else {
      routed.set(route.vm, index);
    }
    if (!checkInteger(sink, `${path}.uart`, route.uart, 0, board.uartCount - 1, 'console UART')) return;
    if (route.uart === desc.vcanUart) {
      sink.add(`${path}.uart`, `uart${route.uart} carries the virtual CAN bus (vcanUart ${desc.vcanUart})`);
    } else if (route.uart === desc.traceUart) {
      sink.add(`${path}.uart`, `uart${route.uart} carries the trace stream (traceUart ${desc.traceUart})`);
    }
  });
}

// ---------------------------------------------------------------------------------------------------

/** What validating a description yields: every problem in description order and, for each VM, the MPU
 *  regions the planner gave it (complete only when there is no problem). */
export interface ValidationResult {
  errors: ConfigError[];
  mpuPlans: MpuRegionValue[][];
}

/** Every problem of `desc` on `board` (see `ValidationResult`). */
export function checkSystem(desc: SystemDescription, board: BoardDescription): ValidationResult {
  const sink = new ErrorSink();
  if (typeof desc !== 'object' || desc === null) {
    sink.add('(system)', `a system description must be an object (got ${show(desc)})`);
    return { errors: sink.errors, mpuPlans: [] };
  }
  checkSystemFields(sink, desc, board);
  checkUartRoles(sink, desc, board);
  const vms = arrayAt(sink, 'vms', desc.vms);
  if (vms.length === 0) sink.add('vms', 'the system needs at least one VM');
  if (vms.length > MAX_VMS) sink.add('vms', `${vms.length} VMs; at most ${MAX_VMS} are allowed`);
  // Console routes claim their UARTs before devices are checked, so a UART cannot be both.
  const context: ValidationContext = { placed: [], claims: [], roles: uartRoles(desc, board), plans: [] };
  vms.forEach((vm, index) => checkVm(sink, vm, index, desc, board, context));
  checkUnique(
    sink,
    vms.map((vm) => vm.name),
    (i) => `vms[${i}].name`,
    'VM',
  );
  const routedIrqs = context.claims.filter((c) => c.device.irq >= 0).length;
  if (routedIrqs > MAX_IRQ_ROUTES)
    sink.add('vms', `${routedIrqs} device interrupts routed to VMs; at most ${MAX_IRQ_ROUTES} are allowed`);
  const vmNames = vms.map((vm) => vm.name).filter((name): name is string => typeof name === 'string');
  checkPlans(sink, desc, vmNames);
  checkPorts(sink, desc, vmNames);
  checkConsole(sink, desc, board, vmNames);
  return { errors: sink.errors, mpuPlans: context.plans };
}

/** Every problem of `desc` on `board`, in description order; an empty list means the system is valid. */
export function validateSystem(desc: SystemDescription, board: BoardDescription): ConfigError[] {
  return checkSystem(desc, board).errors;
}
