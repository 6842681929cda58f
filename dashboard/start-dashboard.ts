// Job: the dashboard part of `bulkhead start`: serve the page, feed it from the run (console, recorded
// trace, bus hub, vehicle model) and give its controls their real paths on this system: the UDS tester
// joins the bus hub like any other client, the sensor dropout goes to the vehicle model, pause and resume
// to the lock-step link (which holds the machine at its next control period).
import type { SystemDescription } from '../firmware/config/types.ts';
import type { BusHub } from '../qemu/bus/bus-hub.ts';
import { DbcDecoder } from '../qemu/slcan/dbc-decoder.ts';
import { connectUds, UDS_PHYSICAL_REQUEST_ID, type UdsConnection } from '../qemu/uds/connect.ts';
import type { UdsClient } from '../qemu/uds/client.ts';
import type { ConnectedHilPeer } from '../qemu/vehicle/host-peer.ts';
import { DEFAULT_PERIOD_S } from '../qemu/vehicle/host-peer.ts';
import type { LockstepLink } from '../qemu/vehicle/lockstep.ts';
import { DashboardControlPaths } from './controls.ts';
import { LiveRun } from './live-run.ts';
import { DashboardServer } from './server.ts';

/** The demo DBC's signals the page plots or raises as faults (systems/demo.dbc). */
const SETPOINT_SIGNAL = 'VehicleSpeed.SetPoint';
const FAULT_SIGNALS = ['VehicleSpeed.SensorTimeout', 'VehicleSpeed.Implausible', 'VehicleSpeed.LinkErrors'];
/** The plans the diagnostic guest selects with its sessions (guests/diag/uds/session-plan.ts). */
const NORMAL_PLAN = 'normal';
const HEAVY_PLAN = 'diag-heavy';

export interface StartDashboardInputs {
  desc: SystemDescription;
  /** Where the trace is being recorded (null: the system has no trace UART). */
  traceFile: string | null;
  dbcFile: string | null;
  hub: BusHub | null;
  hil: ConnectedHilPeer | null;
  /** The VM with the HIL link (the control partition). */
  hilVm: string | null;
  lockstep: LockstepLink | null;
  /** TCP port (undefined: a free one). */
  port: number | undefined;
}

export interface StartedDashboard {
  url: string;
  consoleLine(line: string): void;
  close(): Promise<void>;
}

export async function startDashboard(inputs: StartDashboardInputs): Promise<StartedDashboard> {
  const { desc, hub, hil, lockstep } = inputs;
  const decoder = inputs.dbcFile === null ? null : DbcDecoder.load(inputs.dbcFile);
  let uds: Promise<UdsConnection> | null = null;
  let live: LiveRun | null = null;
  const virtualUs = (): number => (hil === null ? 0 : hil.peer.trace.length * DEFAULT_PERIOD_S * 1e6);
  const diagVm =
    desc.vms.find((vm) => vm.canRx.some((filter) => (UDS_PHYSICAL_REQUEST_ID & filter.mask) === filter.match))
      ?.name ?? null;
  const planNamed = (name: string): string | null =>
    desc.plans.some((plan) => plan.name === name) ? name : null;
  const controls = new DashboardControlPaths({
    uds(): Promise<UdsClient> {
      if (hub === null)
        return Promise.reject(new Error(`system '${desc.name}' has no CAN bus for a UDS tester`));
      uds ??= connectUds({ port: hub.port });
      return uds.then((connection) => connection.client);
    },
    controlVm: inputs.hilVm,
    diagVm,
    normalPlan: planNamed(NORMAL_PLAN),
    heavyPlan: planNamed(HEAVY_PLAN),
    injectDropout:
      hil === null
        ? null
        : (periods) => {
            const step = hil.peer.injectDropout(periods);
            live?.hostEvent({
              atUs: step * DEFAULT_PERIOD_S * 1e6,
              kind: 'health',
              vm: inputs.hilVm,
              text: `sensor dropout of ${periods} periods injected (from step ${step})`,
            });
          },
    pause() {
      if (lockstep === null)
        return Promise.reject(
          new Error('pausing needs the lock-step HIL link (start without --no-lockstep)'),
        );
      lockstep.pause();
      live?.setPaused(true);
      return Promise.resolve();
    },
    resume() {
      if (lockstep === null) return Promise.reject(new Error('resuming needs the lock-step HIL link'));
      lockstep.resume();
      live?.setPaused(false);
      return Promise.resolve();
    },
  });
  const server = await DashboardServer.start({
    controls,
    ...(inputs.port === undefined ? {} : { port: inputs.port }),
  });
  live = new LiveRun(
    {
      desc,
      board: desc.board,
      traceFile: inputs.traceFile,
      hilSamples: hil === null ? null : hil.peer.trace,
      hilPeriodS: DEFAULT_PERIOD_S,
      decodeCan: (frame) => decoder?.decode(frame) ?? null,
      setpointSignal: decoder === null ? null : SETPOINT_SIGNAL,
      faultSignals: decoder === null ? [] : FAULT_SIGNALS,
      faultVm: inputs.hilVm,
      virtualUs,
    },
    (message) => server.publish(message),
  );
  const run = live;
  const unobserve = hub?.observe((frame) => run.canFrame(frame)) ?? null;
  return {
    url: server.url,
    consoleLine: (line) => run.consoleLine(line),
    async close() {
      unobserve?.();
      controls.stopKeepingSession();
      run.close();
      if (uds !== null) await (await uds.catch(() => null))?.close();
      await server.close();
    },
  };
}
