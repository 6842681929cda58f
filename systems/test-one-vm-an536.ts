// The smallest hypervisor system of test-one-vm on the MPS3 AN536 board (Cortex-R52): one VM, `solo`,
// running the `ping` test guest in a 2-tick slot of a 4-tick major frame, its areas in DDR above the
// hypervisor's first MiB, its console on UART0 and the trace stream on UART3. Its MPU plan is the EL2
// MPU's (PMSAv8-32: one HPRBAR/HPRLAR pair per area).
import type { SystemDescription } from '../firmware/config/types.ts';
import { codeDataVm, consoleOn, KiB } from './parts.ts';

const AREA_SIZE = 64 * KiB;
const CODE_BASE = 0x2010_0000;
const DATA_BASE = 0x2011_0000;

export const system = {
  name: 'test-one-vm-an536',
  board: 'mps3-an536',
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
