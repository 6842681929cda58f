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
import { canId, codeDataVm, consoleOn, KiB, queuingPort, samplingPort, writerReaderPorts } from './parts.ts';

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
/** Ticks after which the sampling port `latest` (writer to reader) reports its message stale. */
const LATEST_REFRESH_TICKS = 20;

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
  return codeDataVm({
    name,
    image,
    code: { base: codeBase, size: AREA_SIZE },
    data: { base: dataBase, size: AREA_SIZE },
    health: neighbourHealth,
  });
}

/** Major frame of both plans, in ticks. */
const FRAME_TICKS = 10;

/** The windows of both plans: the fuzzer's half frame, one tick per neighbour, two idle ticks. */
function fuzzWindows() {
  return [
    { vm: 'fuzz', start: 0, duration: 5 },
    { vm: 'writer', start: 5, duration: 1 },
    { vm: 'reader', start: 6, duration: 1 },
    { vm: 'ping', start: 7, duration: 1 },
  ] as const;
}

export const system = {
  name: 'test-fuzz',
  board: 'realview-eb',
  tickMicroseconds: 1000,
  vms: [
    codeDataVm({
      name: 'fuzz',
      image: 'test/hc-fuzzer',
      code: { base: FUZZ_CODE_BASE, size: AREA_SIZE },
      data: { base: FUZZ_DATA_BASE, size: AREA_SIZE },
      moreMemory: [{ name: 'scratch', base: FUZZ_SCRATCH_BASE, size: SCRATCH_SIZE, access: 'rwx' }],
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
      canTx: [canId(0x321)],
      canRx: [canId(0x7df)],
      canRxDepth: 4,
    }),
    neighbour('writer', 'test/port-writer', WRITER_CODE_BASE, WRITER_DATA_BASE),
    neighbour('reader', 'test/port-reader', READER_CODE_BASE, READER_DATA_BASE),
    neighbour('ping', 'test/ping', PING_CODE_BASE, PING_DATA_BASE),
  ],
  plans: [
    { name: 'main', majorFrame: FRAME_TICKS, slots: fuzzWindows() },
    // The fuzzer may switch to it (switch-plan): the same windows as `main`, so a switch it makes
    // changes nothing for the neighbours while the plan-switch path is exercised.
    { name: 'spare', majorFrame: FRAME_TICKS, slots: fuzzWindows() },
  ],
  ports: [
    ...writerReaderPorts('writer', 'reader', LATEST_REFRESH_TICKS),
    queuingPort({ name: 'fuzz_queue', source: 'fuzz', destinations: ['ping'], maxMessageSize: 32, depth: 4 }),
    samplingPort({
      name: 'fuzz_sample',
      source: 'fuzz',
      destinations: ['ping'],
      maxMessageSize: 24,
      refreshTicks: 10,
    }),
    samplingPort({
      name: 'to_fuzz_sample',
      source: 'ping',
      destinations: ['fuzz'],
      maxMessageSize: 8,
      refreshTicks: 0,
    }),
    queuingPort({ name: 'to_fuzz', source: 'ping', destinations: ['fuzz'], maxMessageSize: 16, depth: 2 }),
  ],
  console: [{ vm: 'fuzz', uart: 2 }, ...consoleOn(0, ['writer', 'reader', 'ping'])],
  vcanUart: 1,
  traceUart: 3,
  invariantsReportTicks: INVARIANTS_REPORT_TICKS,
} as const satisfies SystemDescription;

export default system;
