// SecurityAccess (0x27) of the UDS server: one level (requestSeed 0x01 / sendKey 0x02), a 4-byte seed
// that is never 0 (00 00 00 00 when already unlocked), the documented key algorithm with the secret of
// config.ts, a consecutive wrong-key counter kept in the retained store, and the lock-out delay after
// SECURITY_MAX_ATTEMPTS wrong keys (also at start when the counter was exhausted before a restart).
// Unlocked until the session changes or S3 expires (the dispatcher calls `securityRelock`). The
// dispatcher has checked the session (extended/programming) and the sub-function. In the TS subset.
import { bool, mul, u32 } from '../../../transpiler/runtime/index.ts';
import {
  SECURITY_DELAY_MS,
  SECURITY_KEY_ADDEND,
  SECURITY_KEY_ROTATION,
  SECURITY_MAX_ATTEMPTS,
  SECURITY_SECRET,
} from './config.ts';
import {
  NRC_DELAY_NOT_EXPIRED,
  NRC_EXCEEDED_ATTEMPTS,
  NRC_INCORRECT_LENGTH,
  NRC_INVALID_KEY,
  NRC_REQUEST_SEQUENCE_ERROR,
  NRC_SUB_FUNCTION_NOT_SUPPORTED,
  requestByte,
  requestU32,
  SID_SECURITY_ACCESS,
  SUB_FUNCTION_MASK,
  UdsResponse,
} from './protocol.ts';
import { retainedGet, retainedSave, retainedSet, WORD_SECURITY_ATTEMPTS } from './retained.ts';

export const SECURITY_REQUEST_SEED = 0x01;
export const SECURITY_SEND_KEY = 0x02;
/** Multiplier and increment of the seed generator (a 32-bit LCG, Numerical Recipes constants). */
const SEED_MULTIPLIER = 1664525;
const SEED_INCREMENT = 1013904223;

let unlocked: bool = false;
let seedPending: bool = false;
let pendingSeed: u32 = 0;
let seedState: u32 = 0;
let delayActive: bool = false;
let delayStart: u32 = 0;
let delayTicks: u32 = 0;

/** The key the tester must send for `seed`. */
export function securityKeyFor(seed: u32): u32 {
  const mixed = u32(seed ^ SECURITY_SECRET);
  const rotated = u32(u32(mixed << SECURITY_KEY_ROTATION) | u32(mixed >>> (32 - SECURITY_KEY_ROTATION)));
  return u32(rotated + SECURITY_KEY_ADDEND);
}

/** Back to the state after a start: locked; the lock-out delay runs when the retained counter was
 *  exhausted before the restart. `entropy` seeds the seed generator (a tick count). */
export function securityInit(now: u32, ticksPerMs: u32, entropy: u32): void {
  unlocked = false;
  seedPending = false;
  seedState = u32(entropy ^ 0x5eed5eed);
  delayTicks = u32(mul(SECURITY_DELAY_MS, ticksPerMs));
  delayActive = retainedGet(WORD_SECURITY_ATTEMPTS) >= SECURITY_MAX_ATTEMPTS;
  delayStart = now;
}

export function securityUnlocked(): bool {
  return unlocked;
}

/** Session change or S3 timeout: locked again, pending seed dropped (counter and delay stay). */
export function securityRelock(): void {
  unlocked = false;
  seedPending = false;
}

/** Ends the lock-out delay when it has run out (the attempt counter starts again from 0). */
export function securityTick(now: u32): void {
  if (delayActive && u32(now - delayStart) >= delayTicks) {
    delayActive = false;
    retainedSet(WORD_SECURITY_ATTEMPTS, 0);
    retainedSave();
  }
}

function nextSeed(now: u32): u32 {
  for (;;) {
    seedState = u32(u32(mul(seedState, SEED_MULTIPLIER)) + u32(SEED_INCREMENT ^ now));
    if (seedState !== 0) {
      return seedState;
    }
  }
}

/** SecurityAccess requestSeed / sendKey. */
export function securityAccess(request: Uint8Array, length: u32, response: UdsResponse, now: u32): void {
  const sub = u32(requestByte(request, length, 1) & SUB_FUNCTION_MASK);
  if (sub === SECURITY_REQUEST_SEED) {
    if (length !== 2) {
      response.negative(SID_SECURITY_ACCESS, NRC_INCORRECT_LENGTH);
      return;
    }
    if (delayActive) {
      response.negative(SID_SECURITY_ACCESS, NRC_DELAY_NOT_EXPIRED);
      return;
    }
    response.positive(SID_SECURITY_ACCESS);
    response.put(sub);
    if (unlocked) {
      seedPending = false;
      response.put32(0);
      return;
    }
    pendingSeed = nextSeed(now);
    seedPending = true;
    response.put32(pendingSeed);
    return;
  }
  if (sub !== SECURITY_SEND_KEY) {
    response.negative(SID_SECURITY_ACCESS, NRC_SUB_FUNCTION_NOT_SUPPORTED);
    return;
  }
  if (length !== 6) {
    response.negative(SID_SECURITY_ACCESS, NRC_INCORRECT_LENGTH);
    return;
  }
  if (!seedPending) {
    response.negative(SID_SECURITY_ACCESS, NRC_REQUEST_SEQUENCE_ERROR);
    return;
  }
  seedPending = false;
  if (requestU32(request, length, 2) !== securityKeyFor(pendingSeed)) {
    const attempts = u32(retainedGet(WORD_SECURITY_ATTEMPTS) + 1);
    retainedSet(WORD_SECURITY_ATTEMPTS, attempts);
    retainedSave();
    if (attempts >= SECURITY_MAX_ATTEMPTS) {
      delayActive = true;
      delayStart = now;
      response.negative(SID_SECURITY_ACCESS, NRC_EXCEEDED_ATTEMPTS);
      return;
    }
    response.negative(SID_SECURITY_ACCESS, NRC_INVALID_KEY);
    return;
  }
  if (retainedGet(WORD_SECURITY_ATTEMPTS) !== 0) {
    retainedSet(WORD_SECURITY_ATTEMPTS, 0);
    retainedSave();
  }
  unlocked = true;
  response.positive(SID_SECURITY_ACCESS);
  response.put(sub);
}
