// Vehicle model (qemu/vehicle/model.ts): coast-down decelerates at the analytic rate and slows
// monotonically; full throttle converges to the analytic drag/rolling/power balance; a grade lowers
// the top speed by the analytic amount, a downhill slope accelerates a coasting car and brakes hold a
// parked car on a slope; the car never reverses; bad parameters and inputs are named in errors.
import assert from 'node:assert/strict';

import {
  GRAVITY,
  MID_SIZE_CAR,
  VehicleModel,
  forces,
  terminalSpeedMs,
  type VehicleParameters,
} from '../../../qemu/vehicle/model.ts';

const PERIOD_S = 0.01;

function run(model: VehicleModel, throttle: number, brake: number, seconds: number): void {
  const periods = Math.round(seconds / PERIOD_S);
  for (let i = 0; i < periods; i++) model.step(throttle, brake, PERIOD_S);
}

describe('vehicle model', () => {
  it('coast-down from 100 km/h decelerates at (drag + rolling) / m and slows monotonically', () => {
    const model = new VehicleModel();
    model.speedMs = 100 / 3.6;
    const f = forces(MID_SIZE_CAR, 0, 0, model.speedMs);
    const expectedDecel = (f.dragN + f.rollingN) / MID_SIZE_CAR.massKg;
    const before = model.speedMs;
    model.step(0, 0, PERIOD_S);
    const measuredDecel = (before - model.speedMs) / PERIOD_S;
    assert.ok(
      Math.abs(measuredDecel - expectedDecel) / expectedDecel < 0.01,
      `deceleration ${measuredDecel} vs ${expectedDecel} m/s²`,
    );
    assert.ok(
      expectedDecel > 0.25 && expectedDecel < 0.35,
      `coast-down deceleration ${expectedDecel} m/s² is typical of a car`,
    );
    let last = model.speedMs;
    for (let i = 0; i < 6000; i++) {
      model.step(0, 0, PERIOD_S);
      assert.ok(model.speedMs <= last, `speed rose while coasting at step ${i}`);
      last = model.speedMs;
    }
    assert.ok(model.speedKmh < 60, `after 60 s of coasting the car is at ${model.speedKmh} km/h`);
  });

  it('full throttle converges to the analytic terminal speed (drive power = drag + rolling)', () => {
    const model = new VehicleModel();
    model.speedMs = 50; // start near the top speed to keep the run short
    run(model, 1, 0, 300);
    const analytic = terminalSpeedMs(MID_SIZE_CAR);
    // Check the analytic value against the closed-form balance P/v = ½ρC_dA v² + C_rr m g.
    const p = MID_SIZE_CAR;
    const residual =
      p.maxDrivePowerW / analytic -
      0.5 * p.airDensity * p.dragCoefficient * p.frontalAreaM2 * analytic ** 2 -
      p.rollingCoefficient * p.massKg * GRAVITY;
    assert.ok(Math.abs(residual) < 1e-6, `balance residual ${residual} N`);
    assert.ok(
      Math.abs(model.speedMs - analytic) < 0.01,
      `terminal ${model.speedMs} m/s vs analytic ${analytic} m/s`,
    );
    assert.ok(
      analytic * 3.6 > 200 && analytic * 3.6 < 250,
      `top speed ${analytic * 3.6} km/h is that of a mid-size car`,
    );
  });

  it("0→100 km/h at full throttle takes a mid-size car's 8-11 s", () => {
    const model = new VehicleModel();
    let periods = 0;
    while (model.speedKmh < 100 && periods < 3000) {
      model.step(1, 0, PERIOD_S);
      periods++;
    }
    const seconds = periods * PERIOD_S;
    assert.ok(seconds > 8 && seconds < 11, `0→100 km/h in ${seconds} s`);
  });

  it('a 5 % uphill grade lowers the top speed to its own analytic balance', () => {
    const uphill: VehicleParameters = { ...MID_SIZE_CAR, gradeRad: Math.atan(0.05) };
    const flatTop = terminalSpeedMs(MID_SIZE_CAR);
    const hillTop = terminalSpeedMs(uphill);
    assert.ok(hillTop < flatTop - 5, `uphill ${hillTop} m/s vs flat ${flatTop} m/s`);
    const model = new VehicleModel(uphill);
    model.speedMs = hillTop + 5;
    run(model, 1, 0, 200);
    assert.ok(Math.abs(model.speedMs - hillTop) < 0.01, `uphill terminal ${model.speedMs} vs ${hillTop} m/s`);
  });

  it('downhill a coasting car accelerates; on a slope the brakes hold a parked car; it never reverses', () => {
    const downhill = new VehicleModel({ ...MID_SIZE_CAR, gradeRad: -Math.atan(0.08) });
    run(downhill, 0, 0, 5);
    assert.ok(downhill.speedKmh > 10, `downhill coasting reached ${downhill.speedKmh} km/h`);

    const parked = new VehicleModel({ ...MID_SIZE_CAR, gradeRad: -Math.atan(0.08) });
    run(parked, 0, 0.5, 5);
    assert.equal(parked.speedMs, 0);
    assert.equal(parked.positionM, 0);

    const braking = new VehicleModel();
    braking.speedMs = 10;
    run(braking, 0, 1, 5);
    assert.equal(braking.speedMs, 0, 'full brake stops the car and holds it at 0');
    assert.ok(
      braking.positionM > 4 && braking.positionM < 8,
      `stopping distance ${braking.positionM} m from 36 km/h`,
    );
  });

  it('is deterministic: the same inputs give bit-identical states', () => {
    const a = new VehicleModel();
    const b = new VehicleModel();
    for (let i = 0; i < 2000; i++) {
      const throttle = (i % 37) / 37;
      const brake = i % 101 < 5 ? 0.3 : 0;
      a.step(throttle, brake, PERIOD_S);
      b.step(throttle, brake, PERIOD_S);
    }
    assert.equal(a.speedMs, b.speedMs);
    assert.equal(a.positionM, b.positionM);
    assert.ok(a.speedMs > 0);
  });

  it('names bad parameters and inputs', () => {
    assert.throws(() => new VehicleModel({ ...MID_SIZE_CAR, massKg: -1 }), /massKg = -1/);
    assert.throws(() => new VehicleModel({ ...MID_SIZE_CAR, gradeRad: 2 }), /gradeRad = 2/);
    assert.throws(() => new VehicleModel(MID_SIZE_CAR, 0), /sub-step 0/);
    const model = new VehicleModel();
    assert.throws(() => model.step(Number.NaN, 0, PERIOD_S), /throttle = NaN/);
    assert.throws(() => model.step(0, 0, 0.0105), /0\.0105 s is not a whole number/);
  });
});
