// Test system for time and resource isolation on QEMU (tests/e2e/robustness/neighbours.test.ts): a
// `victim` VM that measures its own slots against a hardware clock it owns and an `attacker` VM that
// misbehaves in one way per phase of its run (guests/test/neighbour-attacker). The victim owns timer1
// (the second SP804, at 1 MHz), which it runs free as a wall clock in microseconds of virtual time; it
// may read the fault log and every VM's status, and logs its own bad hypercalls. The attacker has no
// capability; its image carries 192 KiB of constant data, so that each of its cold self-restarts has a
// large image to check and copy (a restart rate high enough never to refuse them: the time isolation
// must hold without the rate limit); every health event of it is only logged. Plan: a 10-tick major
// frame, victim 0..3, attacker 4..7, idle 8..9 (the trace is streamed while the CPU idles); both VMs
// use the FPU (the victim checks its FPSCR and a VFP register across switches). The
// attacker floods the sampling port `flood` (to the victim, which never reads it) and the CAN
// identifier 0x123 (the bus is open on the host side during the test).
import type { SystemDescription } from '../firmware/config/types.ts';
import { canId, codeDataVm, consoleOn, KiB, samplingPort } from './parts.ts';

const VICTIM_CODE_BASE = 0x0010_0000;
const VICTIM_DATA_BASE = 0x0011_0000;
const VICTIM_AREA_SIZE = 64 * KiB;
const ATTACKER_CODE_BASE = 0x0040_0000;
const ATTACKER_CODE_SIZE = 256 * KiB;
const ATTACKER_DATA_BASE = 0x0044_0000;
const ATTACKER_DATA_SIZE = 64 * KiB;
/** The CAN identifier the attacker floods. */
export const NEIGHBOURS_FLOOD_CAN_ID = 0x123;
/** Ticks of one phase of the attacker's run (guests/test/neighbour-attacker/main.c, PHASE_TICKS). */
export const NEIGHBOURS_PHASE_TICKS = 200;

export const system: SystemDescription = {
  name: 'test-neighbours',
  board: 'realview-eb',
  tickMicroseconds: 1000,
  vms: [
    codeDataVm({
      name: 'victim',
      image: 'test/neighbour-victim',
      code: { base: VICTIM_CODE_BASE, size: VICTIM_AREA_SIZE },
      data: { base: VICTIM_DATA_BASE, size: VICTIM_AREA_SIZE },
      devices: [{ device: 'timer1', virq: 8 }],
      capabilities: ['read-fault-log', 'vm-status'],
      usesFpu: true,
      health: { actions: {}, defaultAction: 'log', restartLimit: 0, watchdogTicks: 0 },
    }),
    codeDataVm({
      name: 'attacker',
      image: 'test/neighbour-attacker',
      code: { base: ATTACKER_CODE_BASE, size: ATTACKER_CODE_SIZE },
      data: { base: ATTACKER_DATA_BASE, size: ATTACKER_DATA_SIZE },
      health: {
        actions: {},
        defaultAction: 'log',
        restartLimit: 0,
        watchdogTicks: 0,
        restartRate: { restarts: 255, ticks: 1 },
      },
      canTx: [canId(NEIGHBOURS_FLOOD_CAN_ID)],
      usesFpu: true,
    }),
  ],
  plans: [
    {
      name: 'main',
      majorFrame: 10,
      slots: [
        { vm: 'victim', start: 0, duration: 4 },
        { vm: 'attacker', start: 4, duration: 4 },
      ],
    },
  ],
  ports: [
    samplingPort({
      name: 'flood',
      source: 'attacker',
      destinations: ['victim'],
      maxMessageSize: 64,
      refreshTicks: 0,
    }),
  ],
  console: consoleOn(0, ['victim', 'attacker']),
  vcanUart: 1,
  traceUart: 3,
  // The hypervisor's self-checks report `hv: invariants ok <checks>` every 100 ticks.
  invariantsReportTicks: 100,
  // The victim measures wall time: under QEMU's -icount a WFI wakes one tick late, so the CPU polls.
  idle: 'poll',
};

export default system;
