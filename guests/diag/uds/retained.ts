// The diagnostic guest's retained store: a block of words in the VM's `nvm` memory area (not part of
// the image, so neither a warm nor a cold restart of the VM touches it) holding the DTC records, the
// fault-log position, the security attempt counter and the DTC bookkeeping, guarded by a
// magic word, a layout version and a CRC-32. A RAM copy is worked on; `retainedSave` writes it back
// whole with a fresh CRC after every change. Layout: docs/UDS.md "Retained store". In the TS subset.
import { bool, checkIndex, mmioRead32, mmioWrite32, u32 } from '../../../transpiler/runtime/index.ts';
import { diagRetainedBase, diagRetainedBytes } from '../platform.ts';
import { DTC_STORE_CAPACITY } from './config.ts';
import { CRC32_INITIAL, crc32Finish, crc32Word } from '../../../firmware/core/crc32.ts';

/** ASCII "BHDT" read as a little-endian word. */
export const RETAINED_MAGIC = 0x54444842;
/** Bumped whenever the layout below changes (an old block is then discarded). */
export const RETAINED_LAYOUT_VERSION = 1;

export const WORD_MAGIC = 0;
export const WORD_LAYOUT = 1;
/** Sequence number of the next hypervisor fault-log entry to read. */
export const WORD_NEXT_FAULT_SEQUENCE = 2;
/** Consecutive wrong security keys. */
export const WORD_SECURITY_ATTEMPTS = 3;
/** DTC records in use. */
export const WORD_DTC_COUNT = 4;
/** Faults not stored because the DTC store was full. */
export const WORD_DTC_DROPPED = 5;
/** Reserved words (2 × TRACKED_VMS), written as zero when the store is formatted and ignored on load.
 *  The word indices are literals (the subset wants constant array lengths); the Node tests check them
 *  against TRACKED_VMS and DTC_STORE_CAPACITY. */
export const WORD_RESERVED_BASE = 6;
/** DTC records (DTC_STORE_CAPACITY words): DTC << 8 | status byte. */
export const WORD_DTC_BASE = 22;
/** CRC-32 of every word before it. */
export const WORD_CRC = 54;
export const RETAINED_WORDS = 55;

const words: Uint32Array = new Uint32Array(RETAINED_WORDS);

/** CRC-32 of the RAM copy's words before WORD_CRC. */
function blockCrc(): u32 {
  let r: u32 = CRC32_INITIAL;
  for (let i: u32 = 0; i < WORD_CRC; i++) {
    r = crc32Word(r, words[i]);
  }
  return crc32Finish(r);
}

/** True when the VM's retained area can hold the block. */
function areaUsable(): bool {
  return diagRetainedBytes() >= u32(RETAINED_WORDS * 4);
}

/** Word `index` of the RAM copy. */
export function retainedGet(index: u32): u32 {
  return words[checkIndex(index, words.length)];
}

/** Sets word `index` of the RAM copy (written to the area by the next `retainedSave`). */
export function retainedSet(index: u32, value: u32): void {
  words[checkIndex(index, words.length)] = value;
}

/** Writes the RAM copy to the retained area with a fresh CRC. */
export function retainedSave(): void {
  words[WORD_MAGIC] = RETAINED_MAGIC;
  words[WORD_LAYOUT] = RETAINED_LAYOUT_VERSION;
  words[WORD_CRC] = blockCrc();
  if (!areaUsable()) {
    return;
  }
  const base = diagRetainedBase();
  for (let i: u32 = 0; i < RETAINED_WORDS; i++) {
    mmioWrite32(u32(base + u32(i * 4)), words[i]);
  }
}

/** An empty store (no DTCs, fault log read from sequence 0), saved. */
export function retainedFormat(): void {
  for (let i: u32 = 0; i < RETAINED_WORDS; i++) {
    words[i] = 0;
  }
  retainedSave();
}

/** Loads the block from the retained area. Returns true when it was valid (magic, layout, CRC); false
 *  when the store had to be formatted (first start, corruption, new layout). */
export function retainedLoad(): bool {
  if (areaUsable()) {
    const base = diagRetainedBase();
    for (let i: u32 = 0; i < RETAINED_WORDS; i++) {
      words[i] = mmioRead32(u32(base + u32(i * 4)));
    }
    if (
      words[WORD_MAGIC] === RETAINED_MAGIC &&
      words[WORD_LAYOUT] === RETAINED_LAYOUT_VERSION &&
      words[WORD_CRC] === blockCrc() &&
      words[WORD_DTC_COUNT] <= DTC_STORE_CAPACITY
    ) {
      return true;
    }
  }
  retainedFormat();
  return false;
}
