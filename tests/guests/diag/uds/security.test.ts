// SecurityAccess (0x27) of the diagnostic guest's UDS server in Node (harness/diag-bench.ts): session
// gating, seeds, the documented key algorithm, wrong keys (0x35, then 0x36 and the 10 s delay with
// 0x37), the counter kept across a session change and a restart of the guest, relocking on a session
// change and on S3. The attempts are recorded as reliability evidence.
import assert from 'node:assert/strict';
import { recordReliability, type ReliabilityEntry } from '../../../reliability/record.ts';
import { DiagBench } from './harness/diag-bench.ts';
import { securityKeyFor } from '../../../../guests/diag/uds/security.ts';

/** The contract's key: u32(rotl32(seed XOR 0xB01DFACE, 5) + 0x0BADF00D). */
function keyFor(seed: number): number {
  const mixed = (seed ^ 0xb01dface) >>> 0;
  const rotated = ((mixed << 5) | (mixed >>> 27)) >>> 0;
  return (rotated + 0x0badf00d) >>> 0;
}

const be32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

function seedOf(response: number[] | null): number {
  assert.ok(
    response !== null && response[0] === 0x67 && response[1] === 0x01,
    `seed response ${String(response)}`,
  );
  return ((response[2] << 24) | (response[3] << 16) | (response[4] << 8) | response[5]) >>> 0;
}

const evidence: ReliabilityEntry[] = [];

