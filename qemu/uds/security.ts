// Job: the SecurityAccess (0x27) key algorithm of the diagnostic guest (docs/UDS.md, contract):
// key = u32(rotl32(seed XOR secret, 5) + 0x0BADF00D), seed and key as 4 big-endian bytes on the wire;
// the secret is configurable on both sides (default 0xB01DFACE).

/** The server's default `SECURITY_SECRET`. */
export const DEFAULT_SECURITY_SECRET = 0xb01dface;
const KEY_ADDEND = 0x0badf00d;
const ROTATE_BITS = 5;
export const SEED_BYTES = 4;

function rotl32(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}

/** The key for a 32-bit seed. */
export function securityKeyFor(seed: number, secret = DEFAULT_SECURITY_SECRET): number {
  return (rotl32((seed ^ secret) >>> 0, ROTATE_BITS) + KEY_ADDEND) >>> 0;
}

/** The key bytes for the seed bytes of a requestSeed response; throws naming a seed of the wrong size. */
export function securityKeyBytes(seed: Uint8Array, secret = DEFAULT_SECURITY_SECRET): Uint8Array {
  if (seed.length !== SEED_BYTES)
    throw new Error(
      `security seed has ${seed.length} bytes (${Buffer.from(seed).toString('hex')}), expected ${SEED_BYTES}`,
    );
  const key = Buffer.alloc(SEED_BYTES);
  key.writeUInt32BE(securityKeyFor(Buffer.from(seed).readUInt32BE(0), secret));
  return Uint8Array.from(key);
}
