// The ABI's enums other than the hypercall numbers, described once beside the per-call rows of
// firmware/abi/hypercalls.ts (which re-exports them): the result codes returned in r0 with their
// meanings, the pages `VmStatus` returns, the VM states it reports, and the result codes whose
// `bad-hypercall` event carries the offending pointer. Generated into the same outputs as the rows.
import type { AbiEnumMember, AbiResultCode } from './abi-types.ts';

/** Result codes in r0. */
export const RESULT_CODES: readonly AbiResultCode[] = [
  { name: 'Ok', value: 0, meaning: 'done' },
  { name: 'UnknownCall', value: 1, meaning: 'the number is not assigned', violation: true },
  {
    name: 'BadAddress',
    value: 2,
    meaning:
      "a buffer is not entirely inside one of the caller's memory areas with the needed access (read for inputs, write for outputs, execute for handlers)",
    violation: true,
  },
  {
    name: 'BadLength',
    value: 3,
    meaning:
      "a length wraps around the 32-bit address space or exceeds the call's limit (console 256 bytes, port maximum message size)",
    violation: true,
  },
  {
    name: 'Misaligned',
    value: 4,
    meaning:
      'an address is not aligned as the call requires (fault-log buffer and CAN frame record: 4 bytes; ARM handler: 4 bytes)',
    violation: true,
  },
  { name: 'BadPort', value: 5, meaning: 'port index out of range, or the port has the other kind' },
  {
    name: 'NotPermitted',
    value: 6,
    meaning:
      "the caller is not the port's source (write/send) or not one of its destinations (read/receive); a CAN identifier outside the caller's transmit filter",
  },
  {
    name: 'NoCapability',
    value: 7,
    meaning: 'the caller lacks the capability the call needs',
    violation: true,
  },
  {
    name: 'Empty',
    value: 8,
    meaning: 'queuing or CAN receive on an empty queue; fault-log read past the end',
  },
  {
    name: 'Full',
    value: 9,
    meaning: 'queuing send found at least one destination queue full (counted as overflow)',
  },
  {
    name: 'TooSmall',
    value: 10,
    meaning:
      'receive buffer smaller than the message (queuing, sampling; the message stays queued); fault-log buffer under 24 bytes',
  },
  { name: 'NoMessage', value: 11, meaning: 'sampling read before any write' },
  { name: 'BadVm', value: 12, meaning: 'VM index out of range' },
  { name: 'BadPlan', value: 13, meaning: 'plan index out of range' },
  { name: 'BadVirq', value: 14, meaning: 'virtual interrupt number above 31' },
  { name: 'NotInUpcall', value: 15, meaning: '`VirqReturn` outside an upcall' },
  {
    name: 'BadArgument',
    value: 16,
    meaning:
      'another argument out of range (restart mode above 1, `VmStatus` page above 2, CAN identifier, DLC or flags)',
  },
  {
    name: 'ImageCorrupt',
    value: 17,
    meaning:
      "reserved: no call returns it since cold restarts are done in the target's own slots (a refused image shows as the target halted, `VmStatus`)",
  },
  { name: 'Busy', value: 18, meaning: '`CanSend`: the bus UART has no room for the frame now; nothing sent' },
  {
    name: 'RateLimited',
    value: 19,
    meaning:
      "`VmRestart`: the target's restart rate is reached (`restart-rate` event against the caller); nothing restarted",
  },
];

/** What `VmStatus` returns, chosen by r1 (0 before the counters page existed, so older callers get the
 *  first page). r1 holds the VM state on every page. */
export const VM_STATUS_PAGES: readonly AbiEnumMember[] = [
  { name: 'Status', value: 0, doc: 'r1 state, r2 restarts made by the health monitor, r3 ticks run.' },
  {
    name: 'Counters',
    value: 1,
    doc: 'r1 state, r2 starts since boot (first start included), r3 health events raised against the VM.',
  },
  {
    name: 'Losses',
    value: 2,
    doc: 'r1 state, r2 fault-log entries of the VM overwritten by its newer ones (its share is full), r3 trace records of the VM dropped (its share of the trace ring was full).',
  },
];

/** The state of a VM, as `VmStatus` reports it in r1 (`firmware/core/partition.ts` keeps it). */
export const VM_STATES: readonly AbiEnumMember[] = [
  {
    name: 'Halted',
    value: 0,
    doc: 'Stopped for good (policy or request); never scheduled again unless restarted by request.',
  },
  { name: 'Ready', value: 1, doc: 'May run when one of its slots is current.' },
  { name: 'Running', value: 2, doc: 'On the CPU now.' },
  {
    name: 'Waiting',
    value: 3,
    doc: 'Blocked: until its next slot (`WaitReason.NextSlot`) or an enabled virtual interrupt (`WaitReason.Event`).',
  },
  {
    name: 'Suspended',
    value: 4,
    doc: 'Stopped by the health monitor; a restart request resumes it from its entry.',
  },
  {
    name: 'Restarting',
    value: 5,
    doc: 'Cold restart in progress: its image is checked and copied back step by step in its own slots (`restart.ts`); it becomes Ready when done, or Halted when the pristine copy fails its check.',
  },
];

/** Result codes whose `bad-hypercall` event carries the offending pointer (0 for the others). */
export const ADDRESS_RESULTS: readonly string[] = ['BadAddress', 'BadLength', 'Misaligned'];
