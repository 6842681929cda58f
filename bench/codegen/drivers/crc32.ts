// Host driver of the CRC-32 kernel: the loop of bench/codegen/harness/crc32-main.c (256-byte buffer,
// one byte changed before each call), returning the output digest.
import { u8, u32 } from '../../../transpiler/runtime/index.ts';
import { crc32 } from '../kernels/crc32.ts';
import { FNV_OFFSET, mix, random, resetRandom } from './support.ts';

const INPUT_BYTES: u32 = 256;
const input = new Uint8Array(256);

export function run(iterations: u32): u32 {
  resetRandom();
  for (let i: u32 = 0; i < INPUT_BYTES; i++) {
    input[i] = u8(random());
  }
  let digest = FNV_OFFSET;
  for (let call: u32 = 0; call < iterations; call++) {
    input[call & 255] = u8(random());
    digest = mix(digest, crc32(input));
  }
  return digest;
}
