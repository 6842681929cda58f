// DTCs of the diagnostic guest's UDS server in Node (harness/diag-bench.ts): faults of the control VM
// (`control_faults`) and of the hypervisor's health monitor (a real MPU violation and a bad hypercall
// of the control VM, logged by the real core) become DTCs with ISO 14229-1 status bits; 0x19 0x01,
// 0x02, 0x0A; 0x14 clears; 0x85 stops recording; the store survives restarts of the guest (soft and
// hard reset), the fault log is resumed without double counting, and a corrupted store is formatted.
import assert from 'node:assert/strict';
import { DiagBench, NVM } from './harness/diag-bench.ts';
import { Hypercall } from '../../../../firmware/core/hypercall-numbers.ts';
import { DTC_STORE_CAPACITY, TRACKED_VMS } from '../../../../guests/diag/uds/config.ts';
import {
  RETAINED_WORDS,
  WORD_CRC,
  WORD_DTC_BASE,
  WORD_RESERVED_BASE,
} from '../../../../guests/diag/uds/retained.ts';

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** `59 02 2F` + records → [dtc, status] pairs. */
function records(response: number[] | null): [number, number][] {
  assert.ok(response !== null && response[0] === 0x59, `0x19 response ${String(response)}`);
  const out: [number, number][] = [];
  for (let i = 3; i + 4 <= response.length; i += 4) {
    out.push([(response[i] << 16) | (response[i + 1] << 8) | response[i + 2], response[i + 3]]);
  }
  return out;
}

