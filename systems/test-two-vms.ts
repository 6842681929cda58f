// Test system for the hypervisor's QEMU tests: two small C test guests, `alpha` and `beta`, on
// realview-eb; one plan whose 6-tick major frame gives alpha 2 ticks, beta 3 ticks and leaves 1 tick
// idle; a queuing and a sampling port from alpha to beta; MPU violations restart the offender (warm),
// bad hypercalls are only logged. The guests default to the port writer/reader pair; tests build other
// test guests (guests/test/*) for the same VMs with `buildGuest(..., { image })`.
import type { SystemDescription } from '../firmware/config/types.ts';
import { codeDataVm, consoleOn, KiB, writerReaderPorts } from './parts.ts';

/** Each VM: 64 KiB of code and 64 KiB of data + stack, each one MPU region (power of two, aligned). */
const AREA_SIZE = 64 * KiB;
const ALPHA_CODE_BASE = 0x0010_0000;
const ALPHA_DATA_BASE = 0x0011_0000;
const BETA_CODE_BASE = 0x0020_0000;
const BETA_DATA_BASE = 0x0021_0000;
/** Ticks after which the sampling port `latest` reports its message stale. */
const LATEST_REFRESH_TICKS = 12;

const testHealth = {
  actions: {
    'mpu-violation': 'warm-restart',
    'undefined-instruction': 'warm-restart',
    'prefetch-abort': 'warm-restart',
    'bad-hypercall': 'log',
  },
  defaultAction: 'halt',
  restartLimit: 3,
  watchdogTicks: 0,
} as const;

export const system = {
  name: 'test-two-vms',
  board: 'realview-eb',
  tickMicroseconds: 1000,
  vms: [
    codeDataVm({
      name: 'alpha',
      image: 'test/port-writer',
      code: { base: ALPHA_CODE_BASE, size: AREA_SIZE },
      data: { base: ALPHA_DATA_BASE, size: AREA_SIZE },
      health: testHealth,
    }),
    codeDataVm({
      name: 'beta',
      image: 'test/port-reader',
      code: { base: BETA_CODE_BASE, size: AREA_SIZE },
      data: { base: BETA_DATA_BASE, size: AREA_SIZE },
      health: testHealth,
      usesFpu: true,
    }),
  ],
  plans: [
    {
      name: 'main',
      majorFrame: 6,
      slots: [
        { vm: 'alpha', start: 0, duration: 2 },
        { vm: 'beta', start: 2, duration: 3 },
      ],
    },
  ],
  ports: writerReaderPorts('alpha', 'beta', LATEST_REFRESH_TICKS),
  console: consoleOn(0, ['alpha', 'beta']),
  vcanUart: -1,
  traceUart: 3,
} as const satisfies SystemDescription;

export default system;
