// Test support for the core's Node tests: fault-log entries decoded from the health monitor's words
// (docs/HYPERCALLS.md, FaultLogRead), a hex formatter matching the console's, and a guest image for the
// self-check simulation (both copies equal, with the digest the build would record).
import { crc32 } from 'node:zlib';

import {
  FAULT_WORD_ADDRESS,
  FAULT_WORD_DETAIL,
  FAULT_WORD_SEQUENCE,
  FAULT_WORD_TICK,
  FAULT_WORD_WHO,
  faultLogCount,
  faultLogWord,
} from '../../../firmware/core/health.ts';

export interface FaultEntry {
  seq: number;
  tick: number;
  vm: number;
  event: number;
  action: number;
  address: number;
  detail: number;
}

/** Fault-log entry `seq`, decoded (who = vm | event << 8 | action << 16). */
export function faultEntry(seq: number): FaultEntry {
  const who = faultLogWord(seq, FAULT_WORD_WHO);
  return {
    seq: faultLogWord(seq, FAULT_WORD_SEQUENCE),
    tick: faultLogWord(seq, FAULT_WORD_TICK),
    vm: who & 0xff,
    event: (who >>> 8) & 0xff,
    action: (who >>> 16) & 0xff,
    address: faultLogWord(seq, FAULT_WORD_ADDRESS),
    detail: faultLogWord(seq, FAULT_WORD_DETAIL),
  };
}

/** The newest fault-log entry. */
export function lastFaultEntry(): FaultEntry {
  return faultEntry(faultLogCount() - 1);
}

/** `0x` and eight lower-case hex digits, as the hypervisor's console lines print a word. */
export const hex8 = (value: number): string => `0x${(value >>> 0).toString(16).padStart(8, '0')}`;

export interface SimImage {
  running: Uint8Array;
  pristine: Uint8Array;
  expected: number;
}

/** A guest image for `bulkheadSelfCheck.images`: both copies hold `bytes`, `expected` is their CRC-32. */
export function simImage(bytes: Uint8Array): SimImage {
  return { running: Uint8Array.from(bytes), pristine: Uint8Array.from(bytes), expected: crc32(bytes) >>> 0 };
}
