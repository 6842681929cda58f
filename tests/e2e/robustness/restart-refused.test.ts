// A refused cold restart reaches the tester as a negative response, on QEMU (-icount shift=0): the
// test-uds system (systems/test-uds.ts) boots with its images intact; at the first hypercall the control
// VM's pristine image copy is corrupted through the gdb stub; then the host tester asks the diagnostic
// guest over SLCAN for routine 0x0200 (cold restart of the control partition). The hypervisor refuses
// the restart (integrity event, `hv:` console line with the recorded and found digests, control VM
// halted) and answers the diagnostic VM's VmRestart with ImageCorrupt, which the UDS server turns into
// NRC 0x22 conditionsNotCorrect; the routine's results stay 0x24 (no restart was accepted). Recorded
// with recordReliability (suite `restart-refused`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

import { launch } from '../../../qemu/runner/index.ts';
import { RoutineControlType } from '../../../qemu/uds/client.ts';
import type { UdsConnection } from '../../../qemu/uds/connect.ts';
import testUds from '../../../systems/test-uds.ts';
import { recordReliability } from '../../reliability/record.ts';
import { requireQemuForTests } from '../helpers/require-qemu.ts';
import { connectTesterTo, nrcOf, udsImage } from '../uds/helpers/uds-system.ts';
import { runGdb } from './faults-support.ts';

const CONTROL_VM = testUds.vms.findIndex((vm) => vm.name === 'control');
const ROUTINE_RESTART_CONTROL = 0x0200;
const NRC_CONDITIONS_NOT_CORRECT = 0x22;
const NRC_REQUEST_SEQUENCE_ERROR = 0x24;
/** Offset inside the control VM's image of the byte flipped in its pristine copy, and the flip. */
const CORRUPT_OFFSET = 0x40;
const CORRUPT_MASK = 0x10;
/** Wall-time limits: the diagnostic guest answering at all, and the whole QEMU run. */
const READY_MS = 30_000;
const RUN_LIMIT_MS = 90_000;

const hex8 = (value: number): string => `0x${(value >>> 0).toString(16).padStart(8, '0')}`;

describe('robustness on QEMU: a refused cold restart is answered, not reported as done (icount)', function () {
  this.timeout(180_000);
  let answered = false;

  before(() => requireQemuForTests());

  after(() => {
    recordReliability({
      suite: 'restart-refused',
      title: 'Cold restart requested over UDS from a corrupted pristine image (QEMU, icount)',
      entries: [
        {
          category: 'fault',
          name: 'control VM pristine image copy corrupted through the debugger, then UDS routine 0x0200 (cold restart)',
          count: 1,
          outcome: answered
            ? 'refused: integrity event and console line, control VM left halted, VmRestart answered ImageCorrupt, tester got NRC 0x22'
            : 'not answered as expected',
          hypervisorFailures: answered ? 0 : 1,
          lostMessages: 0,
        },
      ],
    });
  });

  it('answers routine 0x0200 with NRC 0x22 when the control image copy fails its integrity check', async () => {
    const built = await udsImage();
    const placement = built.placements[CONTROL_VM];
    assert.ok(placement !== undefined && placement.vm === 'control', 'control VM placement');
    const image = readFileSync(join(built.dir, 'embed', `vm${CONTROL_VM}_image.bin`));
    const flipped = Buffer.from(image);
    flipped[CORRUPT_OFFSET] = flipped[CORRUPT_OFFSET] ^ CORRUPT_MASK;
    const expected = crc32(image) >>> 0;
    const found = crc32(flipped) >>> 0;
    const target = hex8(placement.pristine + CORRUPT_OFFSET);

    const vm = await launch({
      elf: built.elf,
      icount: { shift: 0, sleep: false },
      gdb: true,
      timeoutMs: RUN_LIMIT_MS,
      log: () => undefined,
    });
    let connection: UdsConnection | undefined;
    try {
      // At the first hypercall the boot check has passed both copies; then the pristine copy changes.
      await runGdb(built.elf, vm.gdb!.port, [
        'break bsp_handle_svc',
        'continue',
        `set {unsigned char}${target} = {unsigned char}${target} ^ ${CORRUPT_MASK}`,
      ]);
      const busPort = vm.ports.uart1;
      if (busPort === undefined) throw new Error('QEMU has no TCP port for uart1 (bus)');
      connection = await connectTesterTo(vm, busPort, READY_MS);
      const client = connection.client;
      assert.equal(
        await nrcOf(client.routineControl(RoutineControlType.Start, ROUTINE_RESTART_CONTROL)),
        NRC_CONDITIONS_NOT_CORRECT,
      );
      await vm.expect(
        new RegExp(
          `^hv: control image integrity check failed: digest ${hex8(found)} expected ${hex8(expected)}, not started$`,
          'm',
        ),
        { timeoutMs: 10_000 },
      );
      assert.equal(
        await nrcOf(client.routineControl(RoutineControlType.Results, ROUTINE_RESTART_CONTROL)),
        NRC_REQUEST_SEQUENCE_ERROR,
        'no restart was accepted, so there are no results',
      );
      await client.testerPresent();
      answered = true;
    } finally {
      await connection?.close();
      await vm.kill();
    }
  });
});
