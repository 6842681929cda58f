// The hypercall ABI, described once: one row per call with its number, name, argument and value
// registers, the result codes it may return, the capability it needs, how it is traced and which core
// function handles it; and the ABI version. The result codes, `VmStatus` pages and VM states with their
// meanings are in abi-enums.ts, the shape of a row in abi-types.ts; both are re-exported here.
// Plain host TypeScript (never transpiled). Everything else that states the ABI is generated from it
// by the generators in cli/build/generate/ (`npm run generate`, abi-files.ts): the core's enums
// (firmware/core/hypercall-numbers.ts) and dispatch (firmware/core/hypercall-dispatch.ts), the guest C
// header with the SVC wrappers (abi-header.ts, at every guest build), the TypeScript guest SDK and its C
// bodies (guests/sdk/ts/bulkhead.ts, guests/sdk/src/ts_bindings.c) and the tables of docs/HYPERCALLS.md.
// tests/firmware/abi/agreement.test.ts proves they all agree with this file.

import type { AbiRegister, HypercallSpec } from './abi-types.ts';

export type {
  AbiEnumMember,
  AbiRegister,
  AbiResultCode,
  AbiType,
  HypercallSpec,
  TsBinding,
} from './abi-types.ts';
export { ADDRESS_RESULTS, RESULT_CODES, VM_STATES, VM_STATUS_PAGES } from './abi-enums.ts';

/** ABI version returned by `Version` (major << 16 | minor). */
export const ABI_VERSION = 0x00010000;

const CORE_HYPERCALLS = './hypercalls.ts';
const CORE_PORTS = './ports.ts';
const CORE_CONSOLE = './console.ts';
const CORE_VCAN = './vcan/vcan-calls.ts';

const PORT_ADDRESS = ['BadAddress', 'BadLength'];

