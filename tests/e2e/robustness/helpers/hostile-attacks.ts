// Job: the hostile guest's attacks (guests/test/hostile/attack_table.c), in its order, each with the
// outcome the hypervisor must produce: the health event and the exact address it reports (from the
// hostile guest's ELF symbols, its system header's memory map, or a console line for the stack address)
// for faults; the hypercall number, error code and reported pointer for ABI violations (each then a
// `bad-hypercall` event); the results and counters the guest must see for refusals that are ordinary
// outcomes; and the watchdog for the two endless loops.
import { HvResult, Hypercall } from '../../../../firmware/core/hypercall-numbers.ts';
import { HealthEvent } from '../../../../firmware/core/tables.ts';
import { HYPERCALLS } from '../../../../firmware/abi/hypercalls.ts';
import testHostile from '../../../../systems/test-hostile.ts';

/** The first hypercall number the ABI does not assign (BH_HYPERCALL_COUNT in the guest header). */
const FIRST_UNASSIGNED = HYPERCALLS.length;
import { findDevice, getBoard } from '../../../../firmware/config/boards.ts';

/** What an expected address is computed from. */
export interface AddressContext {
  /** Symbols of the hostile guest's ELF (name → address). */
  symbols: ReadonlyMap<string, number>;
  console: string;
}

export type AttackExpectation =
  | {
      kind: 'fault';
      event: HealthEvent;
      address: (context: AddressContext) => number;
      /** Accept any address from `address` up to this many bytes below it (a push's exact word depends
       *  on the compiler). */
      below?: number;
      /** Hypercalls the attack makes to set itself up (they must succeed). */
      setup?: readonly (readonly [number, HvResult])[];
      note?: string;
    }
  | { kind: 'bad-hypercall'; call: number; result: HvResult; address: (context: AddressContext) => number }
  | { kind: 'refused'; calls: readonly (readonly [number, HvResult])[]; console: readonly RegExp[] }
  | { kind: 'watchdog' };

export interface HostileAttack {
  name: string;
  /** What the attack tries, for the reliability record. */
  tries: string;
  expect: AttackExpectation;
}

const hostile = testHostile.vms.find((vm) => vm.name === 'hostile')!;
const area = (name: string) => hostile.memory.find((m) => m.name === name)!;
export const HOSTILE_CODE_BASE = area('code').base;
export const HOSTILE_CODE_SIZE = area('code').size;
export const HOSTILE_DATA_BASE = area('data').base;
const controlVm = testHostile.vms.find((vm) => vm.name === 'control')!;
const CONTROL_CODE = controlVm.memory.find((m) => m.name === 'code')!.base;
const CONTROL_DATA = controlVm.memory.find((m) => m.name === 'data')!.base;
const HYPERVISOR_VECTORS = 0x0;
const HYPERVISOR_WORD = 0x100;
const PROBE_LENGTH = 16;

const at = (address: number) => () => address;
function symbol(name: string): (context: AddressContext) => number {
  return ({ symbols }) => {
    const address = symbols.get(name);
    if (address === undefined) throw new Error(`the hostile guest's ELF has no symbol '${name}'`);
    return address & ~1;
  };
}
function stackCode({ console }: AddressContext): number {
  const m = /^\[hostile\] hostile: stack code at 0x([0-9a-f]{8})$/m.exec(console);
  if (m === null) throw new Error('the exec-stack attack did not print its stack address');
  return parseInt(m[1], 16);
}

const fault = (
  event: HealthEvent,
  address: (c: AddressContext) => number,
  note?: string,
): AttackExpectation =>
  note === undefined ? { kind: 'fault', event, address } : { kind: 'fault', event, address, note };
const data = (address: (c: AddressContext) => number) => fault(HealthEvent.MpuViolation, address);
const undefinedAt = (name: string) => fault(HealthEvent.UndefinedInstruction, symbol(name));
const prefetch = (address: (c: AddressContext) => number) => fault(HealthEvent.PrefetchAbort, address);
const badCall = (
  call: number,
  result: HvResult,
  address: (c: AddressContext) => number = at(0),
): AttackExpectation => ({
  kind: 'bad-hypercall',
  call,
  result,
  address,
});

