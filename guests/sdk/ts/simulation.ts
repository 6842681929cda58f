// Node side of the TypeScript guest SDK (plain TypeScript, never transpiled): the object the `@extern`
// bodies of guests/sdk/ts/bulkhead.ts call, and `simulatedGuest`, which builds it over a simulated VM
// of `firmware/sim/machine.ts` — hypercalls go through `SimGuest.call` (the real core), buffers are
// staged in a scratch area of the VM's own memory (so the core's pointer checks see real guest
// addresses) and read back from there. Which results carry values, and where a call's buffer and
// capacity go, come from the hypercall table (firmware/abi/hypercalls.ts).
import type { SimGuest } from '../../../firmware/sim/machine.ts';
import { Hypercall, HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { HYPERCALLS, type HypercallSpec } from '../../../firmware/abi/hypercalls.ts';

export interface GuestSimulation {
  /** Issues `call` with r0..r3; stores r1..r3 in `values` (when given) if the result carries values. */
  call(call: number, r0: number, r1: number, r2: number, r3: number, values: Uint32Array | null): number;
  /** Stages the first `length` bytes of `data` and issues `call` with (r0, address, length) — or
   *  (address, length) when `r0` is null (ConsoleWrite). */
  callWithInput(call: number, r0: number | null, data: Uint8Array, length: number): number;
  /** Issues `call` with (r0, address[, capacity = buffer.length]) over a staged buffer — or (address[,
   *  capacity]) when `r0` is null (CanReceive) — copies the received bytes back into `buffer` and
   *  r1..r3 into `values`. */
  callWithOutput(call: number, r0: number | null, buffer: Uint8Array, values: Uint32Array): number;
  /** GetTime's tick counter. */
  ticks(): number;
}

function specOf(call: number): HypercallSpec {
  const spec = HYPERCALLS.find((h) => h.number === call);
  if (spec === undefined) throw new Error(`guest SDK simulation: hypercall ${call} is not in the table`);
  return spec;
}

/** True when `result` of `call` leaves values in r1..r3 (the table's `valuesOn`, default Ok). */
function carriesValues(call: number, result: number): boolean {
  return (specOf(call).valuesOn ?? ['Ok']).some((name) => HvResult[name as keyof typeof HvResult] === result);
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
      if (carriesValues(call, out.r0)) storeValues(values, out.r1, out.r2, out.r3);
      return out.r0;
    },
    callWithInput(call, r0, data, length) {
      const address = stage(data.subarray(0, length));
      const out = r0 === null ? guest.call(call, address, length) : guest.call(call, r0, address, length);
      return out.r0;
    },
    callWithOutput(call, r0, buffer, values) {
      const spec = specOf(call);
      const address = stage(new Uint8Array(buffer.length));
      const registers = [...(r0 === null ? [] : [r0]), address];
      if (spec.args.length > registers.length) registers.push(buffer.length);
      const out = guest.call(call, registers[0] ?? 0, registers[1] ?? 0, registers[2] ?? 0);
      if (out.r0 === HvResult.Ok) {
        // A call whose first value is `length` says how many bytes it wrote; the others fill the buffer.
        const received = spec.values[0]?.name === 'length' ? out.r1 : buffer.length;
        buffer.set(guest.load(address, Math.min(received, buffer.length)));
      }
      if (carriesValues(call, out.r0)) storeValues(values, out.r1, out.r2, out.r3);
      return out.r0;
    },
    ticks() {
      return guest.call(Hypercall.GetTime).r1 >>> 0;
    },
  };
}

/** The simulation the SDK's `@extern` bodies use, or null. */
let installed: GuestSimulation | null = null;

/** Makes `simulation` the one the SDK's `@extern` bodies use (null: none). */
export function installGuestSimulation(simulation: GuestSimulation | null): void {
  installed = simulation;
}

/** The installed simulation; throws naming `caller` (the SDK function) when there is none. */
export function guestSimulation(caller: string): GuestSimulation {
  if (installed === null) throw new Error(`guest SDK: no guest simulation installed (${caller})`);
  return installed;
}
