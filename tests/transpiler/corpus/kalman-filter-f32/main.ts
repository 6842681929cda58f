// Corpus program: a two-state (position, velocity) Kalman filter in single precision, written as an ECU
// engineer writes it: predict and update steps with the covariance terms as fields, each f32 statement
// rounded once at its f32(). The covariance update reads a value rounded in the previous statement
// beside its neighbour: GCC 12's SLP vectoriser at -O2 once reused the unrounded double there.
import { f32, f64, u32 } from '../../../../transpiler/runtime/index.ts';
import { printF32 } from '../../support/print.ts';

class Kalman2 {
  position: f32 = 0;
  velocity: f32 = 0;
  p00: f32 = 1;
  p01: f32 = 0;
  p10: f32 = 0;
  p11: f32 = 1;
  processNoise: f32 = f32(0.01);
  measurementNoise: f32 = f32(0.5);

  predict(dt: f32): void {
    this.position = f32(this.position + this.velocity * dt);
    this.p00 = f32(this.p00 + dt * (this.p10 + this.p01) + dt * dt * this.p11 + this.processNoise);
    this.p01 = f32(this.p01 + dt * this.p11);
    this.p10 = f32(this.p10 + dt * this.p11);
    this.p11 = f32(this.p11 + this.processNoise);
  }

  update(measured: f32): void {
    const innovationCovariance: f32 = f32(this.p00 + this.measurementNoise);
    const gain0: f32 = f32(this.p00 / innovationCovariance);
    const gain1: f32 = f32(this.p10 / innovationCovariance);
    const innovation: f32 = f32(measured - this.position);
    this.position = f32(this.position + gain0 * innovation);
    this.velocity = f32(this.velocity + gain1 * innovation);
    const p00: f32 = this.p00;
    const p01: f32 = this.p01;
    this.p00 = f32(p00 - gain0 * p00);
    this.p01 = f32(p01 - gain0 * p01);
    this.p10 = f32(this.p10 - gain1 * p00);
    this.p11 = f32(this.p11 - gain1 * p01);
  }
}

const FILTER = new Kalman2();

export function main(): void {
  let measured: f32 = 0;
  for (let i: u32 = 0; i < 200; i++) {
    measured = f32(measured + f32(0.37) * f32(f64(i & 7) - 3.1));
    FILTER.predict(f32(0.01));
    FILTER.update(measured);
    printF32('position', FILTER.position);
    printF32('velocity', FILTER.velocity);
    printF32('p00', FILTER.p00);
  }
}
