// Partitions: the run-time state of each VM (scheduling state, restart and fault counters, execution-
// time accounting, watchdog deadline) and its MPU region block, precomputed at `hvInit` from the tables
// so that a switch loads it in one go.
import { arrayOf, checkIndex, div, u32 } from '../../transpiler/runtime/index.ts';
import { Ticks, VmIndex } from './domain.ts';
import { MAX_MPU_REGIONS, MAX_VMS, MPU_WORDS_PER_REGION } from './limits.ts';
import { VmState } from './hypercall-numbers.ts';

export enum WaitReason {
  None = 0,
  NextSlot = 1,
  Event = 2,
}

export class Partition {
  state: VmState = VmState.Halted;
  waitReason: WaitReason = WaitReason.None;
  /** Restarts made by the health monitor (counted against the restart limit). */
  healthRestarts: u32 = 0;
  /** Starts since `hvInit` (first start included): lets observers notice restarts. */
  starts: u32 = 0;
  /** Health events raised against this VM. */
  faults: u32 = 0;
  /** Ticks during which this VM was on the CPU when the tick interrupt came. */
  ticksRun: Ticks = 0;
  /** PMU cycles this VM spent on the CPU (64-bit: low and high words). */
  cyclesLow: u32 = 0;
  cyclesHigh: u32 = 0;
  /** Tick at which the watchdog expires (valid when the VM has a watchdog period). */
  watchdogDeadline: u32 = 0;
  /** The register words of `mpuRegionCount` regions in the CPU's layout (`SystemTables.mpuWordsPerRegion`
   *  per region). */
  mpuBlock: Uint32Array = new Uint32Array(MAX_MPU_REGIONS * MPU_WORDS_PER_REGION);
  mpuRegionCount: u32 = 0;
  /** Cold restart in progress (state `Restarting`): phase (`RestartPhase`), bytes of the phase done and
   *  the running CRC of the pristine copy. */
  restartPhase: u32 = 0;
  restartOffset: u32 = 0;
  restartCrc: u32 = 0;
  /** Requested restarts of this VM in the rate window that began at tick `restartWindowStart`. */
  restartWindowStart: u32 = 0;
  restartsInWindow: u32 = 0;
}

export const partitions: Partition[] = arrayOf(MAX_VMS, () => new Partition());

/** The run-time state of VM `vm`. */
export function partitionOf(vm: VmIndex): Partition {
  return partitions[checkIndex(vm, partitions.length)];
}

/** Clears every counter of `vm` and fills its MPU block from `words`, `wordsPerRegion` words per region
 *  (the caller checked that `words` holds whole regions and fits the block). */
export function partitionInit(vm: VmIndex, words: readonly u32[], wordsPerRegion: u32): void {
  const p = partitionOf(vm);
  p.state = VmState.Halted;
  p.waitReason = WaitReason.None;
  p.healthRestarts = 0;
  p.starts = 0;
  p.faults = 0;
  p.ticksRun = 0;
  p.cyclesLow = 0;
  p.cyclesHigh = 0;
  p.watchdogDeadline = 0;
  p.restartPhase = 0;
  p.restartOffset = 0;
  p.restartCrc = 0;
  p.restartWindowStart = 0;
  p.restartsInWindow = 0;
  for (let i: u32 = 0; i < p.mpuBlock.length; i++) {
    p.mpuBlock[i] = 0;
  }
  let length: u32 = words.length;
  if (length > p.mpuBlock.length) {
    length = p.mpuBlock.length;
  }
  for (let i: u32 = 0; i < length; i++) {
    p.mpuBlock[checkIndex(i, p.mpuBlock.length)] = words[checkIndex(i, words.length)];
  }
  p.mpuRegionCount = wordsPerRegion === 0 ? 0 : u32(div(length, wordsPerRegion));
}

/** Adds `cycles` PMU cycles to the VM's account. */
export function chargeCycles(p: Partition, cycles: u32): void {
  const low = u32(p.cyclesLow + cycles);
  if (low < p.cyclesLow) {
    p.cyclesHigh = u32(p.cyclesHigh + 1);
  }
  p.cyclesLow = low;
}

/** True when the VM may be put on the CPU when its slot is current. */
export function isRunnable(p: Partition): boolean {
  return p.state === VmState.Ready || p.state === VmState.Running;
}
