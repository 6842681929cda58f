// The shapes of the hypercall ABI's description (firmware/abi/hypercalls.ts): what a register holds, an
// argument or value register, a result code, a member of the other ABI enums, how the TypeScript guest
// SDK exposes a call, and one hypercall's row.

/** What a register holds. Scalars map to the core's domain types (firmware/core/domain.ts). */
export type AbiType =
  /** Any 32-bit value. */
  | 'u32'
  /** A VM index. */
  | 'vm'
  /** A port index. */
  | 'port'
  /** A virtual interrupt number. */
  | 'virq'
  /** A schedule plan index. */
  | 'plan'
  /** A number of hypervisor ticks. */
  | 'ticks'
  /** A guest buffer's address, checked against the caller's own memory areas. */
  | 'address'
  /** A code address in the caller's executable memory (bit 0 = Thumb). */
  | 'code';

/** One argument (r0..r3, in order) or value (r1..r3, in order) register. */
export interface AbiRegister {
  /** camelCase; C names are its snake case. */
  name: string;
  type: AbiType;
  /** What the docs table says about it. */
  doc: string;
}

/** A result code of the ABI (r0 after a call). */
export interface AbiResultCode {
  name: string;
  value: number;
  meaning: string;
  /** True when the code means the guest broke the ABI: a `bad-hypercall` health event follows. */
  violation?: boolean;
}

/** How the TypeScript guest SDK exposes a call (guests/sdk/ts/bulkhead.ts, guests/sdk/src/ts_bindings.c). */
export type TsBinding =
  /** Registers in, values out: `fn(args..., values?)`; `fixed` arguments are not parameters. */
  | { kind: 'registers'; fn: string; doc: string; fixed?: Record<string, number> }
  /** `buffer`/`length` from a byte array: `fn(args..., <data>: Uint8Array, length)`. */
  | { kind: 'input'; fn: string; doc: string; data: string }
  /** `buffer`/`capacity` from a byte array whose whole length is the capacity, values out. `aligned`:
   *  the call wants a word-aligned buffer of at most that many bytes, staged in C. */
  | { kind: 'output'; fn: string; doc: string; data: string; aligned?: number }
  /** A C SDK function of bulkhead.h does the work (`c` is its call; `sim` what Node runs). */
  | {
      kind: 'sdk';
      fn: string;
      doc: string;
      params: { name: string; ts: 'cstr' | 'Uint8Array' | 'u32' }[];
      c: string;
      sim: string;
    };

/** One hypercall. */
export interface HypercallSpec {
  /** The SVC immediate. Numbers never change meaning; new calls get new numbers. */
  number: number;
  /** PascalCase (enum member, docs); C and TS names derive from it. */
  name: string;
  /** One-line description for the C header and the TS SDK. */
  summary: string;
  /** r0.. in order. */
  args: AbiRegister[];
  /** r1.. in order, written by the handler. */
  values: AbiRegister[];
  /** Docs column for the values when the register list does not say it all. */
  valuesDoc?: string;
  /** Results after which r1..r3 hold values (default: Ok only). */
  valuesOn?: string[];
  /** Every result code the call may return to the caller. */
  results: string[];
  /** Capability or permission needed (docs text; '–' none). */
  capability: string;
  /** Trace: every outcome gets a hypercall record, or only failures (an Ok is recorded by its port
   *  record alone). */
  trace: 'hypercall' | 'port-record-on-ok';
  /** When r0 is not written because the caller's context was replaced: after Ok, or after Ok when
   *  argument `target` is the caller itself. */
  noReply?: 'ok' | 'ok-self';
  /** A call guests issue in their loops (the null call, a yield, a queue poll): its dispatch case
   *  replies and writes its trace record itself instead of going through the shared tail. Only for a
   *  call that always gets its reply and its hypercall record and returns no ABI violation. */
  hot?: true;
  /** The core function that runs the call: `(vm, args..., ctx?)`, returning the result code; it gets
   *  the caller's context `ctx` (for its values) when `context` is true. */
  handler: { module: string; name: string; context: boolean };
  /** The TypeScript SDK functions for the call. */
  bindings: TsBinding[];
}

/** A member of an ABI enum other than the result codes. */
export interface AbiEnumMember {
  name: string;
  value: number;
  doc: string;
}
