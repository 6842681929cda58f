// Job: the dashboard's controls, each acting through the path a user of the real system has: a VM restart
// and a plan switch are UDS requests to the diagnostic guest over the virtual CAN bus (RoutineControl
// 0x0200 restarts the control partition, ECUReset soft restarts the diagnostic partition; the programming
// session runs under the `diag-heavy` plan, kept open with TesterPresent, the default session under
// `normal`), a sensor dropout is the vehicle model withholding its replies, and pause/resume stop and
// continue the emulated machine, which stops virtual time.
import type { UdsClient } from '../qemu/uds/client.ts';
import { RoutineControlType, ResetType, Session } from '../qemu/uds/client.ts';
import type { DashboardControls } from './server.ts';

/** RoutineControl identifier that cold-restarts the control partition (docs/UDS.md "Routines"). */
const ROUTINE_RESTART_CONTROL = 0x0200;
/** TesterPresent interval that keeps a non-default session open (S3server is 5000 ms). */
const KEEP_SESSION_MS = 2000;

export interface ControlPaths {
  /** A UDS client on the bus (connected on first use). */
  uds(): Promise<UdsClient>;
  /** The control and diagnostic partitions' names in this system (null: the system has none). */
  controlVm: string | null;
  diagVm: string | null;
  /** Plans that go with the default and the programming session (null: none). */
  normalPlan: string | null;
  heavyPlan: string | null;
  /** The vehicle model's dropout, or null without a HIL link. */
  injectDropout: ((periods: number) => void) | null;
  /** Stops and continues the machine (virtual time). */
  pause(): Promise<void>;
  resume(): Promise<void>;
}

export class DashboardControlPaths implements DashboardControls {
  private keepSession: NodeJS.Timeout | null = null;

  constructor(private readonly paths: ControlPaths) {}

  async restartVm(vm: string): Promise<string> {
    const uds = await this.paths.uds();
    if (vm === this.paths.controlVm) {
      await uds.routineControl(RoutineControlType.Start, ROUTINE_RESTART_CONTROL);
      return `'${vm}' cold restart accepted (UDS RoutineControl 0x0200)`;
    }
    if (vm === this.paths.diagVm) {
      this.stopKeepingSession();
      await uds.ecuReset(ResetType.Soft);
      return `'${vm}' warm restart accepted (UDS ECUReset soft)`;
    }
    throw new Error(
      `no path restarts VM '${vm}' in this system (the diagnostic guest restarts '${this.paths.controlVm ?? '-'}' and itself)`,
    );
  }

  async switchPlan(plan: string): Promise<string> {
    const uds = await this.paths.uds();
    if (plan === this.paths.heavyPlan) {
      await uds.diagnosticSessionControl(Session.Extended);
      await uds.diagnosticSessionControl(Session.Programming);
      this.stopKeepingSession();
      this.keepSession = setInterval(() => {
        uds.testerPresent({ suppressPositive: true }).catch(() => this.stopKeepingSession());
      }, KEEP_SESSION_MS);
      this.keepSession.unref();
      return `programming session: the diagnostic guest requested plan '${plan}' (kept with TesterPresent)`;
    }
    if (plan === this.paths.normalPlan) {
      this.stopKeepingSession();
      await uds.diagnosticSessionControl(Session.Default);
      return `default session: the diagnostic guest requested plan '${plan}'`;
    }
    throw new Error(
      `plan '${plan}' is not one a diagnostic session selects (${[this.paths.normalPlan, this.paths.heavyPlan].filter((p) => p !== null).join(', ') || 'none'})`,
    );
  }

  injectSensorDropout(periods: number): Promise<string> {
    if (this.paths.injectDropout === null)
      return Promise.reject(new Error('this run has no vehicle model (no HIL link)'));
    this.paths.injectDropout(periods);
    return Promise.resolve(`the vehicle model withholds its next ${periods} sensor replies`);
  }

  async pause(): Promise<string> {
    await this.paths.pause();
    return 'paused: virtual time stands still';
  }

  async resume(): Promise<string> {
    await this.paths.resume();
    return 'resumed';
  }

  stopKeepingSession(): void {
    if (this.keepSession !== null) clearInterval(this.keepSession);
    this.keepSession = null;
  }
}
