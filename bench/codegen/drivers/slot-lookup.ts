// Host driver of the scheduler kernel: the loop of bench/codegen/harness/slot-lookup-main.c (the
// running VM is the previous owner, a plan switch requested every 50 ticks), returning the digest.
import { u32 } from '../../../transpiler/runtime/index.ts';
import {
  schedulerDigest,
  schedulerRequestPlan,
  schedulerStart,
  schedulerTick,
} from '../kernels/slot-lookup.ts';
import { FNV_OFFSET, mix } from './support.ts';

export function run(iterations: u32): u32 {
  let digest = FNV_OFFSET;
  let running: u32 = 0;
  schedulerStart();
  for (let call: u32 = 0; call < iterations; call++) {
    if (call % 50 === 49) {
      schedulerRequestPlan(u32(1 - ((call / 50) & 1)));
    }
    const owner = schedulerTick(running);
    digest = mix(digest, owner);
    running = owner;
  }
  return mix(digest, schedulerDigest());
}
