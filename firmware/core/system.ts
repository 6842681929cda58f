// The system tables the core runs on, as the port layer provides them (const data linked into the
// image; in Node, the simulation's tables), with the accessors every other module uses.
import { checkIndex, u32 } from '../../transpiler/runtime/index.ts';
import { VmIndex } from './domain.ts';
import { SystemTables, VmEntry } from './tables.ts';
import { portSystemTables } from '../port/image-tables.ts';

/** The system tables. */
export function systemTables(): SystemTables {
  return portSystemTables();
}

/** Number of VMs in the system. */
export function vmCount(): u32 {
  return portSystemTables().vms.length;
}

/** True when `vm` names a VM of the system. */
export function isVm(vm: VmIndex): boolean {
  return vm < portSystemTables().vms.length;
}

/** The table entry of VM `vm` (which must be valid). */
export function vmEntry(vm: VmIndex): VmEntry {
  const tables = portSystemTables();
  return tables.vms[checkIndex(vm, tables.vms.length)];
}
