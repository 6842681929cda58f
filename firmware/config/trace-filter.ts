// Job: the trace filter of a system description (`trace: { vms, kinds, omitHypercalls }`): the names of
// the filterable trace event kinds and the three masks the firmware tables carry
// (`SystemTables.traceKindMask`, `traceVmMask`, `traceHypercallMask`; applied in firmware/core/trace.ts
// before a record is written). Plain host TypeScript, shared by the validator, the table derivation and
// the host-side trace tools.
import { HYPERCALLS } from '../abi/hypercalls.ts';
import type { SystemDescription } from './types.ts';

/** Filterable event kinds by `TraceKind` number (firmware/core/trace.ts), with the stream's letter.
 *  `Lost` records (X) are never filtered: a gap must stay visible. */
export const TRACE_KIND_NAMES = [
  'slot',
  'hypercall',
  'irq',
  'fault',
  'health-action',
  'port',
  'plan-switch',
  'upcall',
  'vm-state',
] as const;

export type TraceKindName = (typeof TRACE_KIND_NAMES)[number];

/** `TraceKind.Lost`: always recorded. */
const LOST_KIND = 9;

export interface TraceFilterMasks {
  kindMask: number;
  vmMask: number;
  hypercallMask: number;
}

/** The masks of `desc.trace` (names already validated): absent lists select everything. */
export function traceFilterMasks(desc: Pick<SystemDescription, 'trace' | 'vms'>): TraceFilterMasks {
  const filter = desc.trace ?? {};
  let kindMask = 1 << LOST_KIND;
  TRACE_KIND_NAMES.forEach((name, kind) => {
    if (filter.kinds === undefined || filter.kinds.includes(name)) kindMask |= 1 << kind;
  });
  let vmMask = 0;
  desc.vms.forEach((vm, index) => {
    if (filter.vms === undefined || filter.vms.includes(vm.name)) vmMask |= 1 << index;
  });
  // Numbers no hypercall has (a guest's bad call) stay selected.
  let hypercallMask = 0xffffffff;
  for (const call of HYPERCALLS) {
    if (call.number < 32 && (filter.omitHypercalls ?? []).includes(call.name))
      hypercallMask &= ~(1 << call.number);
  }
  return { kindMask: kindMask >>> 0, vmMask: vmMask >>> 0, hypercallMask: hypercallMask >>> 0 };
}

/** Problems of a `trace` field (path, message), naming each unknown VM, kind or hypercall. */
export function traceFilterErrors(
  trace: unknown,
  vmNames: readonly string[],
): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  if (trace === undefined) return errors;
  if (typeof trace !== 'object' || trace === null || Array.isArray(trace)) {
    return [{ path: 'trace', message: `trace must be an object { vms?, kinds?, omitHypercalls? }` }];
  }
  const known: Record<string, readonly string[]> = {
    vms: vmNames,
    kinds: TRACE_KIND_NAMES,
    omitHypercalls: HYPERCALLS.map((call) => call.name),
  };
  const what: Record<string, string> = {
    vms: 'a VM of this system',
    kinds: 'a trace event kind',
    omitHypercalls: 'a hypercall of the ABI',
  };
  for (const [field, value] of Object.entries(trace as Record<string, unknown>)) {
    const names = known[field];
    // An unknown field is the description-wide field check's to report (validate-system.ts).
    if (names === undefined) continue;
    if (!Array.isArray(value)) {
      errors.push({ path: `trace.${field}`, message: `trace.${field} must be a list of names` });
      continue;
    }
    value.forEach((name: unknown, index) => {
      if (typeof name !== 'string' || !names.includes(name)) {
        errors.push({
          path: `trace.${field}[${index}]`,
          message: `${typeof name === 'string' ? `'${name}'` : JSON.stringify(name)} is not ${what[field]} (${names.join(', ')})`,
        });
      }
    });
  }
  return errors;
}
