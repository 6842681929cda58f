// Corpus program: a fixed-point (Q12) PID controller step with anti-windup clamping and output
// saturation, closing the loop around a first-order plant model for 60 steps.
import { i16, i32, mul } from '../../../../transpiler/runtime/index.ts';
import { printI32 } from '../../support/print.ts';

const Q_SHIFT: i32 = 12;

class PidController {
  kp: i32;
  ki: i32;
  kd: i32;
  integrator: i32 = 0;
  previousError: i32 = 0;
  integratorLimit: i32 = 20000;
  outputLimit: i32 = 32767;

  constructor(kp: i32, ki: i32, kd: i32) {
    this.kp = kp;
    this.ki = ki;
    this.kd = kd;
  }

  step(setpoint: i32, measurement: i32): i32 {
    const error = i32(setpoint - measurement);
    this.integrator = clamp(i32(this.integrator + (mul(error, this.ki) >> Q_SHIFT)), this.integratorLimit);
    const derivative = i32(error - this.previousError);
    this.previousError = error;
    const proportional = mul(error, this.kp) >> Q_SHIFT;
    const damping = mul(derivative, this.kd) >> Q_SHIFT;
    return clamp(i32(i32(proportional + this.integrator) + damping), this.outputLimit);
  }
}

function clamp(value: i32, limit: i32): i32 {
  if (value > limit) {
    return limit;
  }
  if (value < i32(-limit)) {
    return i32(-limit);
  }
  return value;
}

const speedController = new PidController(6144, 410, 2048);
let plantState: i32 = 0;

/** First-order plant: state += (input - state) / 8, in integer arithmetic. */
function plantStep(input: i32): i32 {
  plantState = i32(plantState + (i32(input - plantState) >> 3));
  return plantState;
}

export function main(): void {
  let measurement: i32 = 0;
  for (let step: i32 = 0; step < 60; step++) {
    const setpoint: i32 = step < 30 ? 12000 : -5000;
    const command = speedController.step(setpoint, measurement);
    measurement = plantStep(command);
    if ((step & 3) === 0) {
      printI32('command', command);
      printI32('measurement', measurement);
      printI32('integrator', speedController.integrator);
    }
  }
  printI32('narrowed', i16(speedController.integrator));
}
