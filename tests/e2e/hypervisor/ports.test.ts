// Inter-VM ports on QEMU (-icount shift=0), system systems/test-two-vms.ts with the port-writer (alpha)
// and port-reader (beta) guests: 30 numbered messages, 3 per slot, on queuing port `numbers` (depth 8)
// arrive in order with none lost and none bad; the sampling port `latest` gives the newest one; the
// trace shows every send and receive. Past the queue's capacity (10 per slot), overflows are counted
// and traced, never silent.
import assert from 'node:assert/strict';

import testTwoVms from '../../../systems/test-two-vms.ts';
import type { TraceRecord } from '../../../firmware/sim/trace-lines.ts';
import { bootTraced } from './helpers/traced-boot.ts';

const ALPHA = 0;
const BETA = 1;
const NUMBERS = 0;
const LATEST = 1;
/** Port operation codes of P records (docs/ARCHITECTURE.md "Trace format"). */
const OP_SAMPLING_WRITE = 1;
const OP_SAMPLING_READ = 2;
const OP_QUEUING_SEND = 3;
const OP_QUEUING_RECEIVE = 4;
const OP_OVERFLOW = 5;
const MESSAGES = 30;
const MESSAGE_BYTES = 8;

function portOps(trace: TraceRecord[], port: number, op: number): TraceRecord[] {
  return trace.filter((r) => r.kind === 'P' && (r.a & 0xffff) === port && r.a >>> 16 === op);
}

describe('hypervisor on QEMU: sampling and queuing ports', function () {
  this.timeout(120_000);

  it('carries every message in order, nothing lost within capacity', async () => {
    const run = await bootTraced(testTwoVms, 72);
    const got = [...run.console.matchAll(/^\[beta\] reader: got (\d+)$/gm)].map((m) => Number(m[1]));
    assert.deepEqual(
      got,
      Array.from({ length: MESSAGES }, (_, i) => i),
    );
    assert.match(run.console, new RegExp(`^\\[beta\\] reader: done ${MESSAGES} lost 0 bad 0$`, 'm'));
    assert.doesNotMatch(run.console, /reader: (lost|bad|overflows)/);
    assert.match(run.console, new RegExp(`^\\[alpha\\] writer: done ${MESSAGES}$`, 'm'));
    const sends = portOps(run.trace, NUMBERS, OP_QUEUING_SEND);
    const receives = portOps(run.trace, NUMBERS, OP_QUEUING_RECEIVE);
    assert.equal(sends.length, MESSAGES);
    assert.ok(sends.every((r) => r.vm === ALPHA && r.b === MESSAGE_BYTES));
    assert.equal(receives.length, MESSAGES);
    assert.ok(receives.every((r) => r.vm === BETA && r.b === MESSAGE_BYTES));
    // Every message is received after it was sent: the n-th receive follows the n-th send.
    const ops = run.trace.filter((r) => r.kind === 'P' && (r.a & 0xffff) === NUMBERS);
    let queued = 0;
    for (const r of ops) {
      if (r.a >>> 16 === OP_QUEUING_SEND) queued++;
      if (r.a >>> 16 === OP_QUEUING_RECEIVE) queued--;
      assert.ok(queued >= 0 && queued <= 8, `queue depth ${queued} at tick ${r.tick}`);
    }
    assert.equal(portOps(run.trace, NUMBERS, OP_OVERFLOW).length, 0);
    assert.equal(portOps(run.trace, LATEST, OP_SAMPLING_WRITE).length, MESSAGES);
    assert.ok(portOps(run.trace, LATEST, OP_SAMPLING_READ).length >= MESSAGES / 3);
    // The sampling port shows the newest message of each frame (3 per frame: 2, 5, 8, ...).
    const latest = [...run.console.matchAll(/^\[beta\] reader: latest (\d+) age \d+ valid 1$/gm)].map((m) =>
      Number(m[1]),
    );
    assert.deepEqual(latest.slice(0, 3), [2, 5, 8]);
  });

  it('counts and traces overflows past the queue capacity', async () => {
    const run = await bootTraced(testTwoVms, 36, {
      guestDefines: { alpha: { PORT_MESSAGES_PER_SLOT: '10u' }, beta: { PORT_MESSAGES_PER_SLOT: '10u' } },
    });
    // Depth 8: of the 10 sent in alpha's first window, the last 2 find the queue full.
    const overflows = portOps(run.trace, NUMBERS, OP_OVERFLOW);
    assert.equal(overflows.filter((r) => r.tick < 6).length, 2);
    assert.ok(overflows.every((r) => r.vm === ALPHA && r.b === BETA));
    assert.match(run.console, /^\[alpha\] writer: sent 7 OK OK$/m);
    assert.match(run.console, /^\[alpha\] writer: sent 8 FULL OK$/m);
    assert.match(run.console, /^\[alpha\] writer: sent 9 FULL OK$/m);
    assert.match(run.console, /^\[beta\] reader: lost 8\.\.9$/m);
    assert.match(run.console, /^\[beta\] reader: overflows 2$/m);
  });
});