describe('diag UDS server: security access (0x27)', function () {
  this.timeout(20_000);
  let bench: DiagBench;
  beforeEach(() => {
    bench = new DiagBench();
    bench.run(20);
  });
  after(() =>
    recordReliability({
      suite: 'uds-server-security',
      title: 'UDS server of the diagnostic guest in Node (real core): security access attacks',
      entries: evidence,
    }),
  );

  it("the guest's key function agrees with the contract formula and the example of docs/UDS.md", () => {
    assert.equal(securityKeyFor(0x12345678), 0x50e386e1);
    for (const seed of [1, 0xffffffff, 0xb01dface, 0x80000000, 0x0badf00d]) {
      assert.equal(securityKeyFor(seed), keyFor(seed), `seed ${seed.toString(16)}`);
    }
  });

  it('refuses 0x27 in the default session with 0x7F, checks sub-function and lengths', () => {
    assert.deepEqual(bench.request([0x27, 0x01]), [0x7f, 0x27, 0x7f]);
    bench.request([0x10, 0x03]);
    assert.deepEqual(bench.request([0x27]), [0x7f, 0x27, 0x13]);
    assert.deepEqual(bench.request([0x27, 0x03]), [0x7f, 0x27, 0x12]);
    assert.deepEqual(bench.request([0x27, 0x01, 0x00]), [0x7f, 0x27, 0x13]);
    assert.deepEqual(bench.request([0x27, 0x02, 0x01, 0x02]), [0x7f, 0x27, 0x13]);
    assert.deepEqual(bench.request([0x27, 0x02, 1, 2, 3, 4]), [0x7f, 0x27, 0x24], 'no seed pending');
  });

  it('unlocks with the documented key; seed 0 once unlocked; 0x2E then allowed; relocks on session change', () => {
    bench.request([0x10, 0x03]);
    const seeds = new Set<number>();
    for (let i = 0; i < 4; i++) seeds.add(seedOf(bench.request([0x27, 0x01])));
    assert.equal(seeds.size, 4, 'a new seed every time');
    assert.ok(![...seeds].includes(0), 'never 0');
    const seed = seedOf(bench.request([0x27, 0x01]));
    assert.deepEqual(bench.request([0x27, 0x02, ...be32(keyFor(seed))]), [0x67, 0x02]);
    assert.deepEqual(bench.request([0x27, 0x01]), [0x67, 0x01, 0, 0, 0, 0], 'already unlocked');
    assert.deepEqual(bench.request([0x2e, 0x01, 0x01, 0x27, 0x10]), [0x6e, 0x01, 0x01]);
    bench.request([0x10, 0x03]);
    assert.deepEqual(bench.request([0x2e, 0x01, 0x01, 0x27, 0x10]), [0x7f, 0x2e, 0x33], 'relocked');
    evidence.push({
      category: 'attack',
      name: 'unlock with the correct key, then write after a session change',
      count: 1,
      outcome: 'unlocked with the documented key; after the session change the write was refused with 0x33',
      hypervisorFailures: 0,
      lostMessages: 0,
    });
  });

  it('0x35 for a wrong key, 0x36 on the third, 0x37 for 10 s (kept across a session change), then again', () => {
    bench.request([0x10, 0x03]);
    const seed1 = seedOf(bench.request([0x27, 0x01]));
    assert.deepEqual(bench.request([0x27, 0x02, ...be32(keyFor(seed1) ^ 1)]), [0x7f, 0x27, 0x35]);
    assert.deepEqual(
      bench.request([0x27, 0x02, ...be32(keyFor(seed1))]),
      [0x7f, 0x27, 0x24],
      'seed consumed',
    );
    const seed2 = seedOf(bench.request([0x27, 0x01]));
    assert.deepEqual(bench.request([0x27, 0x02, ...be32(seed2)]), [0x7f, 0x27, 0x35]);
    bench.request([0x10, 0x02]);
    seedOf(bench.request([0x27, 0x01]));
    assert.deepEqual(bench.request([0x27, 0x02, 0, 0, 0, 0]), [0x7f, 0x27, 0x36], 'third wrong key');
    assert.deepEqual(bench.request([0x27, 0x01]), [0x7f, 0x27, 0x37]);
    bench.request([0x10, 0x03]);
    assert.deepEqual(bench.request([0x27, 0x01]), [0x7f, 0x27, 0x37], 'delay survives the session change');
    for (let i = 0; i < 3; i++) {
      bench.run(3000);
      bench.request([0x3e, 0x00]);
    }
    assert.deepEqual(bench.request([0x27, 0x01]), [0x7f, 0x27, 0x37], 'still within 10 s');
    bench.run(1200);
    bench.request([0x3e, 0x00]);
    const seed4 = seedOf(bench.request([0x27, 0x01]));
    assert.deepEqual(bench.request([0x27, 0x02, ...be32(keyFor(seed4))]), [0x67, 0x02], 'after the delay');
    evidence.push({
      category: 'attack',
      name: 'wrong security keys (brute force)',
      count: 3,
      outcome:
        '0x35, 0x35, then 0x36 and 0x37 for 10,000 ms across a session change; unlocked afterwards with the right key',
      hypervisorFailures: 0,
      lostMessages: 0,
    });
  });

  it('relocks when S3 expires', () => {
    bench.request([0x10, 0x03]);
    const seed = seedOf(bench.request([0x27, 0x01]));
    assert.deepEqual(bench.request([0x27, 0x02, ...be32(keyFor(seed))]), [0x67, 0x02]);
    bench.run(5200);
    bench.request([0x10, 0x03]);
    assert.deepEqual(bench.request([0x2e, 0x01, 0x01, 0x00, 0x64]), [0x7f, 0x2e, 0x33]);
  });

  it('after a restart with the counter exhausted, requestSeed waits out a 10 s boot delay', () => {
    bench.request([0x10, 0x03]);
    for (let i = 0; i < 3; i++) {
      seedOf(bench.request([0x27, 0x01]));
      bench.request([0x27, 0x02, 0, 0, 0, 0]);
    }
    assert.deepEqual(bench.request([0x11, 0x03]), [0x51, 0x03], 'softReset answered before the reset');
    bench.run(50);
    assert.equal((bench.console().match(/UDS server/g) ?? []).length, 2, 'the guest restarted');
    bench.request([0x10, 0x03]);
    assert.deepEqual(bench.request([0x27, 0x01]), [0x7f, 0x27, 0x37], 'boot delay');
    bench.run(10_100);
    bench.request([0x10, 0x03]);
    seedOf(bench.request([0x27, 0x01]));
    // Not exhausted before a restart: no delay after it.
    assert.deepEqual(bench.request([0x11, 0x03]), [0x51, 0x03]);
    bench.run(50);
    bench.request([0x10, 0x03]);
    seedOf(bench.request([0x27, 0x01]));
  });
});