/** Every hypercall, by number. */
export const HYPERCALLS: readonly HypercallSpec[] = [
  {
    number: 0,
    name: 'Version',
    summary: 'ABI version, own VM index, VM count.',
    args: [],
    values: [
      { name: 'abiVersion', type: 'u32', doc: 'ABI version' },
      { name: 'vm', type: 'vm', doc: "caller's VM index" },
      { name: 'vmCount', type: 'u32', doc: 'number of VMs' },
    ],
    results: ['Ok'],
    capability: '–',
    trace: 'hypercall',
    hot: true,
    handler: { module: CORE_HYPERCALLS, name: 'hcVersion', context: true },
    bindings: [
      { kind: 'registers', fn: 'bhVersion', doc: 'Version: values = [ABI version, own VM index, VM count].' },
    ],
  },
  {
    number: 1,
    name: 'Yield',
    summary: "Gives up the rest of the current slot; returns at the start of the VM's next slot.",
    args: [],
    values: [],
    valuesDoc: "– (returns when the VM's next slot starts)",
    results: ['Ok'],
    capability: '–',
    trace: 'hypercall',
    hot: true,
    handler: { module: CORE_HYPERCALLS, name: 'hcYield', context: false },
    bindings: [
      {
        kind: 'sdk',
        fn: 'bhYield',
        doc: 'Yield: gives up the rest of the slot.',
        params: [],
        c: 'bh_yield()',
        sim: 'sim.call(Hypercall.Yield, 0, 0, 0, 0, null)',
      },
    ],
  },
  {
    number: 2,
    name: 'WaitEvent',
    summary: 'Blocks until an enabled virtual interrupt is pending.',
    args: [],
    values: [{ name: 'active', type: 'u32', doc: 'mask of pending enabled virtual interrupts' }],
    results: ['Ok'],
    capability: '–',
    trace: 'hypercall',
    handler: { module: CORE_HYPERCALLS, name: 'hcWaitEvent', context: true },
    bindings: [
      {
        kind: 'registers',
        fn: 'bhWaitEvent',
        doc: 'WaitEvent: values = [pending enabled virtual interrupts].',
      },
    ],
  },
  {
    number: 3,
    name: 'GetTime',
    summary: 'Tick counter, tick length and position in the major frame.',
    args: [],
    values: [
      { name: 'ticks', type: 'ticks', doc: 'ticks since boot' },
      { name: 'tickMicroseconds', type: 'u32', doc: 'tick period in µs' },
      { name: 'framePosition', type: 'ticks', doc: 'position in the major frame (ticks)' },
    ],
    results: ['Ok'],
    capability: '–',
    trace: 'hypercall',
    handler: { module: CORE_HYPERCALLS, name: 'hcGetTime', context: true },
    bindings: [
      {
        kind: 'sdk',
        fn: 'bhTicks',
        doc: 'Hypervisor ticks since boot (GetTime r1).',
        params: [],
        c: 'bh_ticks()',
        sim: 'sim.ticks()',
      },
    ],
  },
  {
    number: 4,
    name: 'ConsoleWrite',
    summary: "Writes bytes to the VM's console; r1 says how many the console took.",
    args: [
      { name: 'buffer', type: 'address', doc: 'buffer' },
      { name: 'length', type: 'u32', doc: 'length (≤ 256)' },
    ],
    values: [{ name: 'written', type: 'u32', doc: 'bytes taken' }],
    results: ['Ok', 'BadAddress', 'BadLength'],
    capability: '–',
    trace: 'hypercall',
    handler: { module: CORE_CONSOLE, name: 'consoleWrite', context: true },
    bindings: [
      {
        kind: 'sdk',
        fn: 'bhConsoleWrite',
        doc: 'ConsoleWrite of a string constant.',
        params: [{ name: 'text', ts: 'cstr' }],
        c: 'bh_puts(text)',
        sim: "sim.callWithInput(Hypercall.ConsoleWrite, null, Buffer.from(text, 'latin1'), text.length)",
      },
      {
        kind: 'sdk',
        fn: 'bhConsoleWriteBytes',
        doc: 'ConsoleWrite of the first `length` bytes of `bytes`.',
        params: [
          { name: 'bytes', ts: 'Uint8Array' },
          { name: 'length', ts: 'u32' },
        ],
        c: '(length > bytes_len) ? BH_BAD_LENGTH : bh_console_write((const char *)bytes, length)',
        sim: 'sim.callWithInput(Hypercall.ConsoleWrite, null, bytes, length)',
      },
    ],
  },
  {
    number: 5,
    name: 'SamplingWrite',
    summary: "The VM (the port's source) replaces the port's message.",
    args: [
      { name: 'port', type: 'port', doc: 'port' },
      { name: 'buffer', type: 'address', doc: 'buffer' },
      { name: 'length', type: 'u32', doc: 'length (≤ port max)' },
    ],
    values: [],
    results: ['Ok', 'BadPort', 'NotPermitted', ...PORT_ADDRESS],
    capability: 'source of the port',
    trace: 'hypercall',
    handler: { module: CORE_PORTS, name: 'samplingWrite', context: false },
    bindings: [
      {
        kind: 'input',
        fn: 'bhSamplingWrite',
        doc: 'SamplingWrite of the first `length` bytes of `message`.',
        data: 'message',
      },
    ],
  },
  {
    number: 6,
    name: 'SamplingRead',
    summary: 'Copies the latest message of a sampling port into a buffer.',
    args: [
      { name: 'port', type: 'port', doc: 'port' },
      { name: 'buffer', type: 'address', doc: 'buffer' },
      { name: 'capacity', type: 'u32', doc: 'capacity' },
    ],
    values: [
      { name: 'length', type: 'u32', doc: 'length' },
      { name: 'ageTicks', type: 'ticks', doc: 'age in ticks' },
      { name: 'valid', type: 'u32', doc: 'valid (1/0)' },
    ],
    results: ['Ok', 'BadPort', 'NotPermitted', ...PORT_ADDRESS, 'NoMessage', 'TooSmall'],
    capability: 'destination of the port',
    trace: 'hypercall',
    handler: { module: CORE_PORTS, name: 'samplingRead', context: true },
    bindings: [
      {
        kind: 'output',
        fn: 'bhSamplingRead',
        doc: 'SamplingRead into `buffer` (its whole length is the capacity): values = [length, age, valid].',
        data: 'buffer',
      },
    ],
  },
  {
    number: 7,
    name: 'QueuingSend',
    summary: "Appends a message to every destination's queue.",
    args: [
      { name: 'port', type: 'port', doc: 'port' },
      { name: 'buffer', type: 'address', doc: 'buffer' },
      { name: 'length', type: 'u32', doc: 'length (≤ port max)' },
    ],
    values: [],
    results: ['Ok', 'BadPort', 'NotPermitted', ...PORT_ADDRESS, 'Full'],
    capability: 'source of the port',
    trace: 'port-record-on-ok',
    handler: { module: CORE_PORTS, name: 'queuingSend', context: false },
    bindings: [
      {
        kind: 'input',
        fn: 'bhQueuingSend',
        doc: 'QueuingSend of the first `length` bytes of `message`.',
        data: 'message',
      },
    ],
  },
  {
    number: 8,
    name: 'QueuingReceive',
    summary: "Takes the oldest message of the VM's queue into a buffer.",
    args: [
      { name: 'port', type: 'port', doc: 'port' },
      { name: 'buffer', type: 'address', doc: 'buffer' },
      { name: 'capacity', type: 'u32', doc: 'capacity' },
    ],
    values: [
      { name: 'length', type: 'u32', doc: 'length' },
      { name: 'remaining', type: 'u32', doc: 'messages still queued' },
    ],
    results: ['Ok', 'BadPort', 'NotPermitted', ...PORT_ADDRESS, 'Empty', 'TooSmall'],
    capability: 'destination of the port',
    trace: 'port-record-on-ok',
    handler: { module: CORE_PORTS, name: 'queuingReceive', context: true },
    bindings: [
      {
        kind: 'output',
        fn: 'bhQueuingReceive',
        doc: 'QueuingReceive into `buffer` (its whole length is the capacity): values = [length, remaining].',
        data: 'buffer',
      },
    ],
  },
  {
    number: 9,
    name: 'QueuingStatus',
    summary: 'Messages queued and overflows counted (for the source: summed over every destination).',
    args: [{ name: 'port', type: 'port', doc: 'port' }],
    values: [
      { name: 'queued', type: 'u32', doc: 'queued' },
      { name: 'overflows', type: 'u32', doc: 'overflow count' },
    ],
    valuesDoc: 'queued, overflow count (destination: its queue; source: sums)',
    results: ['Ok', 'BadPort', 'NotPermitted'],
    capability: 'source or destination',
    trace: 'hypercall',
    hot: true,
    handler: { module: CORE_PORTS, name: 'queuingStatus', context: true },
    bindings: [
      { kind: 'registers', fn: 'bhQueuingStatus', doc: 'QueuingStatus: values = [queued, overflows].' },
    ],
  },
  {
    number: 10,
    name: 'VirqSetHandler',
    summary: 'Registers the upcall entry for virtual interrupts (0: none).',
    args: [{ name: 'handler', type: 'code', doc: 'handler address (bit 0 = Thumb), 0 = none' }],
    values: [],
    results: ['Ok', 'Misaligned', 'BadAddress', 'BadLength'],
    capability: '–',
    trace: 'hypercall',
    handler: { module: CORE_HYPERCALLS, name: 'hcVirqSetHandler', context: false },
    bindings: [],
  },
  {
    number: 11,
    name: 'VirqEnable',
    summary: 'Enables delivery of a virtual interrupt.',
    args: [{ name: 'virq', type: 'virq', doc: 'virq (0..31)' }],
    values: [],
    results: ['Ok', 'BadVirq'],
    capability: '–',
    trace: 'hypercall',
    handler: { module: CORE_HYPERCALLS, name: 'hcVirqEnable', context: false },
    bindings: [{ kind: 'registers', fn: 'bhVirqEnable', doc: 'VirqEnable.' }],
  },
  {
    number: 12,
    name: 'VirqDisable',
    summary: 'Disables delivery of a virtual interrupt.',
    args: [{ name: 'virq', type: 'virq', doc: 'virq' }],
    values: [],
    results: ['Ok', 'BadVirq'],
    capability: '–',
    trace: 'hypercall',
    handler: { module: CORE_HYPERCALLS, name: 'hcVirqDisable', context: false },
    bindings: [{ kind: 'registers', fn: 'bhVirqDisable', doc: 'VirqDisable.' }],
  },
  {
    number: 13,
    name: 'VirqAck',
    summary: "Re-enables a passed-through device's interrupt line once the guest has serviced the device.",
    args: [{ name: 'virq', type: 'virq', doc: 'virq' }],
    values: [],
    valuesDoc: '– (re-enables a passed-through device interrupt at the GIC)',
    results: ['Ok', 'BadVirq'],
    capability: '–',
    trace: 'hypercall',
    handler: { module: CORE_HYPERCALLS, name: 'hcVirqAck', context: false },
    bindings: [{ kind: 'registers', fn: 'bhVirqAck', doc: 'VirqAck.' }],
  },
  {
    number: 14,
    name: 'VirqReturn',
    summary: 'Ends the current upcall; returns only outside an upcall.',
    args: [],
    values: [],
    valuesDoc: 'none: restores the interrupted context, r0..r3 included',
    results: ['NotInUpcall'],
    capability: '– (must be in an upcall)',
    trace: 'hypercall',
    noReply: 'ok',
    handler: { module: CORE_HYPERCALLS, name: 'hcVirqReturn', context: true },
    bindings: [],
  },
  {
    number: 15,
    name: 'TimerSet',
    summary: "Arms the VM's virtual timer (delay 0 disarms it).",
    args: [
      { name: 'delay', type: 'ticks', doc: 'delay in ticks (0 = disarm)' },
      { name: 'period', type: 'ticks', doc: 'period in ticks (0 = one-shot)' },
    ],
    values: [],
    results: ['Ok'],
    capability: '–',
    trace: 'hypercall',
    handler: { module: CORE_HYPERCALLS, name: 'hcTimerSet', context: false },
    bindings: [
      {
        kind: 'registers',
        fn: 'bhTimerSet',
        doc: 'TimerSet: `delay` ticks, then every `period` ticks (0: once); delay 0 disarms.',
      },
    ],
  },
  {
    number: 16,
    name: 'WatchdogKick',
    summary: "Re-arms the VM's watchdog.",
    args: [],
    values: [{ name: 'periodTicks', type: 'ticks', doc: 'watchdog period in ticks' }],
    results: ['Ok'],
    capability: '–',
    trace: 'hypercall',
    handler: { module: CORE_HYPERCALLS, name: 'hcWatchdogKick', context: true },
    bindings: [
      {
        kind: 'sdk',
        fn: 'bhWatchdogKick',
        doc: 'WatchdogKick.',
        params: [],
        c: 'bh_watchdog_kick(NULL)',
        sim: 'sim.call(Hypercall.WatchdogKick, 0, 0, 0, 0, null)',
      },
    ],
  },
  {
    number: 17,
    name: 'VmStatus',
    summary: 'State and counters of a VM, one page of three.',
    args: [
      { name: 'target', type: 'vm', doc: 'VM index' },
      { name: 'page', type: 'u32', doc: 'page (0, 1 or 2; see notes)' },
    ],
    values: [
      { name: 'state', type: 'u32', doc: 'state' },
      { name: 'pageFirst', type: 'u32', doc: 'first value of the page' },
      { name: 'pageSecond', type: 'u32', doc: 'second value of the page' },
    ],
    valuesDoc:
      'state; page 0: health restarts, ticks run; page 1: starts, faults; page 2: fault-log entries overwritten, trace records dropped',
    results: ['Ok', 'BadVm', 'NoCapability', 'BadArgument'],
    capability: '`vm-status` (not for itself)',
    trace: 'hypercall',
    handler: { module: CORE_HYPERCALLS, name: 'hcVmStatus', context: true },
    bindings: [
      {
        kind: 'registers',
        fn: 'bhVmStatus',
        doc: 'VmStatus page 0: values = [state, health restarts, ticks run].',
        fixed: { page: 0 },
      },
      {
        kind: 'registers',
        fn: 'bhVmCounters',
        doc: 'VmStatus page 1: values = [state, starts since boot (the first included), health events raised].',
        fixed: { page: 1 },
      },
    ],
  },
  {
    number: 18,
    name: 'VmRestart',
    summary: 'Restarts a VM from its entry, warm (0) or cold (1); restarting itself does not return.',
    args: [
      { name: 'target', type: 'vm', doc: 'VM index' },
      { name: 'mode', type: 'u32', doc: '0 = warm, 1 = cold' },
    ],
    values: [],
    valuesDoc: '– (restarting itself does not return; past the rate: `RateLimited`)',
    results: ['Ok', 'BadVm', 'BadArgument', 'NoCapability', 'RateLimited'],
    capability: '`restart-vm` (not for itself)',
    trace: 'hypercall',
    noReply: 'ok-self',
    handler: { module: CORE_HYPERCALLS, name: 'hcVmRestart', context: false },
    bindings: [
      {
        kind: 'registers',
        fn: 'bhVmRestart',
        doc: "VmRestart (`mode` 0 warm, 1 cold); `HvResult.RateLimited` past the target's restart rate.",
      },
    ],
  },
  {
    number: 19,
    name: 'VmHalt',
    summary: 'Stops a VM; halting itself does not return.',
    args: [{ name: 'target', type: 'vm', doc: 'VM index' }],
    values: [],
    valuesDoc: '– (halting itself does not return)',
    results: ['Ok', 'BadVm', 'NoCapability'],
    capability: '`halt-vm` (not for itself)',
    trace: 'hypercall',
    handler: { module: CORE_HYPERCALLS, name: 'hcVmHalt', context: false },
    bindings: [{ kind: 'registers', fn: 'bhVmHalt', doc: 'VmHalt.' }],
  },
  {
    number: 20,
    name: 'PlanSwitch',
    summary: 'Requests a schedule plan at the next major-frame boundary.',
    args: [{ name: 'plan', type: 'plan', doc: 'plan index' }],
    values: [{ name: 'current', type: 'plan', doc: 'current plan' }],
    valuesDoc: 'current plan (the switch happens at the next major-frame boundary)',
    results: ['Ok', 'NoCapability', 'BadPlan'],
    capability: '`switch-plan`',
    trace: 'hypercall',
    handler: { module: CORE_HYPERCALLS, name: 'hcPlanSwitch', context: true },
    bindings: [{ kind: 'registers', fn: 'bhPlanSwitch', doc: 'PlanSwitch: values = [plan running now].' }],
  },
  {
    number: 21,
    name: 'FaultLogRead',
    summary: 'Copies one 24-byte fault-log entry into a word-aligned buffer.',
    args: [
      { name: 'sequence', type: 'u32', doc: 'sequence number' },
      { name: 'buffer', type: 'address', doc: 'buffer (4-byte aligned)' },
      { name: 'capacity', type: 'u32', doc: 'length (≥ 24)' },
    ],
    values: [{ name: 'logged', type: 'u32', doc: 'number of entries ever logged' }],
    valuesOn: ['Ok', 'Empty'],
    results: ['Ok', 'NoCapability', 'Misaligned', 'TooSmall', 'BadAddress', 'BadLength', 'Empty'],
    capability: '`read-fault-log`',
    trace: 'hypercall',
    handler: { module: CORE_HYPERCALLS, name: 'hcFaultLogRead', context: true },
    bindings: [
      {
        kind: 'output',
        fn: 'bhFaultLogRead',
        doc: 'FaultLogRead of entry `sequence` into `entry` (24 bytes or more): values = [faults logged].',
        data: 'entry',
        aligned: 24,
      },
    ],
  },
  {
    number: 22,
    name: 'CanSend',
    summary: 'Sends a frame on the virtual CAN bus.',
    args: [
      { name: 'id', type: 'u32', doc: 'identifier \\| bit 31 extended \\| bit 30 remote' },
      { name: 'dlc', type: 'u32', doc: 'DLC (0..8)' },
      { name: 'dataLow', type: 'u32', doc: 'data bytes 0..3' },
      { name: 'dataHigh', type: 'u32', doc: 'data bytes 4..7' },
    ],
    values: [],
    results: ['Ok', 'BadArgument', 'NotPermitted', 'Busy'],
    capability: "identifier in the VM's `canTx`",
    trace: 'hypercall',
    handler: { module: './vcan/bus.ts', name: 'vcanSend', context: false },
    bindings: [
      {
        kind: 'registers',
        fn: 'bhCanSend',
        doc: 'CanSend: identifier word `id` (identifier | bit 31 extended | bit 30 remote), `dlc` 0..8, data bytes 0..3 in `dataLow` and 4..7 in `dataHigh` (byte 0 in the low byte of `dataLow`).',
      },
    ],
  },
  {
    number: 23,
    name: 'CanReceive',
    summary: 'Takes the oldest frame queued for the VM into a 16-byte frame record.',
    args: [{ name: 'record', type: 'address', doc: 'frame record (16 bytes, 4-byte aligned)' }],
    values: [{ name: 'remaining', type: 'u32', doc: 'frames still queued' }],
    results: ['Ok', 'Misaligned', 'BadAddress', 'BadLength', 'Empty'],
    capability: '–',
    trace: 'hypercall',
    handler: { module: CORE_VCAN, name: 'vcanCallReceive', context: true },
    bindings: [
      {
        kind: 'output',
        fn: 'bhCanReceive',
        doc: 'CanReceive into `record` (16 bytes: identifier word, DLC word, 8 data bytes, little endian): values = [frames still queued].',
        data: 'record',
        aligned: 16,
      },
    ],
  },
  {
    number: 24,
    name: 'CanStatus',
    summary: "The VM's virtual-CAN receive queue and filter counters.",
    args: [],
    values: [
      { name: 'queued', type: 'u32', doc: 'frames queued' },
      { name: 'overflows', type: 'u32', doc: 'receive overflows' },
      { name: 'txRefused', type: 'u32', doc: 'sends refused by the transmit filter' },
    ],
    results: ['Ok'],
    capability: '–',
    trace: 'hypercall',
    handler: { module: CORE_VCAN, name: 'vcanCallStatus', context: true },
    bindings: [
      {
        kind: 'registers',
        fn: 'bhCanStatus',
        doc: 'CanStatus: values = [frames queued, receive overflows, sends refused by the transmit filter].',
      },
    ],
  },
  {
    number: 25,
    name: 'FaultReport',
    summary: 'Reports a fault the VM caught itself (Armv8-R: its own EL1 vectors) to its health policy.',
    args: [
      { name: 'event', type: 'u32', doc: 'event: 0 mpu-violation, 1 undefined-instr., 2 prefetch-abort' },
      { name: 'address', type: 'u32', doc: 'faulting address (fault log)' },
      { name: 'detail', type: 'u32', doc: 'fault status or instruction (fault log)' },
    ],
    values: [],
    valuesDoc:
      '– (the policy restarts, halts or suspends the caller: a synchronous fault is never only logged)',
    results: ['Ok', 'BadArgument'],
    capability: '–',
    trace: 'hypercall',
    noReply: 'ok',
    handler: { module: CORE_HYPERCALLS, name: 'hcFaultReport', context: false },
    bindings: [
      {
        kind: 'registers',
        fn: 'bhFaultReport',
        doc: 'FaultReport of health event `event` (0 mpu-violation, 1 undefined-instruction, 2 prefetch-abort) at `address` with `detail`; returns only with `HvResult.BadArgument`.',
      },
    ],
  },
];

/** The table's hypercall with `name` (throws for an unknown name). */
export function hypercallNamed(name: string): HypercallSpec {
  const spec = HYPERCALLS.find((h) => h.name === name);
  if (spec === undefined) throw new Error(`no hypercall named ${name}`);
  return spec;
}

/** The argument reported with a `bad-hypercall` health event for an address result: the call's buffer
 *  or code address (null when it has none). */
export function pointerArgument(spec: HypercallSpec): AbiRegister | null {
  return spec.args.find((a) => a.type === 'address' || a.type === 'code') ?? null;
}

/** `ConsoleWrite` → `console_write`, `abiVersion` → `abi_version`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