/** Register base of a device of the hostile system's board (offsets into it follow each device's TRM). */
function deviceBase(name: string): number {
  const device = findDevice(getBoard(testHostile.board), name);
  if (device === undefined) throw new Error(`board '${testHostile.board}' has no device '${name}'`);
  return device.base;
}

export const HOSTILE_ATTACKS: readonly HostileAttack[] = [
  { name: 'read-control-data', tries: 'load from the control VM data', expect: data(at(CONTROL_DATA)) },
  { name: 'write-control-data', tries: 'store into the control VM data', expect: data(at(CONTROL_DATA)) },
  { name: 'read-control-code', tries: 'load from the control VM code', expect: data(at(CONTROL_CODE)) },
  { name: 'read-hypervisor', tries: 'load from hypervisor memory', expect: data(at(HYPERVISOR_WORD)) },
  {
    name: 'write-hypervisor-vectors',
    tries: 'store over the exception vectors',
    expect: data(at(HYPERVISOR_VECTORS)),
  },
  { name: 'write-own-code', tries: 'store into its own rx code', expect: data(at(HOSTILE_CODE_BASE + 0x40)) },
  {
    name: 'read-uart2-of-control',
    tries: "read the control VM's UART2",
    expect: data(at(deviceBase('uart2'))),
  },
  { name: 'write-uart1-vcan', tries: 'write the virtual-CAN UART', expect: data(at(deviceBase('uart1'))) },
  { name: 'write-uart3-trace', tries: 'write the trace UART', expect: data(at(deviceBase('uart3'))) },
  {
    name: 'write-timer0-tick',
    tries: "stop the hypervisor's tick timer",
    expect: data(at(deviceBase('timer0') + 0x08)),
  },
  {
    name: 'write-timer1-unassigned',
    tries: 'write the unassigned timer1',
    expect: data(at(deviceBase('timer1') + 0x08)),
  },
  {
    name: 'write-gic-distributor',
    tries: 'disable the GIC distributor',
    expect: data(at(deviceBase('gic') + 0x1000)),
  },
  {
    name: 'read-gic-acknowledge',
    tries: 'acknowledge an interrupt at the GIC',
    expect: data(at(deviceBase('gic') + 0x00c)),
  },
  {
    name: 'write-system-controller',
    tries: 'reset the board via the system controller',
    expect: data(at(deviceBase('sysregs') + 0x40)),
  },
  { name: 'read-top-of-address-space', tries: 'load from 0xFFFFFFFC', expect: data(at(0xfffffffc)) },
  {
    name: 'unaligned-ldm',
    tries: 'LDM from an unaligned address',
    expect: data((c) => symbol('hostile_unaligned_words')(c) + 2),
  },
  { name: 'exec-data', tries: 'execute from its data (XN)', expect: prefetch(symbol('hostile_exec_buffer')) },
  { name: 'exec-stack', tries: 'execute from its stack (XN)', expect: prefetch(stackCode) },
  { name: 'exec-control-code', tries: 'branch into the control VM code', expect: prefetch(at(CONTROL_CODE)) },
  {
    name: 'exec-hypervisor-vector',
    tries: 'branch to the exception vectors',
    expect: prefetch(at(HYPERVISOR_VECTORS)),
  },
  { name: 'cp15-read-sctlr', tries: 'MRC SCTLR', expect: undefinedAt('hostile_cp15_read_sctlr') },
  {
    name: 'cp15-write-sctlr',
    tries: 'MCR SCTLR = 0 (MPU off)',
    expect: undefinedAt('hostile_cp15_write_sctlr'),
  },
  { name: 'cp15-write-mpu-region', tries: 'MCR RGNR', expect: undefinedAt('hostile_cp15_write_mpu_region') },
  {
    name: 'pmu-read-cycle-counter',
    tries: 'MRC PMCCNTR',
    expect: undefinedAt('hostile_pmu_read_cycle_counter'),
  },
  { name: 'pmu-write-control', tries: 'MCR PMCR', expect: undefinedAt('hostile_pmu_write_control') },
  {
    name: 'debug-channel-write',
    tries: 'MCR DBGDTRTXint (the debug communications channel)',
    expect: undefinedAt('hostile_debug_channel_write'),
  },
  { name: 'cache-invalidate', tries: 'MCR ICIALLU', expect: undefinedAt('hostile_cache_invalidate') },
  {
    name: 'vfp-without-fpu',
    tries: 'VFP instruction in a VM without FPU',
    expect: undefinedAt('hostile_vfp_without_fpu'),
  },
  {
    name: 'breakpoint',
    tries: 'BKPT',
    // IFAR is UNKNOWN after a BKPT (a debug event): the hypervisor reports the instruction's address.
    expect: prefetch(symbol('hostile_breakpoint')),
  },
  {
    name: 'mode-change-ignored',
    tries: 'MSR cpsr_c / CPS / CPSID in USR mode',
    expect: {
      kind: 'refused',
      calls: [],
      console: [
        /^\[hostile\] hostile: cpsr 0x([0-9a-f]{8}) msr 0x\1 cps 0x\1 cpsid 0x\1 changed 0$/m,
        /^\[hostile\] hostile: cpsr 0x[0-9a-f]{7}0 /m,
      ],
    },
  },
  {
    name: 'mask-interrupts-and-spin',
    tries: 'CPSID/MSR to mask IRQs, then spin',
    expect: { kind: 'watchdog' },
  },
  {
    name: 'hc-console-control-data',
    tries: 'ConsoleWrite from the control VM data',
    expect: badCall(Hypercall.ConsoleWrite, HvResult.BadAddress, at(CONTROL_DATA)),
  },
  {
    name: 'hc-console-hypervisor',
    tries: 'ConsoleWrite from hypervisor memory',
    expect: badCall(Hypercall.ConsoleWrite, HvResult.BadAddress, at(HYPERVISOR_VECTORS)),
  },
  {
    name: 'hc-sampling-read-into-control',
    tries: 'SamplingRead into the control VM data',
    expect: badCall(Hypercall.SamplingRead, HvResult.BadAddress, at(CONTROL_DATA)),
  },
  {
    name: 'hc-queuing-receive-into-hypervisor',
    tries: 'QueuingReceive into hypervisor memory',
    expect: badCall(Hypercall.QueuingReceive, HvResult.BadAddress, at(HYPERVISOR_WORD)),
  },
  {
    name: 'hc-can-receive-into-hypervisor',
    tries: 'CanReceive into hypervisor memory',
    expect: badCall(Hypercall.CanReceive, HvResult.BadAddress, at(HYPERVISOR_WORD)),
  },
  {
    name: 'hc-sampling-read-into-own-code',
    tries: 'SamplingRead into its own rx code',
    expect: badCall(Hypercall.SamplingRead, HvResult.BadAddress, at(HOSTILE_CODE_BASE)),
  },
  {
    name: 'hc-console-spanning-areas',
    tries: 'ConsoleWrite spanning its code and data areas',
    expect: badCall(
      Hypercall.ConsoleWrite,
      HvResult.BadAddress,
      at(HOSTILE_CODE_BASE + HOSTILE_CODE_SIZE - PROBE_LENGTH / 2),
    ),
  },
  {
    name: 'hc-console-wrapping',
    tries: 'ConsoleWrite wrapping past 2^32',
    expect: badCall(Hypercall.ConsoleWrite, HvResult.BadLength, at(0xffffff80)),
  },
  {
    name: 'hc-console-huge',
    tries: 'ConsoleWrite of 0xFFFFFFFF bytes',
    expect: badCall(Hypercall.ConsoleWrite, HvResult.BadLength, symbol('hostile_hypercall_buffer')),
  },
  {
    name: 'hc-sampling-read-wrapping',
    tries: 'SamplingRead with a wrapping capacity',
    expect: badCall(Hypercall.SamplingRead, HvResult.BadLength, symbol('hostile_hypercall_buffer')),
  },
  {
    name: 'hc-sampling-read-past-area',
    tries: 'SamplingRead with a capacity past its area',
    expect: badCall(Hypercall.SamplingRead, HvResult.BadAddress, symbol('hostile_hypercall_buffer')),
  },
  {
    name: 'hc-can-receive-misaligned',
    tries: 'CanReceive into a misaligned record',
    expect: badCall(
      Hypercall.CanReceive,
      HvResult.Misaligned,
      (c) => symbol('hostile_hypercall_buffer')(c) + 2,
    ),
  },
  {
    name: 'hc-handler-in-control-code',
    tries: 'VirqSetHandler in the control VM code',
    expect: badCall(Hypercall.VirqSetHandler, HvResult.BadAddress, at(CONTROL_CODE)),
  },
  {
    name: 'hc-handler-misaligned',
    tries: 'VirqSetHandler at a misaligned ARM address',
    expect: badCall(Hypercall.VirqSetHandler, HvResult.Misaligned, at(HOSTILE_CODE_BASE + 2)),
  },
  {
    name: 'hc-unknown-next',
    tries: `SVC #${FIRST_UNASSIGNED} (the first number the ABI does not assign)`,
    expect: badCall(FIRST_UNASSIGNED, HvResult.UnknownCall),
  },
  {
    name: 'hc-unknown-0x100',
    tries: 'SVC #0x100 (Version if only 8 bits were decoded)',
    expect: badCall(0x100, HvResult.UnknownCall),
  },
  { name: 'hc-unknown-0xffffff', tries: 'SVC #0xFFFFFF', expect: badCall(0xffffff, HvResult.UnknownCall) },
  {
    name: 'hc-semihosting-exit-arm',
    tries: 'semihosting SYS_EXIT via ARM SVC #0x123456',
    expect: badCall(0x123456, HvResult.UnknownCall),
  },
  {
    name: 'hc-semihosting-exit-thumb',
    tries: 'semihosting SYS_EXIT via Thumb SVC #0xAB',
    expect: badCall(0xab, HvResult.UnknownCall),
  },
  {
    name: 'hc-restart-control',
    tries: 'VmRestart of the control VM',
    expect: badCall(Hypercall.VmRestart, HvResult.NoCapability),
  },
  {
    name: 'hc-halt-control',
    tries: 'VmHalt of the control VM',
    expect: badCall(Hypercall.VmHalt, HvResult.NoCapability),
  },
  {
    name: 'hc-plan-switch',
    tries: 'PlanSwitch',
    expect: badCall(Hypercall.PlanSwitch, HvResult.NoCapability),
  },
  {
    name: 'hc-fault-log-read',
    tries: 'FaultLogRead',
    expect: badCall(Hypercall.FaultLogRead, HvResult.NoCapability),
  },
  {
    name: 'hc-status-of-control',
    tries: 'VmStatus of the control VM',
    expect: badCall(Hypercall.VmStatus, HvResult.NoCapability),
  },
  {
    name: 'port-spoof-vehicle-status',
    tries: 'SamplingWrite on vehicle_status (destination only)',
    expect: {
      kind: 'refused',
      calls: [[Hypercall.SamplingWrite, HvResult.NotPermitted]],
      console: [/^\[hostile\] hostile: port-spoof-vehicle-status -> NOT_PERMITTED \(6\)$/m],
    },
  },
  {
    name: 'port-send-control-faults',
    tries: 'QueuingSend on control_faults (destination only)',
    expect: {
      kind: 'refused',
      calls: [[Hypercall.QueuingSend, HvResult.NotPermitted]],
      console: [/^\[hostile\] hostile: port-send-control-faults -> NOT_PERMITTED \(6\)$/m],
    },
  },
  {
    name: 'port-receive-own-setpoints',
    tries: 'QueuingReceive on setpoint_cmd (source only)',
    expect: {
      kind: 'refused',
      calls: [[Hypercall.QueuingReceive, HvResult.NotPermitted]],
      console: [/^\[hostile\] hostile: port-receive-own-setpoints -> NOT_PERMITTED \(6\)$/m],
    },
  },
  {
    name: 'port-queuing-send-on-sampling',
    tries: 'QueuingSend on a sampling port',
    expect: {
      kind: 'refused',
      calls: [[Hypercall.QueuingSend, HvResult.BadPort]],
      console: [/^\[hostile\] hostile: port-queuing-send-on-sampling -> BAD_PORT \(5\)$/m],
    },
  },
  {
    name: 'port-out-of-range',
    tries: 'QueuingSend on port 99',
    expect: {
      kind: 'refused',
      calls: [[Hypercall.QueuingSend, HvResult.BadPort]],
      console: [/^\[hostile\] hostile: port-out-of-range -> BAD_PORT \(5\)$/m],
    },
  },
  {
    name: 'can-spoof-control-id',
    tries: "CanSend with the control VM's ID 0x100",
    expect: {
      kind: 'refused',
      calls: [
        [Hypercall.CanSend, HvResult.NotPermitted],
        [Hypercall.CanStatus, HvResult.Ok],
      ],
      console: [
        /^\[hostile\] hostile: can-spoof-control-id -> NOT_PERMITTED \(6\)$/m,
        /^\[hostile\] hostile: can tx refused 1$/m,
      ],
    },
  },
  {
    name: 'can-bad-arguments',
    tries: 'CanSend with ID 0x800, DLC 9, flag bit 29',
    expect: {
      kind: 'refused',
      calls: [
        [Hypercall.CanSend, HvResult.BadArgument],
        [Hypercall.CanSend, HvResult.BadArgument],
        [Hypercall.CanSend, HvResult.BadArgument],
      ],
      console: [
        /^\[hostile\] hostile: can-id-above-11-bits -> BAD_ARGUMENT \(16\)$/m,
        /^\[hostile\] hostile: can-dlc-above-8 -> BAD_ARGUMENT \(16\)$/m,
        /^\[hostile\] hostile: can-reserved-flag -> BAD_ARGUMENT \(16\)$/m,
      ],
    },
  },
  {
    name: 'flood-queuing-port',
    tries: '16 sends on its depth-4 queuing port',
    expect: {
      kind: 'refused',
      calls: [
        ...new Array<readonly [number, HvResult]>(4).fill([Hypercall.QueuingSend, HvResult.Ok]),
        ...new Array<readonly [number, HvResult]>(12).fill([Hypercall.QueuingSend, HvResult.Full]),
        [Hypercall.QueuingStatus, HvResult.Ok],
      ],
      console: [/^\[hostile\] hostile: flood queue ok 4 full 12 other 0 queued 4 overflows 12$/m],
    },
  },
  {
    name: 'flood-can-bus',
    tries: '32 frames with its own ID 0x7E8 in one slot',
    expect: {
      kind: 'refused',
      calls: new Array<readonly [number, HvResult]>(32).fill([Hypercall.CanSend, HvResult.Ok]),
      console: [/^\[hostile\] hostile: flood can sent 32 of 32$/m],
    },
  },
  {
    name: 'upcall-on-foreign-stack',
    tries: "take an upcall with sp in the control VM's data",
    expect: {
      kind: 'fault',
      event: HealthEvent.MpuViolation,
      address: at(CONTROL_DATA + 0x100 - 4),
      below: 0x100 - 4,
      setup: [
        [Hypercall.VirqSetHandler, HvResult.Ok],
        [Hypercall.VirqEnable, HvResult.Ok],
        [Hypercall.TimerSet, HvResult.Ok],
      ],
    },
  },
  { name: 'wait-forever', tries: 'endless WFI loop', expect: { kind: 'watchdog' } },
  { name: 'spin-forever', tries: 'endless loop without hypercalls', expect: { kind: 'watchdog' } },
  {
    name: 'stack-overflow',
    tries: 'unbounded recursion',
    expect: data(at(HOSTILE_DATA_BASE - 4)),
  },
  {
    name: 'console-unterminated-line',
    tries: 'leave a console line open for 110 ticks',
    expect: {
      kind: 'refused',
      calls: [
        [Hypercall.GetTime, HvResult.Ok],
        [Hypercall.GetTime, HvResult.Ok],
      ],
      console: [/^\[hostile\] hostile: this line stays open/m],
    },
  },
];
