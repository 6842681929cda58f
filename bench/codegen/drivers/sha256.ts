// Host driver of the SHA-256 kernel: the loop of bench/codegen/harness/sha256-main.c (200-byte
// message, one byte changed before each call, the digest's eight big-endian words folded in).
import { u8, u32 } from '../../../transpiler/runtime/index.ts';
import { sha256 } from '../kernels/sha256.ts';
import { FNV_OFFSET, mix, random, resetRandom } from './support.ts';

const INPUT_BYTES: u32 = 200;
const input = new Uint8Array(200);
const output = new Uint8Array(32);

export function run(iterations: u32): u32 {
  resetRandom();
  for (let i: u32 = 0; i < INPUT_BYTES; i++) {
    input[i] = u8(random());
  }
  let digest = FNV_OFFSET;
  for (let call: u32 = 0; call < iterations; call++) {
    input[call % INPUT_BYTES] = u8(random());
    sha256(input, output);
    for (let w: u32 = 0; w < 8; w++) {
      const at = w * 4;
      const word = u32((output[at] << 24) | (output[at + 1] << 16) | (output[at + 2] << 8) | output[at + 3]);
      digest = mix(digest, word);
    }
  }
  return digest;
}
