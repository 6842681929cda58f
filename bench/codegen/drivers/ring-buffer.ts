// Host driver of the ring-buffer kernel: the loop of bench/codegen/harness/ring-buffer-main.c (bursts
// of 1..64 pushes and 0..63 pops), returning the output digest.
import { u8, u32 } from '../../../transpiler/runtime/index.ts';
import { RingBuffer } from '../kernels/ring-buffer.ts';
import { FNV_OFFSET, mix, random, resetRandom } from './support.ts';

export function run(iterations: u32): u32 {
  resetRandom();
  const ring = new RingBuffer();
  let digest = FNV_OFFSET;
  for (let iteration: u32 = 0; iteration < iterations; iteration++) {
    const burst = random();
    const pushes = u32(1 + (burst & 63));
    const pops = (burst >>> 6) & 63;
    for (let i: u32 = 0; i < pushes; i++) {
      digest = mix(digest, ring.push(u8(random())) ? 1 : 0);
    }
    for (let i: u32 = 0; i < pops; i++) {
      digest = mix(digest, u32(ring.pop()));
    }
  }
  return digest;
}
