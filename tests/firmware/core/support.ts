// Test support for the core's Node tests: small system descriptions (two or three VMs on realview-eb,
// power-of-two areas), turned into run-time tables by the real `deriveTables` and MPU planner, and
// machines running them with scripted guests.
import { deriveTables } from '../../../firmware/config/derive.ts';
import { validatedSystem } from '../../../firmware/config/validated-system.ts';
import type {
  HealthPolicy,
  PortDescription,
  SchedulePlan,
  SystemDescription,
  VmDescription,
} from '../../../firmware/config/types.ts';
import type { SystemTables } from '../../../firmware/core/tables.ts';
import { SimMachine, type GuestProgram, type SimMachineOptions } from '../../../firmware/sim/machine.ts';

export const KiB = 1024;
/** VM i has code at CODE(i) (64 KiB, rx) and data at DATA(i) (64 KiB, rw); stack at the data top. */
export function codeBase(vm: number): number {
  return 0x0020_0000 + vm * 0x0010_0000;
}
export function dataBase(vm: number): number {
  return codeBase(vm) + 0x0001_0000;
}
export const AREA_SIZE = 64 * KiB;
export const TRACE_UART = 3;

export const LOG_POLICY: HealthPolicy = {
  actions: {},
  defaultAction: 'log',
  restartLimit: 0,
  watchdogTicks: 0,
};

export function vm(index: number, name: string, overrides: Partial<VmDescription> = {}): VmDescription {
  return {
    name,
    image: name,
    entry: codeBase(index),
    stackTop: dataBase(index) + AREA_SIZE,
    memory: [
      { name: 'code', base: codeBase(index), size: AREA_SIZE, access: 'rx' },
      { name: 'data', base: dataBase(index), size: AREA_SIZE, access: 'rw' },
    ],
    devices: [],
    capabilities: [],
    health: LOG_POLICY,
    canTx: [],
    canRx: [],
    canRxDepth: 0,
    usesFpu: false,
    ...overrides,
  };
}

/** Plan "main": a [0,3) b [3,5), idle [5,6); major frame 6. */
export const DEFAULT_PLAN: SchedulePlan = {
  name: 'main',
  majorFrame: 6,
  slots: [
    { vm: 'a', start: 0, duration: 3 },
    { vm: 'b', start: 3, duration: 2 },
  ],
};

export function system(overrides: Partial<SystemDescription> = {}): SystemDescription {
  return {
    name: 'test',
    board: 'realview-eb',
    tickMicroseconds: 1000,
    vms: [vm(0, 'a'), vm(1, 'b')],
    plans: [DEFAULT_PLAN],
    ports: [] as PortDescription[],
    console: [],
    vcanUart: -1,
    traceUart: TRACE_UART,
    ...overrides,
  };
}

export function tablesOf(desc: SystemDescription): SystemTables {
  return deriveTables(validatedSystem(desc));
}

export function machine(
  desc: SystemDescription,
  programs: (GuestProgram | undefined)[] = [],
  options: SimMachineOptions = {},
): SimMachine {
  return new SimMachine(tablesOf(desc), programs, options);
}

/** A guest that does nothing but spin. */
export const spinner: GuestProgram = { step: () => {} };

/** A guest that runs `actions[tick]` at the ticks listed (and spins otherwise); records the ticks it ran. */
export function scripted(
  actions: Record<number, (g: import('../../../firmware/sim/machine.ts').SimGuest) => void> = {},
) {
  const ran: number[] = [];
  const program: GuestProgram & { ran: number[] } = {
    ran,
    step(g) {
      ran.push(g.machine.ticks);
      actions[g.machine.ticks]?.(g);
    },
  };
  return program;
}
