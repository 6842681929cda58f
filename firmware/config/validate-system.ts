// System-level checks of the validator: the system's own fields (name, board, tick, invariant report,
// idle), the roles it gives to UARTs (virtual CAN, trace, console routes) and the console routes, and
// the one check of field names everywhere in a description: a field no type of types.ts declares (a
// typo such as `irqq`, or a field of another object) is reported at its path as an unknown field.
import type { BoardDescription } from './boards.ts';
import { MAX_TICK_MICROSECONDS, MIN_TICK_MICROSECONDS } from './limits.ts';
import type {
  CanFilter,
  ConsoleRoute,
  DeviceAssignment,
  HealthPolicy,
  MemoryArea,
  PortDescription,
  SchedulePlan,
  Slot,
  SystemDescription,
  TraceFilter,
  VmDescription,
} from './types.ts';
import { traceFilterErrors } from './trace-filter.ts';
import { arrayAt, checkInteger, checkName, type ErrorSink, isList, show } from './validate-sink.ts';

/** Largest `invariantsReportTicks`. */
export const MAX_INVARIANTS_REPORT_TICKS = 0x7fff_ffff;

/** Roles the system gives to UARTs (console routes, virtual CAN, trace), by UART index. */
export function uartRoles(desc: SystemDescription, board: BoardDescription): Map<number, string> {
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

/** The field names of an object type of types.ts; the `Record` over `keyof` makes tsc report a field
 *  added to the type and missing here. */
type FieldsOf<T> = Record<keyof T, true>;

/** An object type of a description: its field names, and the types of the fields holding objects or
 *  lists of objects (checked in turn). */
interface ObjectShape {
  what: string;
  fields: Readonly<Record<string, true>>;
  objects?: Readonly<Record<string, ObjectShape>>;
  lists?: Readonly<Record<string, ObjectShape>>;
}

const restartRateShape: ObjectShape = {
  what: 'a restart rate',
  fields: { restarts: true, ticks: true } satisfies FieldsOf<NonNullable<HealthPolicy['restartRate']>>,
};
const healthShape: ObjectShape = {
  what: 'a health policy',
  fields: {
    actions: true,
    defaultAction: true,
    restartLimit: true,
    watchdogTicks: true,
    restartRate: true,
  } satisfies FieldsOf<HealthPolicy>,
  objects: { restartRate: restartRateShape },
};
const canFilterShape: ObjectShape = {
  what: 'a CAN filter',
  fields: { match: true, mask: true, extended: true } satisfies FieldsOf<CanFilter>,
};
const vmShape: ObjectShape = {
  what: 'a VM',
  fields: {
    name: true,
    image: true,
    entry: true,
    stackTop: true,
    memory: true,
    devices: true,
    capabilities: true,
    health: true,
    canTx: true,
    canRx: true,
    canRxDepth: true,
    usesFpu: true,
  } satisfies FieldsOf<VmDescription>,
  objects: { health: healthShape },
  lists: {
    memory: {
      what: 'a memory area',
      fields: { name: true, base: true, size: true, access: true } satisfies FieldsOf<MemoryArea>,
    },
    devices: {
      what: 'a device assignment',
      fields: { device: true, virq: true, irqBudgetPerFrame: true } satisfies FieldsOf<DeviceAssignment>,
    },
    canTx: canFilterShape,
    canRx: canFilterShape,
  },
};
const planShape: ObjectShape = {
  what: 'a schedule plan',
  fields: { name: true, majorFrame: true, slots: true } satisfies FieldsOf<SchedulePlan>,
  lists: {
    slots: { what: 'a slot', fields: { vm: true, start: true, duration: true } satisfies FieldsOf<Slot> },
  },
};
const portShape: ObjectShape = {
  what: 'a port',
  fields: {
    name: true,
    kind: true,
    source: true,
    destinations: true,
    maxMessageSize: true,
    depth: true,
    refreshTicks: true,
  } satisfies FieldsOf<PortDescription>,
};
/** The fields of `SystemDescription`. */
const systemFields: FieldsOf<SystemDescription> = {
  name: true,
  board: true,
  tickMicroseconds: true,
  vms: true,
  plans: true,
  ports: true,
  console: true,
  vcanUart: true,
  traceUart: true,
  invariantsReportTicks: true,
  idle: true,
  trace: true,
};
export const systemShape: ObjectShape = {
  what: 'a system',
  fields: systemFields,
  objects: {
    trace: {
      what: 'a trace filter',
      fields: { vms: true, kinds: true, omitHypercalls: true } satisfies FieldsOf<TraceFilter>,
    },
  },
  lists: {
    vms: vmShape,
    plans: planShape,
    ports: portShape,
    console: { what: 'a console route', fields: { vm: true, uart: true } satisfies FieldsOf<ConsoleRoute> },
  },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reports every field of `value` (and of the objects it holds) that `shape` does not declare, as
 *  `<path>.<field>: unknown field (...)`. Values of the wrong type are left to the other checks. */
export function checkKnownFields(sink: ErrorSink, path: string, value: unknown, shape: ObjectShape): void {
  if (!isRecord(value)) return;
  const at = (field: string): string => (path === '' ? field : `${path}.${field}`);
  for (const field of Object.keys(value)) {
    if (!Object.hasOwn(shape.fields, field)) {
      sink.add(at(field), `unknown field (${shape.what} has ${Object.keys(shape.fields).join(', ')})`);
    }
  }
  // Inner objects in the order of the type's fields, so errors come in description order.
  for (const field of Object.keys(shape.fields)) {
    const object = shape.objects?.[field];
    if (object !== undefined) checkKnownFields(sink, at(field), value[field], object);
    const item = shape.lists?.[field];
    const list = value[field];
    if (item === undefined || !Array.isArray(list)) continue;
    list.forEach((element: unknown, index) =>
      checkKnownFields(sink, `${at(field)}[${index}]`, element, item),
    );
  }
}

export function checkSystemFields(sink: ErrorSink, desc: SystemDescription, board: BoardDescription): void {
  checkKnownFields(sink, '', desc, systemShape);
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

/** The trace filter names only VMs of the system, trace event kinds and hypercalls of the ABI. */
export function checkTraceFilter(sink: ErrorSink, desc: SystemDescription): void {
  const vmNames = isList(desc.vms) ? desc.vms.map((vm) => vm.name) : [];
  for (const { path, message } of traceFilterErrors(desc.trace, vmNames)) sink.add(path, message);
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

export function checkUartRoles(sink: ErrorSink, desc: SystemDescription, board: BoardDescription): void {
  const vcanOk = checkUartField(sink, 'vcanUart', desc.vcanUart, board, 'virtual CAN');
  const traceOk = checkUartField(sink, 'traceUart', desc.traceUart, board, 'trace');
  if (vcanOk && traceOk && desc.vcanUart >= 0 && desc.vcanUart === desc.traceUart) {
    sink.add(
      'traceUart',
      `trace and virtual CAN cannot share uart${desc.traceUart} (vcanUart ${desc.vcanUart})`,
    );
  }
}

/** Console routes. A UART routed here cannot also be passed through (checkDevices reports that). */
export function checkConsole(
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
