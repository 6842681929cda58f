// Node fuzzing of the virtual CAN bus's host side (firmware/core/vcan/slcan.ts + bus.ts): fast-check
// streams of random and malformed SLCAN input (bus-fuzz-property.ts), each compared byte for byte
// with the reference model, with channel state, counters and receive queues checked after every
// stream and a valid frame accepted after the garbage. The long run is `npm run fuzz:bus`.
import assert from 'node:assert/strict';

import { chunkKinds, fuzzBus, type BusFuzzStatistics } from './bus-fuzz-property.ts';
import { recordReliability } from './record.ts';

/** Fixed seed: the same streams on every run (the long run picks its own). */
const SEED = 0x5eed_ca11;
const RUNS = 500;

describe('virtual CAN bus fuzzing against a reference model (Node, fast-check)', function () {
  this.timeout(60_000);
  let stats: BusFuzzStatistics | undefined;
  let failure: unknown = null;

  after(() => {
    if (stats === undefined && failure === null) return;
    recordReliability({
      suite: 'bus-fuzz',
      title: 'Virtual CAN host input, fuzzed in Node against a reference model',
      entries: [
        {
          category: 'fuzz',
          name: `SLCAN input streams (${Object.keys(chunkKinds).join(', ')})`,
          count: stats?.chunks ?? 0,
          outcome:
            stats === undefined
              ? `failed: ${failure instanceof Error ? failure.message.split('\n')[0] : String(failure)}`
              : `${stats.streams} streams, ${stats.bytes} bytes: every reply equal to the model's ` +
                `(${stats.refused} lines refused with BEL, ${stats.accepted} accepted), ${stats.framesQueued} frames ` +
                `delivered to VMs exactly, ${stats.overflows} queue overflows counted, no exception, and a valid ` +
                `frame accepted after every stream`,
          hypervisorFailures: stats === undefined ? 1 : 0,
          lostMessages: 0,
        },
      ],
    });
  });

  it(`${RUNS} random streams: same replies, state and queues as the model; valid input accepted after`, () => {
    try {
      stats = fuzzBus(RUNS, SEED);
    } catch (error) {
      failure = error;
      throw error;
    }
    assert.equal(stats.streams, RUNS);
    for (const kind of Object.keys(chunkKinds))
      assert.ok((stats.perKind[kind] ?? 0) > 50, `chunks of kind '${kind}': ${stats.perKind[kind] ?? 0}`);
    assert.ok(
      stats.refused > 1000 && stats.accepted > 100,
      `refused ${stats.refused}, accepted ${stats.accepted}`,
    );
    assert.ok(stats.overflows > 0, 'the streams also overflowed receive queues');
  });
});
