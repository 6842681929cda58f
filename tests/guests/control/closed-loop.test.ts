// Host closed loop: the control guest's own C code (control_app.c, controller.c, sensor_monitor.c,
// hil_link.c) compiled with host gcc, talking the HIL protocol to the TypeScript vehicle model over a
// pipe in lock-step. Asserts the figures docs/HIL-PROTOCOL.md states: a 0 → 100 km/h step settles
// within ±1 km/h in at most 10 s with under 5 % overshoot and the integrator does not wind up while the
// throttle is saturated; a sensor dropout is reported as a timeout
// fault 3 periods (30 ms) after the first unanswered request, the controller releases throttle and
// brake, and recovers after 1 s of good samples; implausible speeds (a jump, a value out of range)
// are reported and kept away from the controller; two runs give identical speed traces.
import assert from 'node:assert/strict';

import { buildHarness, runClosedLoop, stepMetrics, type ClosedLoopRun } from './helpers/closed-loop.ts';

/** Documented figures (docs/HIL-PROTOCOL.md §"Figures"). */
const SETTLING_LIMIT_S = 10;
const OVERSHOOT_LIMIT_PERCENT = 5;
const TIMEOUT_DETECTION_PERIODS = 3;
const RECOVERY_PERIODS = 100;

const FAULT_SENSOR_TIMEOUT = 1;
const FAULT_SPEED_JUMP = 2;
const FAULT_SPEED_OUT_OF_RANGE = 3;
const FAULT_SENSOR_RECOVERED = 4;
const MODE_CRUISE = 1;
const MODE_FAILSAFE = 2;

function statusOf(run: ClosedLoopRun, period: number): Record<string, number> {
  const line = run.statusLines[period];
  assert.ok(line !== undefined, `no status line for period ${period}`);
  return Object.fromEntries([...line.matchAll(/(\w+)=(-?\d+)/g)].map((m) => [m[1], Number(m[2])]));
}

describe('closed loop: control guest C code against the vehicle model (host)', function () {
  this.timeout(120_000);
  let exe: string;
  let step: ClosedLoopRun;

  before(async () => {
    exe = buildHarness();
    step = await runClosedLoop(exe, 3000);
  });

  it(`0 → 100 km/h settles within ±1 km/h in ${SETTLING_LIMIT_S} s with under ${OVERSHOOT_LIMIT_PERCENT} % overshoot`, () => {
    const m = stepMetrics(step.trace, 100, 1);
    assert.ok(
      m.settlingTimeS !== null && m.settlingTimeS <= SETTLING_LIMIT_S,
      `settling time ${m.settlingTimeS} s`,
    );
    assert.ok(m.overshootPercent < OVERSHOOT_LIMIT_PERCENT, `overshoot ${m.overshootPercent.toFixed(2)} %`);
    assert.ok(Math.abs(m.finalKmh - 100) < 0.2, `final speed ${m.finalKmh} km/h`);
    assert.deepEqual(step.faults, []);
    assert.equal(step.peer.rxErrors(), 0);
    // The loop really ran at the limits: full-ish throttle early, never throttle and brake together.
    assert.ok(
      step.trace.slice(100, 800).every((s) => s.throttle > 0.5),
      'throttle high while accelerating',
    );
    assert.ok(step.trace.every((s) => s.throttle === 0 || s.brake === 0));
  });

  it('does not wind up: the integrator stays small while the throttle is saturated', () => {
    // Periods 50..700: the demand is saturated at full throttle (the car cannot follow the reference).
    const saturated = Array.from({ length: 650 }, (_, i) => statusOf(step, 50 + i));
    assert.ok(
      saturated.every((s) => s.throttle === 10000),
      'full throttle through the acceleration phase',
    );
    const largest = Math.max(...saturated.map((s) => Math.abs(s.integrator)));
    // Status integrator unit: 1/10000 of full demand; at steady 100 km/h it holds about 0.11.
    assert.ok(largest < 2000, `integrator reached ${largest / 10000} of full demand while saturated`);
  });

  it(`flags a sensor dropout as a timeout ${TIMEOUT_DETECTION_PERIODS} periods after the first missing reply, releases the actuators and recovers`, async () => {
    const dropAt = 2000;
    const run = await runClosedLoop(exe, 2600, { dropouts: [{ atStep: dropAt, periods: 50 }] });
    const timeouts = run.faults.filter((f) => f.code === FAULT_SENSOR_TIMEOUT);
    assert.equal(timeouts.length, 1, `faults: ${JSON.stringify(run.faults)}`);
    // The reply to request `dropAt` was due in period dropAt + 1; three missed periods raise it.
    assert.equal(timeouts[0].period, dropAt + TIMEOUT_DETECTION_PERIODS);
    assert.equal(statusOf(run, dropAt + 3).mode, MODE_FAILSAFE);
    assert.equal(run.trace[dropAt + 3].throttle, 0);
    assert.equal(run.trace[dropAt + 3].brake, 0);
    // Dropout ends with step dropAt+49 (its reply would have come in period dropAt+50); good samples
    // from period dropAt+51 on; recovery after RECOVERY_PERIODS of them.
    const recovered = run.faults.filter((f) => f.code === FAULT_SENSOR_RECOVERED);
    assert.equal(recovered.length, 1);
    assert.equal(recovered[0].period, dropAt + 50 + RECOVERY_PERIODS);
    assert.equal(statusOf(run, dropAt + 50 + RECOVERY_PERIODS + 1).mode, MODE_CRUISE);
    assert.ok(
      Math.abs(run.trace[2599].speedKmh - 100) < 2,
      `speed back near 100 km/h: ${run.trace[2599].speedKmh}`,
    );
  });

  it('reports an implausible jump and an out-of-range value, and keeps them from the controller', async () => {
    const run = await runClosedLoop(exe, 2200, {
      implausible: [
        { atStep: 2000, speedKmh: 130 },
        { atStep: 2100, speedKmh: 400 },
      ],
    });
    assert.deepEqual(
      run.faults.map((f) => [f.code, f.period, f.valueCounts]),
      [
        [FAULT_SPEED_JUMP, 2001, 13000],
        [FAULT_SPEED_OUT_OF_RANGE, 2101, 40000],
      ],
    );
    // A rejected sample does not reach the controller: no brake kick after a "30 km/h too fast" reading.
    assert.ok(
      run.trace.slice(2000, 2200).every((s) => s.brake === 0),
      'no braking on a rejected sample',
    );
    assert.ok(run.trace.slice(2000, 2200).every((s) => Math.abs(s.speedKmh - 100) < 1));
    assert.equal(statusOf(run, 2001).mode, MODE_CRUISE);
  });

  it('is deterministic: two runs give identical speed traces', async () => {
    const again = await runClosedLoop(exe, 3000);
    assert.equal(again.traceText, step.traceText);
    assert.ok(step.traceText.split('\n').length === 3000);
  });
});
