// Code-quality kernel: one step of a fixed-point PID controller in Q16.16 (16 integer bits, 16 fraction
// bits, signed), every addition and product saturating at the i32 limits, the integral clamped to
// ±integralLimit (anti-windup) and the output to ±outputLimit. Products take the full 64-bit result
// (`mulHigh` gives its high word, `mul` its low word) and saturate when it leaves Q16.16. The
// hand-written C twin is pid.c.
import { i32, mul, mulHigh, u32 } from '../../../transpiler/runtime/index.ts';

const I32_MAX: i32 = 0x7fffffff;
const I32_MIN: i32 = -0x80000000;

/** a + b, saturated to the i32 range. */
function addSaturated(a: i32, b: i32): i32 {
  const sum = i32(a + b);
  if (((a ^ sum) & (b ^ sum)) < 0) {
    return a < 0 ? I32_MIN : I32_MAX;
  }
  return sum;
}

/** a - b, saturated to the i32 range. */
function subSaturated(a: i32, b: i32): i32 {
  const difference = i32(a - b);
  if (((a ^ b) & (a ^ difference)) < 0) {
    return a < 0 ? I32_MIN : I32_MAX;
  }
  return difference;
}

/** a × b in Q16.16 (the 64-bit product shifted right by 16), saturated to the i32 range. */
function mulQ16(a: i32, b: i32): i32 {
  const high = mulHigh(a, b);
  if (high > 0x7fff) {
    return I32_MAX;
  }
  if (high < -0x8000) {
    return I32_MIN;
  }
  return i32(u32(high << 16) | (u32(mul(a, b)) >>> 16));
}

/** value limited to [-limit, limit] (limit ≥ 0). */
function clamp(value: i32, limit: i32): i32 {
  if (value > limit) {
    return limit;
  }
  if (value < i32(-limit)) {
    return i32(-limit);
  }
  return value;
}

export class Pid {
  kp: i32;
  ki: i32;
  kd: i32;
  integralLimit: i32;
  outputLimit: i32;
  integral: i32 = 0;
  previousError: i32 = 0;

  constructor(kp: i32, ki: i32, kd: i32, integralLimit: i32, outputLimit: i32) {
    this.kp = kp;
    this.ki = ki;
    this.kd = kd;
    this.integralLimit = integralLimit;
    this.outputLimit = outputLimit;
  }

  /** One control step: the actuator command for `setpoint` and `measurement` (Q16.16). */
  step(setpoint: i32, measurement: i32): i32 {
    const error = subSaturated(setpoint, measurement);
    const proportional = mulQ16(this.kp, error);
    this.integral = clamp(addSaturated(this.integral, mulQ16(this.ki, error)), this.integralLimit);
    const derivative = mulQ16(this.kd, subSaturated(error, this.previousError));
    this.previousError = error;
    return clamp(addSaturated(addSaturated(proportional, this.integral), derivative), this.outputLimit);
  }
}

/** The controller the benchmark drives: Kp 1.5, Ki 0.25, Kd 0.125, integral within ±200, output
 *  within ±1000 (Q16.16). */
export const controller = new Pid(0x18000, 0x4000, 0x2000, 200 * 65536, 1000 * 65536);
