// Negative case: dynamic arrays: 'push' (BH1303).
import { u32 } from '../../../transpiler/runtime/index.ts';

const readings: u32[] = [0, 0, 0];

export function record(value: u32): void {
  readings./*^*/push(value); // expect: BH1303
}
