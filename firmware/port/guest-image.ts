// Port layer, guest images: each VM's image as the build embedded it (a run copy at the VM's entry and a
// pristine copy outside every VM area): its length, chunked reads of either copy and the copy-back of a
// cold restart (the digest the build recorded is in the tables). Each function is an extern implemented in C
// (firmware/port/c/self-check.c over the generated image glue); the Node bodies delegate to the installed
// port simulation (`firmware/sim/port-simulation.ts`).
import { u32 } from '../../transpiler/runtime/index.ts';
import { VmIndex } from '../core/domain.ts';
import { portSimulation } from '../sim/port-simulation.ts';

/** Length in bytes of VM `vm`'s guest image (0 when the image has none recorded).
 *  @extern bh_port_image_length */
export function portImageLength(vm: VmIndex): u32 {
  const sim = portSimulation('portImageLength');
  return sim.image(vm)?.length ?? 0;
}

/** Copies `length` bytes at `offset` of copy `copy` (`ImageCopy` of firmware/core/integrity.ts) of VM `vm`'s image into `dst[0..]`
 *  (the caller keeps `offset + length` within the image and `length` within `dst`).
 *  @extern bh_port_image_read */
export function portImageRead(vm: VmIndex, copy: u32, offset: u32, dst: Uint8Array, length: u32): void {
  const sim = portSimulation('portImageRead');
  const image = sim.image(vm);
  if (image === undefined) throw new Error(`port layer simulation: no image for VM ${vm}`);
  dst.set(image.read(copy, offset, length), 0);
}

/** Copies `length` bytes at `offset` of VM `vm`'s pristine image over the same bytes of its run copy
 *  (one step of a cold restart; the caller keeps the range inside the image).
 *  @extern bh_port_image_restore */
export function portImageRestore(vm: VmIndex, offset: u32, length: u32): void {
  const sim = portSimulation('portImageRestore');
  const image = sim.image(vm);
  if (image === undefined) throw new Error(`port layer simulation: no image for VM ${vm}`);
  image.restore(offset, length);
}
