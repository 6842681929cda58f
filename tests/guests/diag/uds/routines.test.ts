// RoutineControl (0x31) and ECUReset (0x11) of the diagnostic guest's UDS server in Node
// (harness/diag-bench.ts): restart of the control partition through the real core (0x78 while the core
// restores its image in its own slots, then positive, or 0x22 when the core refuses it for a corrupted
// pristine image), the self-test with
// response pending (0x78 within P2, final response after at least 300 ms, CRC-32 of the code image,
// failing when the image changes), busy and sequence errors, resets answered before they happen.
import assert from 'node:assert/strict';
import { CONTROL_VM, DiagBench, leaveGuest, SIM_IMAGE_BYTES } from './harness/diag-bench.ts';
import { partitionOf } from '../../../../firmware/core/partition.ts';
import { VmState } from '../../../../firmware/core/hypercall-numbers.ts';
import demo from '../../../../systems/demo.ts';
import { installDiagPlatform } from '../../../../guests/diag/platform-simulation.ts';
import { UdsResponse } from '../../../../guests/diag/uds/protocol.ts';
import { routineControl, routinesInit, routinesStep } from '../../../../guests/diag/uds/routines.ts';
import { setMmioBus } from '../../../../transpiler/runtime/index.ts';
import { portSimulation } from '../../../../firmware/sim/port-simulation.ts';

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

const diagCode = demo.vms[1].memory[0];

