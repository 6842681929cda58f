// System-level checks of the validator: the system's own fields (name, board, tick, invariant report,
// idle), the roles it gives to UARTs (virtual CAN, trace, console routes) and the console routes.
import type { BoardDescription } from './boards.ts';
import { MAX_TICK_MICROSECONDS, MIN_TICK_MICROSECONDS } from './limits.ts';
import type { SystemDescription } from './types.ts';
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

export function checkSystemFields(sink: ErrorSink, desc: SystemDescription, board: BoardDescription): void {
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
