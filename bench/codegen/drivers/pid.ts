// Host driver of the Q16.16 PID kernel: the loop of bench/codegen/harness/pid-main.c (measurements
// within ±128.0, every eighth a raw 32-bit value; setpoint alternating 50.0 / -300.0 every 64 calls).
import { i32, u32 } from '../../../transpiler/runtime/index.ts';
import { Pid } from '../kernels/pid.ts';
import { FNV_OFFSET, mix, random, resetRandom } from './support.ts';

const SETPOINT_HIGH: i32 = 0x00320000;
const SETPOINT_LOW: i32 = -0x012c0000;
const MEASUREMENT_OFFSET: i32 = 0x00800000;

export function run(iterations: u32): u32 {
  resetRandom();
  const pid = new Pid(0x18000, 0x4000, 0x2000, 200 * 65536, 1000 * 65536);
  let digest = FNV_OFFSET;
  for (let call: u32 = 0; call < iterations; call++) {
    const r = random();
    const measurement: i32 = (call & 7) === 7 ? i32(r) : i32(i32(r >>> 8) - MEASUREMENT_OFFSET);
    const setpoint: i32 = ((call >>> 6) & 1) === 0 ? SETPOINT_HIGH : SETPOINT_LOW;
    digest = mix(digest, u32(pid.step(setpoint, measurement)));
  }
  return digest;
}
