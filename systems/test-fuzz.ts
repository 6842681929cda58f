// Test system for the hypercall fuzzer (tests/e2e/robustness/fuzzer.test.ts, fuzz-long.ts): the `fuzz`
// VM runs the `test/hc-fuzzer` guest for half of each 10-tick frame; its neighbours are the port writer
// and reader pair (queuing port `numbers`, sampling port `latest`) and `ping`, one tick each, then two
// idle ticks. The fuzzer's console goes to UART2 (the random buffers it writes are not text), so UART0
// keeps the neighbours' lines and the hypervisor's own (`hv: invariants ok <checks>` every 100 ticks).
// The fuzzer owns a small rwx `scratch` area (where it assembles each SVC), is the source of a queuing
// and a sampling port and the destination of two that are never written, may send CAN 0x321 and receive
// 0x7DF, and has the capabilities that cannot disturb its neighbours, so those calls' checks are
// reached: `read-fault-log`, `vm-status` and `switch-plan` (its second plan has the same windows as the
// first); bad hypercalls are only logged, faults restart it (warm).
import type { SystemDescription } from '../firmware/config/types.ts';

const KiB = 1024;
const AREA_SIZE = 64 * KiB;
const SCRATCH_SIZE = 4 * KiB;
const FUZZ_CODE_BASE = 0x0010_0000;
const FUZZ_DATA_BASE = 0x0011_0000;
const FUZZ_SCRATCH_BASE = 0x0012_0000;
const WRITER_CODE_BASE = 0x0020_0000;
const WRITER_DATA_BASE = 0x0021_0000;
const READER_CODE_BASE = 0x0030_0000;
const READER_DATA_BASE = 0x0031_0000;
const PING_CODE_BASE = 0x0040_0000;
const PING_DATA_BASE = 0x0041_0000;
/** Ticks between two `hv: invariants ok` lines. */
const INVARIANTS_REPORT_TICKS = 100;

const neighbourHealth = {
  actions: {
    'mpu-violation': 'halt',
    'undefined-instruction': 'halt',
    'prefetch-abort': 'halt',
    'bad-hypercall': 'halt',
  },
  defaultAction: 'halt',
  restartLimit: 0,
  watchdogTicks: 0,
} as const;

function neighbour(name: string, image: string, codeBase: number, dataBase: number) {
  return {
    name,
    image,
    entry: codeBase,
    stackTop: dataBase + AREA_SIZE,
    memory: [
      { name: 'code', base: codeBase, size: AREA_SIZE, access: 'rx' },
      { name: 'data', base: dataBase, size: AREA_SIZE, access: 'rw' },
    ],
    devices: [],
    capabilities: [],
    health: neighbourHealth,
    canTx: [],
    canRx: [],
    canRxDepth: 0,
    usesFpu: false,
  } as const;
}

export const system = {
  name: 'test-fuzz',
  board: 'realview-eb',
  tickMicroseconds: 1000,
  vms: [
    {
      name: 'fuzz',
      image: 'test/hc-fuzzer',
      entry: FUZZ_CODE_BASE,
      stackTop: FUZZ_DATA_BASE + AREA_SIZE,
      memory: [
        { name: 'code', base: FUZZ_CODE_BASE, size: AREA_SIZE, access: 'rx' },
        { name: 'data', base: FUZZ_DATA_BASE, size: AREA_SIZE, access: 'rw' },
        { name: 'scratch', base: FUZZ_SCRATCH_BASE, size: SCRATCH_SIZE, access: 'rwx' },
      ],
      devices: [],
      capabilities: ['read-fault-log', 'vm-status', 'switch-plan'],
      health: {
        actions: {
          'mpu-violation': 'warm-restart',
          'undefined-instruction': 'warm-restart',
          'prefetch-abort': 'warm-restart',
          'bad-hypercall': 'log',
          watchdog: 'warm-restart',
        },
        defaultAction: 'warm-restart',
        restartLimit: 255,
        watchdogTicks: 0,
      },
      canTx: [{ match: 0x321, mask: 0x7ff, extended: false }],
      canRx: [{ match: 0x7df, mask: 0x7ff, extended: false }],
      canRxDepth: 4,
      usesFpu: false,
    },
    neighbour('writer', 'test/port-writer', WRITER_CODE_BASE, WRITER_DATA_BASE),
    neighbour('reader', 'test/port-reader', READER_CODE_BASE, READER_DATA_BASE),
    neighbour('ping', 'test/ping', PING_CODE_BASE, PING_DATA_BASE),
  ],
  plans: [
    {
      name: 'main',
      majorFrame: 10,
      slots: [
        { vm: 'fuzz', start: 0, duration: 5 },
        { vm: 'writer', start: 5, duration: 1 },
        { vm: 'reader', start: 6, duration: 1 },
        { vm: 'ping', start: 7, duration: 1 },
      ],
    },
    {
      // The fuzzer may switch to it (switch-plan): the same windows as `main`, so a switch it makes
      // changes nothing for the neighbours while the plan-switch path is exercised.
      name: 'spare',
      majorFrame: 10,
      slots: [
        { vm: 'fuzz', start: 0, duration: 5 },
        { vm: 'writer', start: 5, duration: 1 },
        { vm: 'reader', start: 6, duration: 1 },
        { vm: 'ping', start: 7, duration: 1 },
      ],
    },
  ],
  ports: [
    {
      name: 'numbers',
      kind: 'queuing',
      source: 'writer',
      destinations: ['reader'],
      maxMessageSize: 16,
      depth: 8,
      refreshTicks: 0,
    },
    {
      name: 'latest',
      kind: 'sampling',
      source: 'writer',
      destinations: ['reader'],
      maxMessageSize: 16,
      depth: 1,
      refreshTicks: 20,
    },
    {
      name: 'fuzz_queue',
      kind: 'queuing',
      source: 'fuzz',
      destinations: ['ping'],
      maxMessageSize: 32,
      depth: 4,
      refreshTicks: 0,
    },
    {
      name: 'fuzz_sample',
      kind: 'sampling',
      source: 'fuzz',
      destinations: ['ping'],
      maxMessageSize: 24,
      depth: 1,
      refreshTicks: 10,
    },
    {
      name: 'to_fuzz_sample',
      kind: 'sampling',
      source: 'ping',
      destinations: ['fuzz'],
      maxMessageSize: 8,
      depth: 1,
      refreshTicks: 0,
    },
    {
      name: 'to_fuzz',
      kind: 'queuing',
      source: 'ping',
      destinations: ['fuzz'],
      maxMessageSize: 16,
      depth: 2,
      refreshTicks: 0,
    },
  ],
  console: [
    { vm: 'fuzz', uart: 2 },
    { vm: 'writer', uart: 0 },
    { vm: 'reader', uart: 0 },
    { vm: 'ping', uart: 0 },
  ],
  vcanUart: 1,
  traceUart: 3,
  invariantsReportTicks: INVARIANTS_REPORT_TICKS,
} as const satisfies SystemDescription;

export default system;
