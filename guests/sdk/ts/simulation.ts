// Node side of the TypeScript guest SDK (plain TypeScript, never transpiled): the object the `@extern`
// bodies of guests/sdk/ts/bulkhead.ts call, and `simulatedGuest`, which builds it over a simulated VM
// of `firmware/sim/machine.ts` — hypercalls go through `SimGuest.call` (the real core), buffers are
// staged in a scratch area of the VM's own memory (so the core's pointer checks see real guest
// addresses) and read back from there.
import type { SimGuest } from '../../../firmware/sim/machine.ts';
import { Hypercall, HvResult } from '../../../firmware/core/hypercall-numbers.ts';

export interface GuestSimulation {
  /** Issues `call` with r0..r3; stores r1..r3 in `values` (when given) if the call succeeded. */
  call(call: number, r0: number, r1: number, r2: number, r3: number, values: Uint32Array | null): number;
  /** Stages the first `length` bytes of `data` and issues `call` with (r0, address, length) — or
   *  (address, length) when `r0` is null (ConsoleWrite). */
  callWithInput(call: number, r0: number | null, data: Uint8Array, length: number): number;
  /** Issues `call` with (r0, address, capacity = buffer.length) over a staged buffer, copies the
   *  received bytes back into `buffer` and r1..r3 into `values`. */
  callWithOutput(call: number, r0: number, buffer: Uint8Array, values: Uint32Array): number;
  /** Issues `call` with r0 = the address of a staged, word-aligned record of `record.length` bytes;
   *  on success copies the record back into `record` and r1..r3 into `values` (CanReceive). */
  callWithRecord(call: number, record: Uint8Array, values: Uint32Array): number;
  /** GetTime's tick counter. */
  ticks(): number;
}

function storeValues(values: Uint32Array | null, r1: number, r2: number, r3: number): void {
  if (values === null) return;
  [r1, r2, r3].slice(0, values.length).forEach((v, i) => (values[i] = v));
}

/** A `GuestSimulation` over simulated VM `guest`, staging buffers at `scratchAddress` (inside the
 *  VM's writable memory, `scratchBytes` long). */
export function simulatedGuest(
  guest: SimGuest,
  scratchAddress: number,
  scratchBytes: number,
): GuestSimulation {
  const stage = (bytes: Uint8Array): number => {
    if (bytes.length > scratchBytes) {
      throw new Error(
        `guest SDK simulation: ${bytes.length} bytes exceed the ${scratchBytes}-byte scratch area`,
      );
    }
    if (bytes.length > 0) guest.store(scratchAddress, bytes);
    return scratchAddress;
  };
  return {
    call(call, r0, r1, r2, r3, values) {
      const out = guest.call(call, r0, r1, r2, r3);
      if (out.r0 === HvResult.Ok || (call === Hypercall.FaultLogRead && out.r0 === HvResult.Empty)) {
        storeValues(values, out.r1, out.r2, out.r3);
      }
      return out.r0;
    },
    callWithInput(call, r0, data, length) {
      const address = stage(data.subarray(0, length));
      const out = r0 === null ? guest.call(call, address, length) : guest.call(call, r0, address, length);
      return out.r0;
    },
    callWithOutput(call, r0, buffer, values) {
      const address = stage(new Uint8Array(buffer.length));
      const out = guest.call(call, r0, address, buffer.length);
      if (out.r0 === HvResult.Ok) {
        const received = call === Hypercall.FaultLogRead ? buffer.length : out.r1;
        buffer.set(guest.load(address, Math.min(received, buffer.length)));
      }
      if (out.r0 === HvResult.Ok || (call === Hypercall.FaultLogRead && out.r0 === HvResult.Empty)) {
        storeValues(values, out.r1, out.r2, out.r3);
      }
      return out.r0;
    },
    callWithRecord(call, record, values) {
      const address = stage(new Uint8Array(record.length));
      const out = guest.call(call, address);
      if (out.r0 === HvResult.Ok) {
        record.set(guest.load(address, record.length));
        storeValues(values, out.r1, out.r2, out.r3);
      }
      return out.r0;
    },
    ticks() {
      return guest.call(Hypercall.GetTime).r1 >>> 0;
    },
  };
}

/** Makes `simulation` the one the SDK's `@extern` bodies use (null: none). */
export function installGuestSimulation(simulation: GuestSimulation | null): void {
  const host = globalThis as unknown as { bulkheadGuestSimulation?: GuestSimulation };
  if (simulation === null) delete host.bulkheadGuestSimulation;
  else host.bulkheadGuestSimulation = simulation;
}