describe('diag UDS server: routines (0x31) and ECU reset (0x11)', function () {
  this.timeout(20_000);
  let bench: DiagBench;
  beforeEach(() => {
    bench = new DiagBench();
    bench.run(30);
  });

  it('0x0200 restarts the control partition; results before start is 0x24, after it the VM state', () => {
    assert.deepEqual(bench.request([0x31, 0x03, 0x02, 0x00]), [0x7f, 0x31, 0x24]);
    assert.deepEqual(bench.request([0x31, 0x02, 0x02, 0x00]), [0x7f, 0x31, 0x24]);
    const startsBefore = bench.request([0x22, 0x01, 0x10])!.slice(6, 8);
    // Response pending while the hypervisor restores the control VM's image in its own slots, then the
    // final answer once it runs again.
    const answers = bench.requestAll([0x31, 0x01, 0x02, 0x00])!;
    assert.deepEqual(answers.at(-1), [0x71, 0x01, 0x02, 0x00, 0x00]);
    assert.deepEqual(
      answers.slice(0, -1),
      answers.slice(0, -1).map(() => [0x7f, 0x31, 0x78]),
    );
    assert.ok(answers.length >= 2, 'answered pending first');
    bench.run(20);
    assert.deepEqual(startsBefore, [0, 1]);
    assert.deepEqual(bench.request([0x22, 0x01, 0x10])!.slice(6, 8), [0, 2]);
    const results = bench.request([0x31, 0x03, 0x02, 0x00])!;
    assert.deepEqual(results.slice(0, 4), [0x71, 0x03, 0x02, 0x00]);
    assert.ok([1, 2, 3].includes(results[4]), `control VM state ${results[4]} (ready/running/waiting)`);
    const sent = bench.responses.length;
    const sprb = bench.requestAll([0x31, 0x81, 0x02, 0x00])!;
    assert.deepEqual(
      sprb.at(-1),
      [0x71, 0x01, 0x02, 0x00, 0x00],
      'after 0x78 the final response goes out despite SPRB (ISO 14229-1)',
    );
    assert.equal(bench.responses.length, sent + sprb.length);
  });

  it('0x0200 answers 0x22 when the hypervisor refuses the cold restart (corrupted pristine image)', () => {
    // The integrity check reads the images through the port simulation (firmware/port/guest-image.ts): the
    // control VM's pristine copy no longer matches the digest the build recorded.
    const sim = portSimulation('test');
    const bytes = Uint8Array.of(1, 2, 3, 4);
    sim.imageOverrides[CONTROL_VM] = { running: bytes, pristine: bytes, expected: crc32(bytes) ^ 1 };
    try {
      assert.deepEqual(bench.request([0x31, 0x01, 0x02, 0x00]), [0x7f, 0x31, 0x22]);
      assert.deepEqual(bench.request([0x31, 0x03, 0x02, 0x00]), [0x7f, 0x31, 0x24], 'no restart to report');
      assert.equal(partitionOf(CONTROL_VM).state, VmState.Halted, 'refused: the control VM is left halted');
    } finally {
      sim.imageOverrides[CONTROL_VM] = undefined;
    }
  });

  it('checks length, sub-function and routine identifier', () => {
    assert.deepEqual(bench.request([0x31]), [0x7f, 0x31, 0x13]);
    assert.deepEqual(bench.request([0x31, 0x04, 0x02, 0x00]), [0x7f, 0x31, 0x12]);
    assert.deepEqual(bench.request([0x31, 0x01, 0x02]), [0x7f, 0x31, 0x13]);
    assert.deepEqual(bench.request([0x31, 0x01, 0x12, 0x34]), [0x7f, 0x31, 0x31]);
    assert.deepEqual(bench.request([0x31, 0x01, 0xf0, 0x00, 0x00]), [0x7f, 0x31, 0x13]);
  });

  it('self-test: 0x78 within P2, final response after >= 300 ms, results pass with the image CRC', () => {
    assert.deepEqual(bench.request([0x31, 0x03, 0xf0, 0x00]), [0x7f, 0x31, 0x24], 'results before start');
    const sentAt = bench.machine.ticks;
    const first = bench.responses.length;
    const all = bench.requestAll([0x31, 0x81, 0xf0, 0x00], { timeoutTicks: 1000 })!;
    assert.deepEqual(
      all,
      [
        [0x7f, 0x31, 0x78],
        [0x71, 0x01, 0xf0, 0x00, 0x00],
      ],
      'final response sent despite SPRB once 0x78 went out',
    );
    const [pending, final] = bench.responses.slice(first);
    assert.ok(pending.tick - sentAt < 50, `0x78 after ${pending.tick - sentAt} ms (P2 = 50 ms)`);
    assert.ok(final.tick - sentAt >= 300, `final after ${final.tick - sentAt} ms`);
    assert.ok(final.tick - sentAt < 400, `final after ${final.tick - sentAt} ms`);
    const crc = crc32(bench.machine.memory.read(diagCode.base, SIM_IMAGE_BYTES));
    const be = [(crc >>> 24) & 0xff, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff];
    assert.deepEqual(bench.request([0x31, 0x03, 0xf0, 0x00]), [0x71, 0x03, 0xf0, 0x00, 0x00, ...be]);
  });

  it('self-test: busy (0x21) while pending, stop, sequence errors, and fail when the image changed', () => {
    bench.sendFrame(0x7e0, [0x04, 0x31, 0x01, 0xf0, 0x00, 0xaa, 0xaa, 0xaa]);
    bench.run(20);
    assert.deepEqual(bench.request([0x22, 0xf1, 0x90]), [0x7f, 0x22, 0x21]);
    assert.deepEqual(bench.request([0x3e, 0x00]), [0x7e, 0x00], 'TesterPresent still served');
    bench.run(400);
    assert.deepEqual(bench.request([0x31, 0x02, 0xf0, 0x00]), [0x7f, 0x31, 0x24], 'stop when not running');
    // Change one byte of the code image: the self-test must fail and report the new CRC.
    const byte = bench.machine.memory.read(diagCode.base + 100, 1);
    byte[0] ^= 0xff;
    bench.machine.memory.write(diagCode.base + 100, byte);
    const all = bench.requestAll([0x31, 0x01, 0xf0, 0x00], { timeoutTicks: 1000 })!;
    assert.deepEqual(all[all.length - 1], [0x71, 0x01, 0xf0, 0x00, 0x01]);
    const crc = crc32(bench.machine.memory.read(diagCode.base, SIM_IMAGE_BYTES));
    assert.deepEqual(bench.request([0x31, 0x03, 0xf0, 0x00])!.slice(4), [
      0x01,
      (crc >>> 24) & 0xff,
      (crc >>> 16) & 0xff,
      (crc >>> 8) & 0xff,
      crc & 0xff,
    ]);
    bench.sendFrame(0x7e0, [0x04, 0x31, 0x01, 0xf0, 0x00, 0xaa, 0xaa, 0xaa]);
    bench.run(20);
    assert.deepEqual(bench.request([0x31, 0x01, 0xf0, 0x00]), [0x7f, 0x31, 0x24], 'start while running');
    assert.deepEqual(bench.request([0x31, 0x02, 0xf0, 0x00]), [0x71, 0x02, 0xf0, 0x00], 'stop while running');
    const afterStop = bench.responses.length;
    bench.run(500);
    assert.equal(bench.responses.length, afterStop, 'no final response after a stop');
    assert.deepEqual(bench.request([0x22, 0xf1, 0x8c])?.slice(0, 3), [0x62, 0xf1, 0x8c], 'not busy any more');
  });

  it('repeats response pending at most every 2000 ms while a long self-test runs (2 MiB image)', () => {
    const imageBytes = 2 * 1024 * 1024;
    installDiagPlatform({
      retainedBase: 0,
      retainedBytes: 0,
      codeBase: 0x0020_0000,
      imageBytes,
      controlVm: 0,
      normalPlan: 0xffffffff,
      heavyPlan: 0xffffffff,
    });
    setMmioBus({ read: (address) => (address * 2654435761) >>> 0, write: () => undefined });
    try {
      routinesInit(1);
      const response = new UdsResponse();
      routineControl(Uint8Array.from([0x31, 0x01, 0xf0, 0x00]), 4, response, 0);
      assert.deepEqual([...response.data.subarray(0, response.length)], [0x7f, 0x31, 0x78]);
      const sent: { at: number; bytes: number[] }[] = [];
      for (
        let now = 5;
        now < 20_000 && (sent.length === 0 || sent[sent.length - 1].bytes[0] !== 0x71);
        now += 5
      ) {
        if (routinesStep(response, now))
          sent.push({ at: now, bytes: [...response.data.subarray(0, response.length)] });
      }
      const final = sent[sent.length - 1];
      assert.deepEqual(final.bytes, [0x71, 0x01, 0xf0, 0x00, 0x00], 'pass: the image did not change');
      assert.equal(final.at, (imageBytes / 2048) * 5, 'one 2 KiB chunk per pass');
      const pendings = sent.slice(0, -1);
      assert.deepEqual(
        pendings.map((p) => p.bytes),
        pendings.map(() => [0x7f, 0x31, 0x78]),
      );
      const times = [0, ...pendings.map((p) => p.at), final.at];
      for (let i = 1; i < times.length; i++)
        assert.ok(times[i] - times[i - 1] <= 2000, `gap ${times[i - 1]}..${times[i]}`);
      assert.equal(pendings.length, 2, `repeats at ${pendings.map((p) => p.at).join(', ')}`);
    } finally {
      leaveGuest();
    }
  });

  it('ECUReset: 0x12 and 0x13 paths; 11 03 restarts only diag, 11 01 control and diag, answered first', () => {
    assert.deepEqual(bench.request([0x11, 0x02]), [0x7f, 0x11, 0x12]);
    assert.deepEqual(bench.request([0x11]), [0x7f, 0x11, 0x13]);
    assert.deepEqual(bench.request([0x11, 0x03, 0x00]), [0x7f, 0x11, 0x13]);
    bench.request([0x10, 0x03]);
    assert.deepEqual(bench.request([0x11, 0x03]), [0x51, 0x03]);
    bench.run(40);
    assert.deepEqual(bench.request([0x85, 0x01]), [0x7f, 0x85, 0x7f], 'restarted in the default session');
    assert.deepEqual(bench.request([0x22, 0x01, 0x10])!.slice(4, 16), [0, 1, 0, 1, 0, 0, 1, 2, 0, 2, 0, 0]);
    assert.deepEqual(bench.request([0x11, 0x01]), [0x51, 0x01]);
    // Both cold restarts restore their images in their own slots before the VMs run again.
    bench.run(200);
    const table = bench.request([0x22, 0x01, 0x10])!;
    assert.deepEqual(
      [table.slice(6, 8), table.slice(12, 14)],
      [
        [0, 2],
        [0, 3],
      ],
    );
    bench.request([0x11, 0x83], { timeoutTicks: 40 });
    bench.run(200);
    assert.equal((bench.console().match(/UDS server/g) ?? []).length, 4, 'three resets, SPRB one silent');
  });
});
