// Job: the time side of `bulkhead start`: read `--duration` as wall or virtual seconds, serve the vehicle
// model on the HIL link in lock-step (qemu/vehicle/lockstep.ts) or free-running, stop the run after the
// asked virtual time (counted in control periods of the HIL link, exact in lock-step), and report the
// virtual time covered against the wall time it took. README.md "Virtual and wall time" explains it.
import type { BuiltSystem } from '../build/system.ts';
import type { QemuInstance } from '../../qemu/runner/index.ts';
import { connectHilPeer, DEFAULT_PERIOD_S, type ConnectedHilPeer } from '../../qemu/vehicle/host-peer.ts';
import { lockstepTargets, LockstepLink } from '../../qemu/vehicle/lockstep.ts';

/** Which clock a `--duration` counts. */
export type DurationClock = 'wall' | 'virtual';

export interface RunDuration {
  seconds: number;
  clock: DurationClock;
}

/**
 * `--duration` values: `20` or `20s` are 20 s of wall time (the host's clock), `20v` is 20 s of virtual
 * time (the guests' clock: 2000 control periods of the HIL link). Returns null when `text` is none.
 */
export function parseRunDuration(text: string): RunDuration | null {
  const match = /^(\d+(?:\.\d+)?)([sv]?)$/.exec(text);
  if (match === null) return null;
  const seconds = Number(match[1]);
  if (!(seconds > 0)) return null;
  return { seconds, clock: match[2] === 'v' ? 'virtual' : 'wall' };
}

/** Control periods of the HIL link in `seconds` of virtual time. */
export function controlPeriodsIn(seconds: number): number {
  return Math.round(seconds / DEFAULT_PERIOD_S);
}

/** The HIL link of a running `bulkhead start`: the vehicle model and, in lock-step, its gdb driver. */
export interface StartHilLink {
  hil: ConnectedHilPeer;
  lockstep: LockstepLink | null;
  /** Resolves once the run has covered the asked virtual time (never without one). */
  virtualDurationReached: Promise<void>;
  /** When the machine started running (ms, Date.now()). */
  startedMs: number;
  close(): void;
}

/**
 * Connects the vehicle model to UART2 of `vm` (started halted, with a gdb stub when `lockstep`) and
 * lets the machine run: in lock-step through the gdb stub, otherwise through `resume` (the monitor's
 * `cont`). With `virtualSeconds`, `virtualDurationReached` resolves after that many control periods
 * (in lock-step the machine is then held at the start of the next one).
 */
export async function startHilLink(
  vm: QemuInstance,
  built: BuiltSystem,
  hilVm: string,
  board: string,
  options: { lockstep: boolean; virtualSeconds: number | null; resume: () => Promise<void> },
): Promise<StartHilLink> {
  const port = vm.ports['uart2'];
  if (port === undefined) throw new Error('QEMU has no TCP port for uart2 (the HIL link)');
  const hil = await connectHilPeer(port);
  const periods = options.virtualSeconds === null ? null : controlPeriodsIn(options.virtualSeconds);
  let lockstep: LockstepLink | null = null;
  let virtualDurationReached: Promise<void> = new Promise<void>(() => undefined);
  try {
    if (options.lockstep) {
      const guest = built.guests.find((g) => g.vm === hilVm);
      if (guest === undefined || vm.gdb === undefined)
        throw new Error(`no image of VM '${hilVm}' or no gdb stub for lock-step`);
      // Held at the request of the period after the last one asked for: that period's console line is out.
      lockstep = await LockstepLink.start(
        vm.gdb.port,
        port,
        hil,
        lockstepTargets(guest.elf, board),
        periods === null ? {} : { haltAtRequest: periods + 1 },
      );
      if (periods !== null) virtualDurationReached = lockstep.reachedRequest;
    } else {
      await options.resume();
      if (periods !== null) {
        virtualDurationReached = new Promise<void>((resolvePromise) => {
          const onData = (): void => {
            if (hil.peer.trace.length < periods) return;
            hil.channel.socket.off('data', onData);
            resolvePromise();
          };
          hil.channel.socket.on('data', onData);
        });
      }
    }
  } catch (error) {
    hil.close();
    throw error;
  }
  const link = lockstep;
  return {
    hil,
    lockstep,
    virtualDurationReached,
    startedMs: Date.now(),
    close: () => {
      link?.close();
      hil.close();
    },
  };
}

/** The closing line on time: virtual time covered, wall time taken, control periods per wall second. */
export function timeSummary(link: StartHilLink, periodsAsked: number | null): string {
  const served = link.hil.peer.trace.length;
  const periods = periodsAsked === null ? served : Math.min(served, periodsAsked);
  const wallS = (Date.now() - link.startedMs) / 1000;
  const mode = link.lockstep === null ? 'free-running' : 'lock-step';
  return (
    `bulkhead start: ${(periods * DEFAULT_PERIOD_S).toFixed(2)} s of virtual time (${periods} control periods) ` +
    `in ${wallS.toFixed(1)} s of wall time, ${(periods / Math.max(wallS, 0.001)).toFixed(0)} periods per wall second (${mode})`
  );
}
