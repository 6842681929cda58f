// Test system for fault injection on QEMU (tests/e2e/robustness/faults*.test.ts): the layout and
// schedule of systems/test-two-vms.ts (alpha 2 ticks, beta 3 ticks, 1 idle tick in a 6-tick frame).
// alpha is the VM faults are injected into: it owns UART2 (passed through as virq 8, at most 16
// interrupts per major frame), has an 8-tick watchdog and a policy that cold-restarts it on any guest
// fault or watchdog expiry, 3 times at most, then halts it; the tests give it a test guest per fault
// (crash-at-start, spin, uart-storm, ping). beta runs `fault-reader` with the read-fault-log
// capability: it prints what the health monitor logged and marks each of its slots. The hypervisor
// prints its invariant report every 30 ticks.
import type { SystemDescription } from '../firmware/config/types.ts';
import twoVms from './test-two-vms.ts';

/** UART2's interrupt budget per major frame in this system. */
export const FAULTS_IRQ_BUDGET = 16;
/** alpha's watchdog period in ticks. */
export const FAULTS_WATCHDOG_TICKS = 8;
/** Health-monitor restarts alpha gets before it is halted. */
export const FAULTS_RESTART_LIMIT = 3;
/** Period of the `hv: invariants ok` report in ticks. */
export const FAULTS_REPORT_TICKS = 30;

const alphaHealth = {
  actions: {
    'mpu-violation': 'cold-restart',
    'undefined-instruction': 'cold-restart',
    'prefetch-abort': 'cold-restart',
    watchdog: 'cold-restart',
    'bad-hypercall': 'log',
  },
  defaultAction: 'halt',
  restartLimit: FAULTS_RESTART_LIMIT,
  watchdogTicks: FAULTS_WATCHDOG_TICKS,
} as const;

const [alpha, beta] = twoVms.vms;

export const system: SystemDescription = {
  ...twoVms,
  name: 'test-faults',
  vms: [
    {
      ...alpha,
      image: 'test/ping',
      devices: [{ device: 'uart2', virq: 8, irqBudgetPerFrame: FAULTS_IRQ_BUDGET }],
      health: alphaHealth,
    },
    { ...beta, image: 'test/fault-reader', usesFpu: false, capabilities: ['read-fault-log'] },
  ],
  ports: [],
  invariantsReportTicks: FAULTS_REPORT_TICKS,
};

export default system;
