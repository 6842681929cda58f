// Incremental cold restart: a cold restart (by request or by health policy) makes the VM `Restarting`
// and returns at once; the image work, checking the pristine copy against the digest the build recorded
// and then copying it over the VM's memory, is done step by step by the idle thread while the slot
// owner is the restarting VM (it cannot run meanwhile, so this is its own time), at most
// `RESTART_STEP_BYTES` per step with interrupts masked and `RESTART_BYTES_PER_TICK` per tick. No other
// VM's slot is shortened by a restart, however large the image or however often it is asked for.
// `hypervisor.ts` drives the steps and turns the outcome into a start or an integrity refusal.
import { u32 } from '../../transpiler/runtime/index.ts';
import { VmIndex } from './domain.ts';
import { CRC32_INITIAL, crc32Finish } from './crc32.ts';
import { ImageCopy, imageDigestUpdate, integrityNoteDigest } from './integrity.ts';
import { portImageLength, portImageRestore } from '../port/guest-image.ts';
import { vmEntry } from './system.ts';
import { WaitReason, partitionOf } from './partition.ts';
import { VmState } from './hypercall-numbers.ts';
import { TraceKind, traceEvent } from './trace.ts';
import { virqReset } from './virq.ts';
import { vtimerReset } from './vtimer.ts';

/** The two phases of a cold restart. */
export enum RestartPhase {
  /** CRC of the pristine copy. */
  Verify = 0,
  /** Pristine copy over the run copy. */
  Copy = 1,
}

/** What a step left. */
export enum RestartOutcome {
  /** More steps are needed. */
  Working = 0,
  /** The image is restored: the VM may be started. */
  Restored = 1,
  /** The pristine copy does not match its digest (`integrityLastDigest` holds the digest found); the
   *  VM's memory is as it was. */
  Corrupt = 2,
}

/** Begins a cold restart of VM `vm`: it stops running (state `Restarting`, interrupts and timer
 *  cleared) until `restartStep` has checked and restored its image. A restart already in progress
 *  begins again. */
export function restartBegin(vm: VmIndex): void {
  const p = partitionOf(vm);
  p.state = VmState.Restarting;
  p.waitReason = WaitReason.None;
  p.restartPhase = u32(RestartPhase.Verify);
  p.restartOffset = 0;
  p.restartCrc = CRC32_INITIAL;
  virqReset(vm);
  vtimerReset(vm);
  traceEvent(TraceKind.VmState, vm, u32(VmState.Restarting), 0);
}

/** Does up to `maxBytes` of VM `vm`'s restart (which must be `Restarting`). */
export function restartStep(vm: VmIndex, maxBytes: u32): RestartOutcome {
  const p = partitionOf(vm);
  const length = portImageLength(vm);
  let count = u32(length - p.restartOffset);
  if (p.restartOffset > length) {
    count = 0;
  }
  if (count > maxBytes) {
    count = maxBytes;
  }
  if (p.restartPhase === u32(RestartPhase.Verify)) {
    p.restartCrc = imageDigestUpdate(vm, ImageCopy.Pristine, p.restartOffset, count, p.restartCrc);
    p.restartOffset = u32(p.restartOffset + count);
    if (p.restartOffset < length) {
      return RestartOutcome.Working;
    }
    const digest = crc32Finish(p.restartCrc);
    integrityNoteDigest(digest);
    if (digest !== vmEntry(vm).imageDigest) {
      return RestartOutcome.Corrupt;
    }
    p.restartPhase = u32(RestartPhase.Copy);
    p.restartOffset = 0;
    return length === 0 ? RestartOutcome.Restored : RestartOutcome.Working;
  }
  if (count !== 0) {
    portImageRestore(vm, p.restartOffset, count);
  }
  p.restartOffset = u32(p.restartOffset + count);
  return p.restartOffset < length ? RestartOutcome.Working : RestartOutcome.Restored;
}
