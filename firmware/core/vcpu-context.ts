// The saved register state of a virtual CPU: what the exception entry stores when a guest traps and
// what the exit path restores. The first 68 bytes match the block of both CPU layers (r0-r12, banked
// USR sp/lr, return address, CPSR: ARM DDI 0406C B1.3.2; `bsp/armv7r/context.h`,
// `bsp/armv8r/context.h`); the next 16 bytes hold what the Armv8-R layer saves beyond it at every
// exception (sp, lr and SPSR of the EL1 SVC bank and SP_hyp of a Hyp-mode thread; the Armv7-R layer's
// block ends before them). The VFP part follows (FPSCR and d0-d31: ARM DDI 0406C A2.6; the Cortex-R5F's
// VFPv3-D16 has d0-d15, the Cortex-R52's Advanced SIMD d0-d31), then TPIDRURW, the thread-ID register
// a guest at PL0/EL0 can write (what a guest at EL1 can write besides, the Armv8-R port keeps in its own
// store: `firmware/port/c/armv8r/guest-state.c`). The BSP's assembly uses the generated offsets
// (`@layout`).
// Every piece of CPU state a guest at PL0 can change, and where it is kept: docs/ISOLATION.md.
import { arrayOf, checkIndex, u32 } from '../../transpiler/runtime/index.ts';
import { VmIndex } from './domain.ts';
import { MAX_VMS } from './limits.ts';

/** CPSR mode field value for User mode (ARM DDI 0406C B1.3.1). */
export const CPSR_MODE_USR = 0x10;
/** CPSR mode field value for System mode (the idle thread on Armv7-R, a guest at EL1 on Armv8-R). */
export const CPSR_MODE_SYS = 0x1f;
/** CPSR mode field value for Hyp mode (the idle thread on Armv8-R, ARM DDI 0406C B1.3.1). */
export const CPSR_MODE_HYP = 0x1a;
/** CPSR T bit: Thumb execution state. */
export const CPSR_THUMB = 0x20;
/** General-purpose registers r0..r12 saved in a context. */
export const GPR_COUNT = 13;
/** 32-bit words of VFP register state: d0..d31 (a CPU with 16 doubleword registers uses the first 32). */
export const VFP_WORDS = 64;

/** @layout */
export class VcpuContext {
  /** r0..r12. */
  r: Uint32Array = new Uint32Array(13);
  /** Banked USR stack pointer. */
  spUsr: u32 = 0;
  /** Banked USR link register. */
  lrUsr: u32 = 0;
  /** Address execution resumes at. */
  pc: u32 = 0;
  /** PSR restored on return (mode, T bit, flags). */
  cpsr: u32 = 0;
  /** Armv8-R: stack pointer, link register and SPSR of the EL1 SVC bank, saved and restored by the BSP
   *  at every exception (unused on Armv7-R). */
  spSvc: u32 = 0;
  lrSvc: u32 = 0;
  spsrSvc: u32 = 0;
  /** Armv8-R: SP_hyp of a Hyp-mode thread, the stack top at its start (unused for guests and on
   *  Armv7-R). */
  spHyp: u32 = 0;
  /** FPSCR. */
  fpscr: u32 = 0;
  /** d0..d31 as 64 words (low word first); a CPU with d0..d15 only uses the first 32. */
  vfp: Uint32Array = new Uint32Array(64);
  /** TPIDRURW, the user read/write thread ID register (ARM DDI 0406C B4.1.150): the one CP15 register
   *  PL0 may write. Saved and loaded at a VM switch (`portGuestStateSave`/`portGuestStateRestore`; the
   *  EL1 registers a guest at EL1 can write besides are in the Armv8-R port's own store). */
  tpidrurw: u32 = 0;
}

/** Contexts of the VMs (index = VM) and, at index `MAX_VMS`, of the idle thread. */
export const contexts: VcpuContext[] = arrayOf(MAX_VMS + 1, () => new VcpuContext());
/** Index of the idle thread's context in `contexts`. */
export const IDLE_CONTEXT = MAX_VMS;

/** The context of VM `vm` (or of the idle thread for `IDLE_CONTEXT`). */
export function contextOf(vm: VmIndex): VcpuContext {
  return contexts[checkIndex(vm, contexts.length)];
}

/** Copies the core registers of `from` into `to`: r0..r12, banked USR sp/lr, pc and cpsr (what an
 *  upcall saves and its return restores). The VFP part is left alone: while a VM runs, its VFP registers
 *  live in the VFP itself (its context holds them only while it is switched out, `portVfpSave`), so the
 *  context's copy would be stale; leaving it out keeps the upcall path short. */
export function copyContext(to: VcpuContext, from: VcpuContext): void {
  // Written out register by register (no loop): it runs on every upcall delivery and return.
  to.r[0] = from.r[0];
  to.r[1] = from.r[1];
  to.r[2] = from.r[2];
  to.r[3] = from.r[3];
  to.r[4] = from.r[4];
  to.r[5] = from.r[5];
  to.r[6] = from.r[6];
  to.r[7] = from.r[7];
  to.r[8] = from.r[8];
  to.r[9] = from.r[9];
  to.r[10] = from.r[10];
  to.r[11] = from.r[11];
  to.r[12] = from.r[12];
  to.spUsr = from.spUsr;
  to.lrUsr = from.lrUsr;
  to.pc = from.pc;
  to.cpsr = from.cpsr;
}

/** Clears every register and sets the entry state of a thread: `pc` (bit 0 selects Thumb), stack,
 *  mode, and `r0 = arg`. */
export function resetContext(ctx: VcpuContext, entry: u32, stackTop: u32, mode: u32, arg: u32): void {
  for (let i: u32 = 0; i < GPR_COUNT; i++) {
    ctx.r[i] = 0;
  }
  for (let i: u32 = 0; i < VFP_WORDS; i++) {
    ctx.vfp[i] = 0;
  }
  ctx.r[0] = arg;
  ctx.spUsr = stackTop;
  ctx.lrUsr = 0;
  ctx.pc = u32(entry & 0xfffffffe);
  ctx.cpsr = (entry & 1) !== 0 ? u32(mode | CPSR_THUMB) : mode;
  ctx.spSvc = 0;
  ctx.lrSvc = 0;
  ctx.spsrSvc = 0;
  ctx.spHyp = stackTop;
  ctx.fpscr = 0;
  ctx.tpidrurw = 0;
}