describe('diag UDS server: DTCs (0x14, 0x19, 0x85) and the retained store', function () {
  this.timeout(20_000);
  let bench: DiagBench;
  beforeEach(() => {
    bench = new DiagBench();
    bench.run(30);
  });

  it('lays out the retained block as config.ts sizes it, inside the nvm area', () => {
    assert.equal(WORD_DTC_BASE, WORD_RESERVED_BASE + 2 * TRACKED_VMS);
    assert.equal(WORD_CRC, WORD_DTC_BASE + DTC_STORE_CAPACITY);
    assert.equal(RETAINED_WORDS, WORD_CRC + 1);
    assert.ok(RETAINED_WORDS * 4 <= NVM.size);
  });

  it('turns control faults into DTC 0xC100cc with status 0x2F; recovery clears testFailed only', () => {
    assert.deepEqual(bench.request([0x19, 0x01, 0xff]), [0x59, 0x01, 0x2f, 0x01, 0x00, 0x00]);
    bench.controlFault(1);
    bench.controlFault(3);
    bench.run(30);
    assert.deepEqual(bench.request([0x19, 0x01, 0xff]), [0x59, 0x01, 0x2f, 0x01, 0x00, 0x02]);
    assert.deepEqual(records(bench.request([0x19, 0x02, 0xff])), [
      [0xc10001, 0x2f],
      [0xc10003, 0x2f],
    ]);
    bench.controlFault(4);
    bench.run(30);
    assert.deepEqual(records(bench.request([0x19, 0x02, 0xff])), [
      [0xc10001, 0x2e],
      [0xc10003, 0x2f],
    ]);
    assert.deepEqual(records(bench.request([0x19, 0x02, 0x01])), [[0xc10003, 0x2f]], 'testFailed only');
    assert.deepEqual(bench.request([0x19, 0x01, 0x01]), [0x59, 0x01, 0x2f, 0x01, 0x00, 0x01]);
    assert.deepEqual(bench.request([0x19, 0x02, 0x10]), [0x59, 0x02, 0x2f], 'unsupported bit: none');
    assert.match(bench.console(), /diag: control fault code 3 at period \d+, speed 0\.00 km\/h/);
  });

  it('turns health-monitor events of the real core into DTC 0xB1vvee (MPU violation, bad hypercall)', () => {
    bench.controlOnce((g) => g.store(0x0000_0100, [1]));
    bench.run(30);
    bench.controlOnce((g) => g.call(Hypercall.ConsoleWrite, 0x0000_0100, 4));
    bench.run(30);
    assert.deepEqual(records(bench.request([0x19, 0x02, 0x08])), [
      [0xb10000, 0x2f],
      [0xb10003, 0x2f],
    ]);
    const table = bench.request([0x22, 0x01, 0x10])!;
    assert.deepEqual(table.slice(8, 10), [0, 2], 'two faults of the control VM seen');
  });

  it('lists supported DTCs (0x0A) with their status', () => {
    bench.controlFault(6);
    bench.run(30);
    const all = records(bench.request([0x19, 0x0a]));
    const expected: number[] = [];
    for (let vm = 0; vm < 2; vm++) for (let e = 0; e < 6; e++) expected.push(0xb10000 | (vm << 8) | e);
    expected.push(0xb1ff05, 0xc10001, 0xc10002, 0xc10003, 0xc10005, 0xc10006);
    assert.deepEqual(
      all.map(([dtc]) => dtc),
      expected,
    );
    assert.deepEqual(
      all.filter(([, status]) => status !== 0),
      [[0xc10006, 0x2f]],
    );
  });

  it('checks lengths and sub-functions of 0x19 and 0x14; clears all with 14 FF FF FF', () => {
    bench.controlFault(2);
    bench.run(30);
    assert.deepEqual(bench.request([0x19]), [0x7f, 0x19, 0x13]);
    assert.deepEqual(bench.request([0x19, 0x03, 0xff]), [0x7f, 0x19, 0x12]);
    assert.deepEqual(bench.request([0x19, 0x81, 0xff]), [0x7f, 0x19, 0x12], 'no SPRB on 0x19');
    assert.deepEqual(bench.request([0x19, 0x02]), [0x7f, 0x19, 0x13]);
    assert.deepEqual(bench.request([0x19, 0x0a, 0x00]), [0x7f, 0x19, 0x13]);
    assert.deepEqual(bench.request([0x14, 0xff, 0xff]), [0x7f, 0x14, 0x13]);
    assert.deepEqual(bench.request([0x14, 0x00, 0x01, 0x00]), [0x7f, 0x14, 0x31]);
    assert.deepEqual(bench.request([0x14, 0xff, 0xff, 0xff]), [0x54]);
    assert.deepEqual(bench.request([0x19, 0x01, 0xff]), [0x59, 0x01, 0x2f, 0x01, 0x00, 0x00]);
  });

  it('0x85: extended session only; off stops recording, on (or the default session) resumes', () => {
    assert.deepEqual(bench.request([0x85, 0x02]), [0x7f, 0x85, 0x7f]);
    bench.request([0x10, 0x03]);
    assert.deepEqual(bench.request([0x85, 0x03]), [0x7f, 0x85, 0x12]);
    assert.deepEqual(bench.request([0x85, 0x02, 0x00]), [0x7f, 0x85, 0x13]);
    assert.deepEqual(bench.request([0x85, 0x02]), [0xc5, 0x02]);
    bench.controlFault(1);
    bench.run(30);
    assert.deepEqual(bench.request([0x19, 0x01, 0xff])!.slice(4), [0x00, 0x00], 'not recorded');
    bench.request([0x85, 0x81], { timeoutTicks: 30 });
    bench.controlFault(2);
    bench.run(30);
    assert.deepEqual(records(bench.request([0x19, 0x02, 0xff])), [[0xc10002, 0x2f]]);
    bench.request([0x85, 0x02]);
    bench.request([0x10, 0x01]);
    bench.controlFault(3);
    bench.run(30);
    assert.equal(records(bench.request([0x19, 0x02, 0xff])).length, 2, 'default session turned it on');
  });

  it('keeps DTCs across soft and hard resets and reads the fault log on without double counting', () => {
    bench.controlFault(1);
    bench.controlOnce((g) => g.store(0x0000_0100, [1]));
    bench.run(40);
    const before = records(bench.request([0x19, 0x02, 0xff]));
    assert.equal(before.length, 2);
    assert.deepEqual(bench.request([0x11, 0x03]), [0x51, 0x03]);
    bench.run(50);
    assert.deepEqual(records(bench.request([0x19, 0x02, 0xff])), before, 'after softReset');
    assert.deepEqual(bench.request([0x22, 0x01, 0x10])!.slice(8, 10), [0, 1], 'the fault counted once');
    assert.deepEqual(bench.request([0x11, 0x01]), [0x51, 0x01]);
    bench.run(200);
    assert.deepEqual(records(bench.request([0x19, 0x02, 0xff])), before, 'after hardReset');
    const table = bench.request([0x22, 0x01, 0x10])!;
    assert.deepEqual(
      table.slice(6, 10),
      [0, 3, 0, 1],
      'control: restarted by the health monitor and by 11 01',
    );
    assert.equal((bench.console().match(/UDS server/g) ?? []).length, 3, 'diag started three times');
    assert.doesNotMatch(bench.console(), /store formatted[\s\S]*store formatted/, 'formatted once only');
  });

  it('after a hypervisor restart (log shorter than the saved position) reads the log from 0 again', () => {
    bench.controlFault(1);
    bench.controlOnce((g) => g.store(0x0000_0100, [1]));
    bench.run(40);
    const image = bench.retained();
    const view = new DataView(image.buffer, image.byteOffset);
    assert.equal(view.getUint32(2 * 4, true), 1, 'one fault-log entry read');
    // The same store after a power cycle that kept the area, with the position at 50.
    view.setUint32(2 * 4, 50, true);
    view.setUint32(WORD_CRC * 4, crc32(image.subarray(0, WORD_CRC * 4)), true);
    const next = new DiagBench();
    next.machine.memory.write(NVM.base, image);
    next.run(30);
    assert.doesNotMatch(next.console(), /store formatted/);
    assert.deepEqual(
      records(next.request([0x19, 0x02, 0xff])),
      [
        [0xc10001, 0x2d],
        [0xb10000, 0x2d],
      ],
      'testFailedThisOperationCycle cleared',
    );
    next.controlOnce((g) => g.store(0x0000_0100, [1]));
    next.run(40);
    assert.deepEqual(
      records(next.request([0x19, 0x02, 0xff])),
      [
        [0xc10001, 0x2d],
        [0xb10000, 0x2f],
      ],
      "the new cycle's first fault is read",
    );
  });

  it('loads a valid store at start and formats a corrupted one (bad CRC)', () => {
    bench.controlFault(1);
    bench.run(30);
    const image = bench.retained();
    const valid = new DiagBench();
    valid.machine.memory.write(NVM.base, image);
    valid.run(30);
    assert.deepEqual(records(valid.request([0x19, 0x02, 0xff])), [[0xc10001, 0x2f]], 'store loaded');
    assert.doesNotMatch(valid.console(), /store formatted/);
    const corrupted = new DiagBench();
    image[22 * 4] ^= 0x40;
    corrupted.machine.memory.write(NVM.base, image);
    corrupted.run(30);
    assert.match(corrupted.console(), /store formatted/);
    assert.deepEqual(corrupted.request([0x19, 0x01, 0xff]), [0x59, 0x01, 0x2f, 0x01, 0x00, 0x00]);
  });
});
