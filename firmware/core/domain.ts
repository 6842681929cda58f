// Domain types of the core: transparent aliases (docs/TS-SUBSET.md §2) that say what a 32-bit value
// is — a VM, a port, a virtual interrupt, a schedule plan, a guest address, a number of ticks — in
// signatures and fields, at no cost (each is `u32` to the transpiler and in C). The hypercall table
// (firmware/abi/hypercalls.ts) maps its register types onto them.
import { u32 } from '../../transpiler/runtime/index.ts';

/** Index of a VM in the system tables (0..vmCount-1; `NO_VM` for none). */
export type VmIndex = u32;

/** Index of a port in the system tables. */
export type PortIndex = u32;

/** A virtual interrupt number (0..31). */
export type Virq = u32;

/** Index of a schedule plan. */
export type PlanIndex = u32;

/** An address in a guest's memory as the guest passed it (physical: the MPU does not translate). */
export type GuestAddress = u32;

/** A number of hypervisor ticks, or a tick count since boot (wraps at 2^32). */
export type Ticks = u32;
