// Layout of port storage in the hypervisor port pool, shared by the core (which reads and writes it)
// and by `deriveTables` (which assigns each port its `bufferOffset`). A sampling port holds one message
// buffer. A queuing port holds, for each destination in ascending VM order, `depth` slots; a slot is a
// 4-byte little-endian length followed by the message bytes, padded to a multiple of 4.
import { mul, u32 } from '../../transpiler/runtime/index.ts';
import { PortKind } from './tables.ts';

/** Bytes of the length word at the start of a queue slot. */
export const QUEUE_SLOT_HEADER = 4;

/** `size` rounded up to a multiple of 4. */
export function roundUp4(size: u32): u32 {
  return u32(u32(size + 3) & 0xfffffffc);
}

/** Bytes between consecutive slots of a queue. */
export function queueSlotStride(maxMessageSize: u32): u32 {
  return u32(QUEUE_SLOT_HEADER + roundUp4(maxMessageSize));
}

/** Bytes one destination's queue occupies. */
export function queueBytes(maxMessageSize: u32, depth: u32): u32 {
  return u32(mul(queueSlotStride(maxMessageSize), depth));
}

/** Pool bytes a port needs. */
export function portPoolBytes(kind: PortKind, maxMessageSize: u32, depth: u32, destinationCount: u32): u32 {
  if (kind === PortKind.Sampling) {
    return roundUp4(maxMessageSize);
  }
  return u32(mul(queueBytes(maxMessageSize, depth), destinationCount));
}
