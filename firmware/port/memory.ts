// Port layer, guest memory: copies between guest memory and hypervisor buffers (the hypervisor reaches
// all RAM through the MPU background region, so in C these are plain byte copies). Externs implemented by the BSP;
// the Node bodies use the simulated guest memory. Callers check every range against the VM's areas
// first: these functions trust their arguments.
import { u32 } from '../../transpiler/runtime/index.ts';
import { portSimulation } from '../sim/port-simulation.ts';

/** Copies `length` bytes from guest address `guestAddress` into `dst[dstOffset..]`.
 *  @extern bh_port_copy_from_guest */
export function portCopyFromGuest(dst: Uint8Array, dstOffset: u32, guestAddress: u32, length: u32): void {
  const sim = portSimulation('portCopyFromGuest');
  dst.set(sim.memory.read(guestAddress, length), dstOffset);
}

/** Copies `length` bytes from `src[srcOffset..]` to guest address `guestAddress`.
 *  @extern bh_port_copy_to_guest */
export function portCopyToGuest(guestAddress: u32, src: Uint8Array, srcOffset: u32, length: u32): void {
  const sim = portSimulation('portCopyToGuest');
  sim.memory.write(guestAddress, src.subarray(srcOffset, srcOffset + length));
}
