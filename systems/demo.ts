// The default Bulkhead system (docs/DESIGN.md §5): a control guest (C, FPU, UART2 passed through to the
// host vehicle model) and a diagnostic guest (TS, UDS over the virtual CAN bus) side by side on
// realview-eb, with two schedule plans, three ports, health policies and the board's UART roles (UART0
// console, UART1 virtual CAN, UART2 control guest's link, UART3 trace).
import type { SystemDescription } from '../firmware/config/types.ts';
import { canId, codeDataVm, consoleOn, KiB, queuingPort, samplingPort } from './parts.ts';

/** Partition memory, above the hypervisor's first MiB; every area is a power of two aligned to its size
 *  so each takes one MPU region. */
const CONTROL_CODE_BASE = 0x0010_0000;
const CONTROL_CODE_SIZE = 256 * KiB;
const CONTROL_DATA_BASE = 0x0014_0000;
const CONTROL_DATA_SIZE = 256 * KiB;
const DIAG_CODE_BASE = 0x0020_0000;
const DIAG_CODE_SIZE = 512 * KiB;
const DIAG_DATA_BASE = 0x0028_0000;
const DIAG_DATA_SIZE = 512 * KiB;
/** The diagnostic guest's retained area (DTC store): outside its image, so no restart of the VM
 *  touches it (a cold restart restores the image only). */
const DIAG_NVM_BASE = 0x0030_0000;
const DIAG_NVM_SIZE = 4 * KiB;

/** Virtual interrupt the control guest receives UART2's interrupt as. */
const CONTROL_UART2_VIRQ = 8;

export const system = {
  name: 'demo',
  board: 'realview-eb',
  tickMicroseconds: 1000,
  vms: [
    codeDataVm({
      name: 'control',
      image: 'control',
      code: { base: CONTROL_CODE_BASE, size: CONTROL_CODE_SIZE },
      data: { base: CONTROL_DATA_BASE, size: CONTROL_DATA_SIZE },
      devices: [{ device: 'uart2', virq: CONTROL_UART2_VIRQ }],
      health: {
        actions: {
          'mpu-violation': 'warm-restart',
          'undefined-instruction': 'cold-restart',
          'prefetch-abort': 'cold-restart',
          'bad-hypercall': 'log',
          watchdog: 'warm-restart',
        },
        defaultAction: 'halt',
        restartLimit: 3,
        watchdogTicks: 0,
      },
      canTx: [canId(0x100)],
      usesFpu: true,
    }),
    codeDataVm({
      name: 'diag',
      image: 'diag',
      code: { base: DIAG_CODE_BASE, size: DIAG_CODE_SIZE },
      data: { base: DIAG_DATA_BASE, size: DIAG_DATA_SIZE },
      moreMemory: [{ name: 'nvm', base: DIAG_NVM_BASE, size: DIAG_NVM_SIZE, access: 'rw' }],
      capabilities: ['restart-vm', 'read-fault-log', 'vm-status', 'switch-plan'],
      health: {
        actions: {
          'mpu-violation': 'cold-restart',
          'undefined-instruction': 'cold-restart',
          'bad-hypercall': 'log',
        },
        defaultAction: 'cold-restart',
        restartLimit: 5,
        watchdogTicks: 0,
      },
      canTx: [canId(0x7e8)],
      canRx: [canId(0x7e0), canId(0x7df)],
      canRxDepth: 8,
    }),
  ],
  plans: [
    {
      // 10 ms frame: the control loop runs at 100 Hz with 5 ms of CPU, diagnostics get 3 ms, 2 ms idle.
      name: 'normal',
      majorFrame: 10,
      slots: [
        { vm: 'control', start: 0, duration: 5 },
        { vm: 'diag', start: 5, duration: 3 },
      ],
    },
    {
      // Selected by the diagnostic guest during long diagnostic sessions (e.g. flashing, log dumps).
      name: 'diag-heavy',
      majorFrame: 10,
      slots: [
        { vm: 'control', start: 0, duration: 3 },
        { vm: 'diag', start: 3, duration: 6 },
      ],
    },
  ],
  ports: [
    samplingPort({
      name: 'vehicle_status',
      source: 'control',
      destinations: ['diag'],
      maxMessageSize: 32,
      refreshTicks: 50,
    }),
    queuingPort({
      name: 'control_faults',
      source: 'control',
      destinations: ['diag'],
      maxMessageSize: 16,
      depth: 16,
    }),
    queuingPort({
      name: 'setpoint_cmd',
      source: 'diag',
      destinations: ['control'],
      maxMessageSize: 16,
      depth: 4,
    }),
  ],
  console: consoleOn(0, ['control', 'diag']),
  vcanUart: 1,
  traceUart: 3,
  // The control guest polls GetTime thousands of times per tick: recording those would fill its share
  // of the trace ring with polls and Lost markers. Everything else is recorded.
  trace: { omitHypercalls: ['GetTime'] },
} as const satisfies SystemDescription;

export default system;
