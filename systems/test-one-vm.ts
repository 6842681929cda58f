// Smallest hypervisor system for QEMU tests (tests/e2e/hypervisor/boot.test.ts): one VM, `solo`, running
// the `ping` test guest in a 2-tick slot of a 4-tick major frame (the other 2 ticks are idle), with its
// console on UART0 and the trace stream on UART3.
import type { SystemDescription } from '../firmware/config/types.ts';

const KiB = 1024;
const AREA_SIZE = 64 * KiB;
const CODE_BASE = 0x0010_0000;
const DATA_BASE = 0x0011_0000;

export const system = {
  name: 'test-one-vm',
  board: 'realview-eb',
  tickMicroseconds: 1000,
  vms: [
    {
      name: 'solo',
      image: 'test/ping',
      entry: CODE_BASE,
      stackTop: DATA_BASE + AREA_SIZE,
      memory: [
        { name: 'code', base: CODE_BASE, size: AREA_SIZE, access: 'rx' },
        { name: 'data', base: DATA_BASE, size: AREA_SIZE, access: 'rw' },
      ],
      devices: [],
      capabilities: [],
      health: { actions: {}, defaultAction: 'halt', restartLimit: 0, watchdogTicks: 0 },
      canTx: [],
      canRx: [],
      canRxDepth: 0,
      usesFpu: false,
    },
  ],
  plans: [{ name: 'main', majorFrame: 4, slots: [{ vm: 'solo', start: 0, duration: 2 }] }],
  ports: [],
  console: [{ vm: 'solo', uart: 0 }],
  vcanUart: -1,
  traceUart: 3,
} as const satisfies SystemDescription;

export default system;
