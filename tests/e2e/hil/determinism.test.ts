// Determinism of the HIL loop on QEMU (-icount shift=0,sleep=off): two independent runs of the same
// scenario (new QEMU, new vehicle model; 0 → 100 km/h step, then a sensor dropout) give bit-identical
// speed traces, sample for sample, and the same actuator commands, over every step of the scenario.
import assert from 'node:assert/strict';

import { requireQemuForTests } from '../helpers/require-qemu.ts';
import { freshScenarioRun, SCENARIO, scenarioRun } from './helpers/hil-run.ts';

describe('HIL on QEMU: determinism of the closed loop (icount)', function () {
  this.timeout(400_000);
  before(() => requireQemuForTests());

  it(`two runs give identical speed traces over the first ${SCENARIO.steps} steps`, async () => {
    const first = await scenarioRun();
    const second = await freshScenarioRun();
    assert.equal(first.trace.length, SCENARIO.steps);
    assert.equal(second.trace.length, SCENARIO.steps);
    for (let i = 0; i < SCENARIO.steps; i++) {
      const a = first.trace[i];
      const b = second.trace[i];
      // Exact equality of doubles: any difference in the command sequence would show here.
      assert.deepEqual(b, a, `step ${i} differs`);
    }
    // The trace is not trivially constant: the car accelerated to the set-point.
    assert.ok(first.trace[SCENARIO.steps - 1].speedKmh > 90);
  });
});
