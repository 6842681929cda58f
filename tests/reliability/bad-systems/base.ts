// The valid system every bad-system case starts from, and the helpers a case uses to make its one
// mistake: `mutated(path, value)` sets one field (addressed by its config path, as the validator names
// it) on a deep copy; `derived(change)` applies a larger change (adding VMs, areas, ports) to a copy.
// `bulkhead check` accepts `valid` as it is (the corpus test proves it), so every error a case gets
// comes from its own mistake.
import type { SystemDescription } from '../../../firmware/config/types.ts';
import { canId, codeDataVm, consoleOn, KiB, writerReaderPorts } from '../../../systems/parts.ts';

const health = {
  actions: { 'mpu-violation': 'warm-restart', 'bad-hypercall': 'log' },
  defaultAction: 'halt',
  restartLimit: 3,
  watchdogTicks: 0,
} as const;

/** Two VMs on realview-eb: `alpha` (timer1 passed through as virq 8, sends CAN 0x100) and `beta`
 *  (receives CAN 0x7E0), one 10-tick plan, a queuing and a sampling port, virtual CAN on UART1 and
 *  the trace on UART3. */
export const valid = {
  name: 'bad-base',
  board: 'realview-eb',
  tickMicroseconds: 1000,
  vms: [
    codeDataVm({
      name: 'alpha',
      image: 'test/port-writer',
      code: { base: 0x0010_0000, size: 64 * KiB },
      data: { base: 0x0011_0000, size: 64 * KiB },
      devices: [{ device: 'timer1', virq: 8 }],
      capabilities: ['vm-status'],
      health: { ...health, actions: { ...health.actions } },
      canTx: [canId(0x100)],
    }),
    codeDataVm({
      name: 'beta',
      image: 'test/port-reader',
      code: { base: 0x0020_0000, size: 64 * KiB },
      data: { base: 0x0021_0000, size: 64 * KiB },
      health: { ...health, actions: { ...health.actions } },
      canTx: [canId(0x7e8)],
      canRx: [canId(0x7e0)],
      canRxDepth: 4,
      usesFpu: true,
    }),
  ],
  plans: [
    {
      name: 'main',
      majorFrame: 10,
      slots: [
        { vm: 'alpha', start: 0, duration: 4 },
        { vm: 'beta', start: 5, duration: 4 },
      ],
    },
  ],
  ports: writerReaderPorts('alpha', 'beta', 12),
  console: consoleOn(0, ['alpha', 'beta']),
  vcanUart: 1,
  traceUart: 3,
} as const satisfies SystemDescription;

export default valid;

/** A mutable deep copy of the valid system, for a case to change. */
export type Editable = { -readonly [K in keyof SystemDescription]: unknown } & Record<string, unknown>;

function copy(): Editable {
  return structuredClone(valid);
}

/** Path steps of a config path such as `vms[1].memory[0].base` or `vms[0].health.actions.watchdog`. */
function steps(path: string): (string | number)[] {
  const result: (string | number)[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (match === null) throw new Error(`bad config path '${path}' (at '${part}')`);
    result.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) result.push(Number(index[1]));
  }
  return result;
}

/** The valid system with the field at `path` set to `value` (any value, of any type). */
export function mutated(path: string, value: unknown): Editable {
  const system = copy();
  const route = steps(path);
  let holder: Record<string | number, unknown> = system;
  for (const step of route.slice(0, -1)) {
    const next = holder[step];
    if (typeof next !== 'object' || next === null) throw new Error(`config path '${path}' leaves the system`);
    holder = next as Record<string | number, unknown>;
  }
  holder[route.at(-1)] = value;
  return system;
}

/** The valid system after `change` edited a copy of it. */
export function derived(change: (system: SystemDescriptionDraft) => void): Editable {
  const system = copy();
  change(system as unknown as SystemDescriptionDraft);
  return system;
}

type Mutable<T> = T extends readonly (infer E)[]
  ? Mutable<E>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/** A writable `SystemDescription`, as `derived` hands it to a case. */
export type SystemDescriptionDraft = Mutable<SystemDescription>;
