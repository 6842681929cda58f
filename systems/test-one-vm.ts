// Smallest hypervisor system for QEMU tests (tests/e2e/hypervisor/boot.test.ts): one VM, `solo`, running
// the `ping` test guest in a 2-tick slot of a 4-tick major frame (the other 2 ticks are idle), with its
// console on UART0 and the trace stream on UART3.
import type { SystemDescription } from '../firmware/config/types.ts';
import { codeDataVm, consoleOn, KiB } from './parts.ts';

const AREA_SIZE = 64 * KiB;
const CODE_BASE = 0x0010_0000;
const DATA_BASE = 0x0011_0000;

export const system = {
  name: 'test-one-vm',
  board: 'realview-eb',
  tickMicroseconds: 1000,
  vms: [
    codeDataVm({
      name: 'solo',
      image: 'test/ping',
      code: { base: CODE_BASE, size: AREA_SIZE },
      data: { base: DATA_BASE, size: AREA_SIZE },
      health: { actions: {}, defaultAction: 'halt', restartLimit: 0, watchdogTicks: 0 },
    }),
  ],
  plans: [{ name: 'main', majorFrame: 4, slots: [{ vm: 'solo', start: 0, duration: 2 }] }],
  ports: [],
  console: consoleOn(0, ['solo']),
  vcanUart: -1,
  traceUart: 3,
} as const satisfies SystemDescription;

export default system;
