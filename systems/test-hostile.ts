// Test system for the hostile-guest robustness test (tests/e2e/robustness/hostile.test.ts): the demo's
// control VM, unchanged (C guest, FPU, UART2 passed through to the host vehicle model, CAN 0x100),
// beside a `hostile` VM in the diagnostic VM's place that runs the `test/hostile` guest: one attack per
// life, restarted (warm) by its health policy after every contained fault, with a restart limit above
// the number of attacks and a watchdog that ends the spinning attacks. The plan keeps the control VM's
// window of the demo (ticks 0..4 of each 10) and puts the hostile VM's after the idle gap (ticks 7..9).
// The hostile VM has no capabilities. Besides the demo's ports it is the source of `hostile_mark` (a sampling port whose
// write length marks the start of each attack in the trace stream) and of `hostile_flood` (a small
// queuing port to the control VM, which never reads it, for the flooding attack).
import type { SystemDescription } from '../firmware/config/types.ts';
import demo from './demo.ts';
import { codeDataVm, consoleOn, KiB, queuingPort, samplingPort } from './parts.ts';

/** The hostile VM: 64 KiB of code and 64 KiB of data + stack right above it, each one MPU region, so a
 *  stack that overflows its data area runs into its own read-only code. */
const HOSTILE_CODE_BASE = 0x0020_0000;
const HOSTILE_DATA_BASE = 0x0021_0000;
const HOSTILE_AREA_SIZE = 64 * KiB;
/** Attacks the guest makes (guests/test/hostile/attacks.h) are fewer than this many restarts. */
const HOSTILE_RESTART_LIMIT = 200;
/** Ticks without a kick before the watchdog ends a spinning attack (two major frames). */
const HOSTILE_WATCHDOG_TICKS = 20;

const control = demo.vms.find((vm) => vm.name === 'control')!;
/** The demo's diagnostic VM, whose place (CAN filters, ports) the hostile VM takes. */
const diag = demo.vms.find((vm) => vm.name === 'diag')!;

export const system: SystemDescription = {
  ...demo,
  name: 'test-hostile',
  // Every record, GetTime calls included (the demo leaves them out): the test checks each attack's.
  trace: {},
  vms: [
    control,
    codeDataVm({
      name: 'hostile',
      image: 'test/hostile',
      code: { base: HOSTILE_CODE_BASE, size: HOSTILE_AREA_SIZE },
      data: { base: HOSTILE_DATA_BASE, size: HOSTILE_AREA_SIZE },
      health: {
        actions: {
          'mpu-violation': 'warm-restart',
          'undefined-instruction': 'warm-restart',
          'prefetch-abort': 'warm-restart',
          'bad-hypercall': 'warm-restart',
          watchdog: 'warm-restart',
        },
        defaultAction: 'halt',
        restartLimit: HOSTILE_RESTART_LIMIT,
        watchdogTicks: HOSTILE_WATCHDOG_TICKS,
      },
      canTx: diag.canTx,
      canRx: diag.canRx,
      canRxDepth: diag.canRxDepth,
    }),
  ],
  plans: [
    {
      // The control VM's window as in the demo; the hostile VM's 3 ticks come after the idle gap, so the
      // trace ring, which the hypervisor streams only while the CPU idles, has room for the records of
      // each attack.
      name: 'normal',
      majorFrame: 10,
      slots: [
        { vm: 'control', start: 0, duration: 5 },
        { vm: 'hostile', start: 7, duration: 3 },
      ],
    },
    {
      name: 'diag-heavy',
      majorFrame: 10,
      slots: [
        { vm: 'control', start: 0, duration: 3 },
        { vm: 'hostile', start: 4, duration: 6 },
      ],
    },
  ],
  ports: [
    ...demo.ports.map((port) => ({
      ...port,
      source: port.source === diag.name ? 'hostile' : port.source,
      destinations: port.destinations.map((vm) => (vm === diag.name ? 'hostile' : vm)),
    })),
    samplingPort({
      name: 'hostile_mark',
      source: 'hostile',
      destinations: ['control'],
      maxMessageSize: 128,
      refreshTicks: 0,
    }),
    queuingPort({
      name: 'hostile_flood',
      source: 'hostile',
      destinations: ['control'],
      maxMessageSize: 16,
      depth: 4,
    }),
  ],
  console: consoleOn(0, ['control', 'hostile']),
  // The hypervisor's self-checks report `hv: invariants ok <checks>` every 100 ticks.
  invariantsReportTicks: 100,
};

export default system;
