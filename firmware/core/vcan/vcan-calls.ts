// Virtual-CAN hypercall handlers `CanReceive` and `CanStatus` (`CanSend` is the bus's own `vcanSend`):
// check the receive buffer against the caller's own memory areas, call the bus, return the result code
// and write the call's values to r1..r3 of the caller's context. The generated dispatch
// (hypercall-dispatch.ts) calls them with the arguments the hypercall table lists
// (firmware/abi/hypercalls.ts). Registers and the frame record layout: docs/VCAN.md.
import { u32, u8 } from '../../../transpiler/runtime/index.ts';
import { GuestAddress, VmIndex } from '../domain.ts';
import { checkGuestRange } from '../guest-access.ts';
import { HvResult } from '../hypercall-numbers.ts';
import { AREA_WRITE } from '../tables.ts';
import { VcpuContext } from '../vcpu-context.ts';
import { portCopyToGuest } from '../../port/memory.ts';
import {
  VCAN_ID_EXTENDED,
  VCAN_ID_REMOTE,
  vcanQueued,
  vcanReceive,
  vcanReceived,
  vcanVmCounters,
} from './bus.ts';

/** Bytes of the frame record `CanReceive` writes: identifier word, DLC word, data bytes 0..7. */
export const VCAN_FRAME_RECORD_BYTES = 16;

const record: Uint8Array = new Uint8Array(16);

function putWordLE(offset: u32, value: u32): void {
  record[u32(offset & 15)] = u8(value);
  record[u32(u32(offset + 1) & 15)] = u8(value >>> 8);
  record[u32(u32(offset + 2) & 15)] = u8(value >>> 16);
  record[u32(u32(offset + 3) & 15)] = u8(value >>> 24);
}

/** `CanReceive`: `address` of a word-aligned 16-byte frame record in the caller's writable memory.
 *  On `Ok` the oldest queued frame is written there (word 0 identifier word, word 1 DLC, bytes 8..15
 *  data) and r1 = frames still queued. The buffer is checked before a frame is taken, so a bad buffer
 *  loses nothing. Results: `Misaligned`, `BadAddress`, `Empty`, `Ok`. */
export function vcanCallReceive(vm: VmIndex, address: GuestAddress, ctx: VcpuContext): HvResult {
  if (u32(address & 3) !== 0) {
    return HvResult.Misaligned;
  }
  const access = checkGuestRange(vm, address, VCAN_FRAME_RECORD_BYTES, AREA_WRITE);
  if (access !== HvResult.Ok) {
    return access;
  }
  const result = vcanReceive(vm);
  if (result !== HvResult.Ok) {
    return result;
  }
  const frame = vcanReceived();
  let word = frame.id;
  if (frame.extended) {
    word = u32(word | VCAN_ID_EXTENDED);
  }
  if (frame.remote) {
    word = u32(word | VCAN_ID_REMOTE);
  }
  putWordLE(0, word);
  putWordLE(4, frame.dlc);
  for (let i: u32 = 0; i < 8; i++) {
    record[u32(u32(i + 8) & 15)] = frame.data[i];
  }
  portCopyToGuest(address, record, 0, VCAN_FRAME_RECORD_BYTES);
  ctx.r[1] = vcanQueued(vm);
  return HvResult.Ok;
}

/** `CanStatus`: r1 = frames queued for the caller, r2 = its receive overflows, r3 = its sends refused
 *  by the transmit filter. */
export function vcanCallStatus(vm: VmIndex, ctx: VcpuContext): HvResult {
  const c = vcanVmCounters(vm);
  ctx.r[1] = vcanQueued(vm);
  ctx.r[2] = c.overflows;
  ctx.r[3] = c.txRefused;
  return HvResult.Ok;
}
