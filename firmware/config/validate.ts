// System description validator: checks a `SystemDescription` against a board before anything is built —
// names, memory areas (RAM bounds, the hypervisor's reserved range, overlaps within and across VMs,
// PMSAv7 geometry and region budget through the MPU planner), entry and stack, devices and interrupts,
// capabilities, health policy, virtual-CAN filters, schedule plans, ports and UART roles. Every problem
// becomes a `ConfigError` naming its config path and the offending value; all of them are collected.
// The rules and their messages are listed in docs/CONFIG.md.
// This file holds the entry points (`checkSystem`, `validateSystem`) and the checks of one VM in order;
// the checks of each job live beside it: validate-system.ts (system fields, UART roles, console routes),
// validate-areas.ts, validate-devices.ts, validate-health.ts, validate-can.ts, validate-plans.ts,
// validate-ports.ts, and validate-sink.ts (the ErrorSink they all report through, shared field checks).
import type { BoardDescription } from './boards.ts';
import type { ConfigError } from './errors.ts';
import { MAX_IRQ_ROUTES, MAX_VMS } from './limits.ts';
import type { MpuPlan } from './mpu-plans.ts';
import type { SystemDescription, VmDescription } from './types.ts';
import { checkEntryAndStack, checkMemoryAreas, checkRegions, type PlacedArea } from './validate-areas.ts';
import { checkCan } from './validate-can.ts';
import { checkDevices, type DeviceClaim } from './validate-devices.ts';
import { checkCapabilities, checkHealth } from './validate-health.ts';
import { checkPlans } from './validate-plans.ts';
import { checkPorts } from './validate-ports.ts';
import { arrayAt, checkName, checkUnique, ErrorSink, show } from './validate-sink.ts';
import {
  checkConsole,
  checkSystemFields,
  checkTraceFilter,
  checkUartRoles,
  uartRoles,
} from './validate-system.ts';

export type { ConfigError } from './errors.ts';
export { formatConfigErrors } from './errors.ts';
export {
  DEFAULT_IRQ_BUDGET_PER_FRAME,
  MAX_IRQ_BUDGET_PER_FRAME,
  MIN_IRQ_BUDGET_PER_FRAME,
} from './validate-devices.ts';
export { CAPABILITIES, FIXED_ACTION_EVENTS, HEALTH_ACTIONS, HEALTH_EVENTS } from './validate-health.ts';
export { PORT_KINDS, portBufferBytes } from './validate-ports.ts';
export { MAX_INVARIANTS_REPORT_TICKS } from './validate-system.ts';

/** What the checks of one VM share with those of the others. */
interface ValidationContext {
  placed: PlacedArea[];
  claims: DeviceClaim[];
  roles: Map<number, string>;
  /** MPU regions planned per VM index. */
  plans: MpuPlan[];
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

/** What validating a description yields: every problem in description order and, for each VM, the MPU
 *  regions the planner gave it (complete only when there is no problem). */
export interface ValidationResult {
  errors: ConfigError[];
  mpuPlans: MpuPlan[];
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
  checkTraceFilter(sink, desc);
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
