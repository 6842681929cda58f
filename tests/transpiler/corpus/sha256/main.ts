// Corpus program: SHA-256 (FIPS 180-4) with the round constants as a const table, a message schedule
// and state in module-level typed arrays, checked against the FIPS 180-4 example vectors ("abc", the
// empty message and the 448-bit two-block message).
import { checkIndex, mul, u8, u32 } from '../../../../transpiler/runtime/index.ts';
import { printHex } from '../../support/print.ts';

const ROUND_CONSTANTS: readonly u32[] = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
] as const;

const INITIAL_STATE: readonly u32[] = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
] as const;

/** ASCII "abc". */
const MESSAGE_ABC: readonly u8[] = [0x61, 0x62, 0x63] as const;
/** ASCII "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq" (56 bytes). */
const MESSAGE_TWO_BLOCKS: readonly u8[] = [
  0x61, 0x62, 0x63, 0x64, 0x62, 0x63, 0x64, 0x65, 0x63, 0x64, 0x65, 0x66, 0x64, 0x65, 0x66, 0x67, 0x65, 0x66,
  0x67, 0x68, 0x66, 0x67, 0x68, 0x69, 0x67, 0x68, 0x69, 0x6a, 0x68, 0x69, 0x6a, 0x6b, 0x69, 0x6a, 0x6b, 0x6c,
  0x6a, 0x6b, 0x6c, 0x6d, 0x6b, 0x6c, 0x6d, 0x6e, 0x6c, 0x6d, 0x6e, 0x6f, 0x6d, 0x6e, 0x6f, 0x70, 0x6e, 0x6f,
  0x70, 0x71,
] as const;

const BLOCK_BYTES: u32 = 64;
const state = new Uint32Array(8);
const schedule = new Uint32Array(64);
const block = new Uint8Array(64);

function rotateRight(x: u32, n: u32): u32 {
  return u32((x >>> n) | u32(x << u32(32 - n)));
}

function compressBlock(): void {
  for (let t: u32 = 0; t < 16; t++) {
    const base = u32(mul(t, 4));
    const b0 = u32(block[checkIndex(base, block.length)] << 24);
    const b1 = u32(block[checkIndex(u32(base + 1), block.length)] << 16);
    const b2 = u32(block[checkIndex(u32(base + 2), block.length)] << 8);
    const b3 = u32(block[checkIndex(u32(base + 3), block.length)]);
    schedule[t] = u32(u32(b0 | b1) | u32(b2 | b3));
  }
  for (let t: u32 = 16; t < 64; t++) {
    const w15 = schedule[checkIndex(u32(t - 15), schedule.length)];
    const w2 = schedule[checkIndex(u32(t - 2), schedule.length)];
    const s0 = u32(u32(rotateRight(w15, 7) ^ rotateRight(w15, 18)) ^ (w15 >>> 3));
    const s1 = u32(u32(rotateRight(w2, 17) ^ rotateRight(w2, 19)) ^ (w2 >>> 10));
    const w16 = schedule[checkIndex(u32(t - 16), schedule.length)];
    const w7 = schedule[checkIndex(u32(t - 7), schedule.length)];
    schedule[t] = u32(u32(u32(w16 + s0) + w7) + s1);
  }
  let a: u32 = state[0];
  let b: u32 = state[1];
  let c: u32 = state[2];
  let d: u32 = state[3];
  let e: u32 = state[4];
  let f: u32 = state[5];
  let g: u32 = state[6];
  let h: u32 = state[7];
  for (let t: u32 = 0; t < 64; t++) {
    const sigma1 = u32(u32(rotateRight(e, 6) ^ rotateRight(e, 11)) ^ rotateRight(e, 25));
    const choose = u32(u32(e & f) ^ u32(u32(~e) & g));
    const temp1 = u32(u32(u32(u32(h + sigma1) + choose) + ROUND_CONSTANTS[t]) + schedule[t]);
    const sigma0 = u32(u32(rotateRight(a, 2) ^ rotateRight(a, 13)) ^ rotateRight(a, 22));
    const majority = u32(u32(u32(a & b) ^ u32(a & c)) ^ u32(b & c));
    const temp2 = u32(sigma0 + majority);
    h = g;
    g = f;
    f = e;
    e = u32(d + temp1);
    d = c;
    c = b;
    b = a;
    a = u32(temp1 + temp2);
  }
  state[0] = u32(state[0] + a);
  state[1] = u32(state[1] + b);
  state[2] = u32(state[2] + c);
  state[3] = u32(state[3] + d);
  state[4] = u32(state[4] + e);
  state[5] = u32(state[5] + f);
  state[6] = u32(state[6] + g);
  state[7] = u32(state[7] + h);
}

/** Hashes the first `length` bytes of `message` (at most 119 bytes: at most two padded blocks). */
function sha256(message: readonly u8[], length: u32): void {
  for (let i: u32 = 0; i < 8; i++) {
    state[i] = INITIAL_STATE[i];
  }
  let filled: u32 = 0;
  let consumed: u32 = 0;
  while (consumed < length) {
    block[checkIndex(filled, block.length)] = message[checkIndex(consumed, message.length)];
    filled = u32(filled + 1);
    consumed = u32(consumed + 1);
    if (filled === BLOCK_BYTES) {
      compressBlock();
      filled = 0;
    }
  }
  block[checkIndex(filled, block.length)] = 0x80;
  filled = u32(filled + 1);
  if (filled > 56) {
    while (filled < BLOCK_BYTES) {
      block[checkIndex(filled, block.length)] = 0;
      filled = u32(filled + 1);
    }
    compressBlock();
    filled = 0;
  }
  while (filled < 56) {
    block[checkIndex(filled, block.length)] = 0;
    filled = u32(filled + 1);
  }
  const bitLength = u32(length << 3);
  block[56] = 0;
  block[57] = 0;
  block[58] = 0;
  block[59] = u8(length >>> 29);
  block[60] = u8(bitLength >>> 24);
  block[61] = u8(bitLength >>> 16);
  block[62] = u8(bitLength >>> 8);
  block[63] = u8(bitLength);
  compressBlock();
}

function printDigest(): void {
  printHex('h0', state[0]);
  printHex('h1', state[1]);
  printHex('h2', state[2]);
  printHex('h3', state[3]);
  printHex('h4', state[4]);
  printHex('h5', state[5]);
  printHex('h6', state[6]);
  printHex('h7', state[7]);
}

export function main(): void {
  sha256(MESSAGE_ABC, MESSAGE_ABC.length);
  printDigest();
  sha256(MESSAGE_ABC, 0);
  printDigest();
  sha256(MESSAGE_TWO_BLOCKS, MESSAGE_TWO_BLOCKS.length);
  printDigest();
}
