// The system tables the core runs on: set once by `hvInit` and read by every other module. Before
// `hvInit` they describe an empty system (no VMs, one idle plan).
import { checkIndex, u32 } from '../../transpiler/runtime/index.ts';
import { SystemTables, VmEntry } from './tables.ts';

let active: SystemTables = {
  tickMicroseconds: 1000,
  vms: [],
  plans: [{ majorFrame: 1, windows: [{ vm: 0xff, start: 0, duration: 1 }] }],
  ports: [],
  irqRoutes: [],
  hvConsoleUart: 0,
  traceUart: 0xffffffff,
  vcanUart: 0xffffffff,
} as const;

/** Installs the tables (called by `hvInit` only). */
export function setSystemTables(tables: SystemTables): void {
  active = tables;
}

/** The active system tables. */
export function systemTables(): SystemTables {
  return active;
}

/** Number of VMs in the active system. */
export function vmCount(): u32 {
  return active.vms.length;
}

/** True when `vm` names a VM of the active system. */
export function isVm(vm: u32): boolean {
  return vm < active.vms.length;
}

/** The table entry of VM `vm` (which must be valid). */
export function vmEntry(vm: u32): VmEntry {
  return active.vms[checkIndex(vm, active.vms.length)];
}
