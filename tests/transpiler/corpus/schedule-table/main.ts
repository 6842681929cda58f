// Corpus program: an ARINC 653-style cyclic schedule: a const plan of slots (interface-typed table with
// an enum-like partition index), a tick-driven dispatcher that finds the active slot in O(1) via a
// precomputed lookup array, per-partition execution-time accounting and major-frame wrap-around.
import { checkIndex, rem, u8, u32 } from '../../../../transpiler/runtime/index.ts';
import { printU32 } from '../../support/print.ts';

interface Slot {
  readonly partition: u8;
  readonly start: u32;
  readonly duration: u32;
}

const MAJOR_FRAME: u32 = 20;
const PLAN: readonly Slot[] = [
  { partition: 0, start: 0, duration: 5 },
  { partition: 1, start: 5, duration: 8 },
  { partition: 0, start: 13, duration: 2 },
  { partition: 2, start: 15, duration: 4 },
] as const;
const IDLE: u8 = 0xff;

const slotAtTick = new Uint8Array(20);
const executionTicks = new Uint32Array(4);
let switches: u32 = 0;
let current: u8 = IDLE;

function buildLookup(): void {
  for (let t: u32 = 0; t < slotAtTick.length; t++) {
    slotAtTick[t] = IDLE;
  }
  for (let s: u32 = 0; s < PLAN.length; s++) {
    const slot = PLAN[s];
    for (let k: u32 = 0; k < slot.duration; k++) {
      slotAtTick[checkIndex(u32(slot.start + k), slotAtTick.length)] = u8(s);
    }
  }
}

function tick(now: u32): void {
  const offset = rem(now, MAJOR_FRAME);
  const slotIndex = slotAtTick[checkIndex(offset, slotAtTick.length)];
  let owner: u8 = IDLE;
  if (slotIndex !== IDLE) {
    owner = PLAN[checkIndex(slotIndex, PLAN.length)].partition;
  }
  if (owner !== current) {
    switches = u32(switches + 1);
    current = owner;
  }
  const accountIndex: u32 = owner === IDLE ? 3 : owner;
  executionTicks[accountIndex & 3] = u32(executionTicks[accountIndex & 3] + 1);
}

export function main(): void {
  buildLookup();
  for (const s of slotAtTick) {
    printU32('slot', s);
  }
  for (let now: u32 = 0; now < 65; now++) {
    tick(now);
  }
  for (const ticks of executionTicks) {
    printU32('ticks', ticks);
  }
  printU32('switches', switches);
}
