// Code-quality kernel: SHA-256 (FIPS 180-4) of a byte buffer: the 64-byte block compression applied to
// every full block of the input, then the padding (0x80, zeros, the 64-bit bit length) and the final
// compressions, and the digest written big-endian. The hand-written C twin is sha256.c. One
// `checkRange` covers each block the compression reads (its words are big-endian loads) and the tail
// copied into the last block, so the reads need no check of their own. The chaining state, the message schedule and the padded
// tail block are module storage (the C twin keeps them on the stack).
import { checkRange, loadU32BE, u8, u32 } from '../../../transpiler/runtime/index.ts';

const K: readonly u32[] = [
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

const state = new Uint32Array(8);
const schedule = new Uint32Array(64);
const tail = new Uint8Array(64);

function rotr(x: u32, n: u32): u32 {
  return u32((x >>> n) | (x << u32(32 - n)));
}

/** Compresses the 64-byte block of `data` at `offset` into `state`. */
function compress(data: Uint8Array, offset: u32): void {
  checkRange(offset, 64, data.length);
  for (let t: u32 = 0; t < 16; t++) {
    schedule[t] = loadU32BE(data, u32(offset + t * 4));
  }
  for (let t: u32 = 16; t < 64; t++) {
    const w15 = schedule[t - 15];
    const w2 = schedule[t - 2];
    const s0 = u32(rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3));
    const s1 = u32(rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10));
    schedule[t] = u32(schedule[t - 16] + s0 + schedule[t - 7] + s1);
  }
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  for (let t: u32 = 0; t < 64; t++) {
    const sum1 = u32(rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25));
    const choice = u32((e & f) ^ (~e & g));
    const t1 = u32(h + sum1 + choice + K[t] + schedule[t]);
    const sum0 = u32(rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22));
    const majority = u32((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = u32(d + t1);
    d = c;
    c = b;
    b = a;
    a = u32(t1 + sum0 + majority);
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

/** SHA-256 of every byte of `data`; the digest goes big-endian to the first 32 bytes of `digest`. */
export function sha256(data: Uint8Array, digest: Uint8Array): void {
  for (let i: u32 = 0; i < 8; i++) {
    state[i] = INITIAL_STATE[i];
  }
  const length = data.length;
  const blocks = length >>> 6;
  for (let block: u32 = 0; block < blocks; block++) {
    compress(data, u32(block << 6));
  }
  const offset = u32(blocks << 6);
  const rest = length & 63;
  checkRange(offset, rest, data.length);
  for (let i: u32 = 0; i < rest; i++) {
    tail[i] = data[u32(offset + i)];
  }
  tail[rest] = 0x80;
  for (let i: u32 = u32(rest + 1); i < 64; i++) {
    tail[i] = 0;
  }
  if (rest >= 56) {
    compress(tail, 0);
    for (let i: u32 = 0; i < 56; i++) {
      tail[i] = 0;
    }
  }
  const bitsHigh = length >>> 29;
  const bitsLow = u32(length << 3);
  tail[56] = u8(bitsHigh >>> 24);
  tail[57] = u8(bitsHigh >>> 16);
  tail[58] = u8(bitsHigh >>> 8);
  tail[59] = u8(bitsHigh);
  tail[60] = u8(bitsLow >>> 24);
  tail[61] = u8(bitsLow >>> 16);
  tail[62] = u8(bitsLow >>> 8);
  tail[63] = u8(bitsLow);
  compress(tail, 0);
  checkRange(0, 32, digest.length);
  for (let i: u32 = 0; i < 32; i++) {
    digest[i] = u8(state[i >>> 2] >>> (24 - ((i & 3) << 3)));
  }
}
