// Virtual interrupts: per-VM pending and enabled bitmasks (32 virtual interrupts), the guest handler
// address, and delivery by upcall. When a VM is resumed with an enabled interrupt pending and a
// handler registered, its interrupted context is saved in the VM's upcall save area and the VM enters
// the handler in USR mode with the interrupt number in r0; the `VirqReturn` hypercall restores the
// saved context. The lowest pending number is delivered first; upcalls do not nest. A VM without a
// handler collects its interrupts through `WaitEvent`, which returns and consumes the pending mask.
// Passed-through device interrupts have a per-frame budget (`irqBudgetPerFrame` of the system
// description): an interrupt route that fires more often within one major frame is kept masked at the
// interrupt controller until the next major frame (an interrupt storm; the caller raises `irq-storm`).
import { arrayOf, checkIndex, u32 } from '../../transpiler/runtime/index.ts';
import { Virq, VmIndex } from './domain.ts';
import { MAX_IRQ_ROUTES, MAX_VMS, VIRQ_COUNT } from './limits.ts';
import { Partition, WaitReason, partitionOf } from './partition.ts';
import { VmState, HvResult } from './hypercall-numbers.ts';
import { VcpuContext, contextOf, copyContext, CPSR_THUMB } from './vcpu-context.ts';
import { systemTables } from './system.ts';
import { portIrqUnmask } from '../port/irq.ts';

/** Virtual interrupt raised by the VM's virtual timer (`TimerSet`). */
export const VIRQ_TIMER = 0;
/** Virtual interrupt raised when a message arrives on one of the VM's destination ports. */
export const VIRQ_PORT = 1;
/** Virtual interrupt raised when a virtual-CAN frame arrives for the VM. */
export const VIRQ_VCAN = 2;
/** First virtual interrupt number free for passed-through devices. */
export const VIRQ_FIRST_DEVICE = 8;

export class VirqState {
  pending: u32 = 0;
  enabled: u32 = 0;
  /** Handler entry (bit 0: Thumb); 0 when none is registered. */
  handler: u32 = 0;
  inUpcall: boolean = false;
  /** Upcalls delivered since the VM started. */
  delivered: u32 = 0;
}

const states: VirqState[] = arrayOf(MAX_VMS, () => new VirqState());
const upcallSaves: VcpuContext[] = arrayOf(MAX_VMS, () => new VcpuContext());

/** The virtual-interrupt state of VM `vm`. */
export function virqOf(vm: VmIndex): VirqState {
  return states[checkIndex(vm, states.length)];
}

/** Clears every pending and enabled interrupt and the handler (VM start, restart and halt), and
 *  unmasks the VM's passed-through device interrupts at the interrupt controller: one forwarded to the
 *  previous run and never acknowledged would otherwise stay masked for good. (A halted VM gets at most
 *  one more: it is forwarded, masked and never acknowledged.) */
export function virqReset(vm: VmIndex): void {
  const s = virqOf(vm);
  s.pending = 0;
  s.enabled = 0;
  s.handler = 0;
  s.inUpcall = false;
  s.delivered = 0;
  const tables = systemTables();
  for (let i: u32 = 0; i < tables.irqRoutes.length; i++) {
    const route = tables.irqRoutes[i];
    if (route.vm === vm) {
      portIrqUnmask(route.irq);
    }
  }
}

function bit(virq: Virq): u32 {
  return u32(1 << (virq & 31));
}

/** Interrupts that are pending and enabled. */
export function virqActive(s: VirqState): u32 {
  return u32(s.pending & s.enabled);
}

/** Completes a `WaitEvent` of VM `vm`: result Ok, r1 = active mask; when the VM has no handler the
 *  returned interrupts are consumed (they are not delivered by upcall). */
export function completeWaitEvent(vm: VmIndex, ctx: VcpuContext): void {
  const s = virqOf(vm);
  const active = virqActive(s);
  ctx.r[0] = u32(HvResult.Ok);
  ctx.r[1] = active;
  if (s.handler === 0) {
    s.pending = u32(s.pending & u32(~active));
  }
}

function wakeIfWaitingForEvent(vm: VmIndex, p: Partition): void {
  const s = virqOf(vm);
  if (p.state === VmState.Waiting && p.waitReason === WaitReason.Event && virqActive(s) !== 0) {
    completeWaitEvent(vm, contextOf(vm));
    p.state = VmState.Ready;
    p.waitReason = WaitReason.None;
  }
}

/** Marks `virq` pending for `vm` and wakes the VM if it waits for an event. */
export function virqRaise(vm: VmIndex, virq: Virq): void {
  const s = virqOf(vm);
  s.pending = u32(s.pending | bit(virq));
  wakeIfWaitingForEvent(vm, partitionOf(vm));
}

export function virqEnable(vm: VmIndex, virq: Virq): void {
  const s = virqOf(vm);
  s.enabled = u32(s.enabled | bit(virq));
  wakeIfWaitingForEvent(vm, partitionOf(vm));
}

export function virqDisable(vm: VmIndex, virq: Virq): void {
  const s = virqOf(vm);
  s.enabled = u32(s.enabled & u32(~bit(virq)));
}

/** True when `virq` is a valid virtual interrupt number. */
export function isVirq(virq: Virq): boolean {
  return virq < VIRQ_COUNT;
}

/** Lowest interrupt number that would be delivered now by upcall, or `VIRQ_COUNT` for none. */
export function nextDeliverable(s: VirqState): u32 {
  const active = virqActive(s);
  if (active === 0 || s.handler === 0 || s.inUpcall) {
    return VIRQ_COUNT;
  }
  for (let i: u32 = 0; i < VIRQ_COUNT; i++) {
    if (u32(active & bit(i)) !== 0) {
      return i;
    }
  }
  return VIRQ_COUNT;
}

/** Delivers the lowest deliverable interrupt to `vm` by upcall on its context `ctx` (which is about to
 *  be resumed). Returns the interrupt delivered, or `VIRQ_COUNT` when none was. */
export function virqDeliver(vm: VmIndex, ctx: VcpuContext): u32 {
  const s = virqOf(vm);
  const virq = nextDeliverable(s);
  if (virq === VIRQ_COUNT) {
    return VIRQ_COUNT;
  }
  copyContext(upcallSaves[checkIndex(vm, upcallSaves.length)], ctx);
  s.pending = u32(s.pending & u32(~bit(virq)));
  s.inUpcall = true;
  s.delivered = u32(s.delivered + 1);
  ctx.r[0] = virq;
  ctx.pc = u32(s.handler & 0xfffffffe);
  const mode = systemTables().guestCpsrMode;
  ctx.cpsr = (s.handler & 1) !== 0 ? u32(mode | CPSR_THUMB) : mode;
  // AAPCS: the stack pointer is 8-byte aligned at a public interface; the handler runs below the
  // interrupted code's stack.
  ctx.spUsr = u32(ctx.spUsr & 0xfffffff8);
  return virq;
}

/** The context saved when the current upcall of `vm` was delivered (what `VirqReturn` restores). */
export function virqSavedContext(vm: VmIndex): VcpuContext {
  return upcallSaves[checkIndex(vm, upcallSaves.length)];
}

/** Ends the current upcall of `vm`: restores the interrupted context into `ctx`. */
export function virqReturn(vm: VmIndex, ctx: VcpuContext): HvResult {
  const s = virqOf(vm);
  if (!s.inUpcall) {
    return HvResult.NotInUpcall;
  }
  copyContext(ctx, upcallSaves[checkIndex(vm, upcallSaves.length)]);
  s.inUpcall = false;
  return HvResult.Ok;
}

/** What `irqBudgetCharge` decided for one occurrence of a routed device interrupt. */
export enum IrqBudgetVerdict {
  /** Within the budget: forward it as a virtual interrupt. */
  Forward = 0,
  /** This occurrence exceeded the budget: the route stays masked until the next major frame. */
  StormStart = 1,
  /** The route is already storm-masked (an acknowledgement unmasked it early): drop it. */
  StormMasked = 2,
}

/** Interrupts of each route forwarded in the current major frame. */
const irqForwarded: Uint32Array = new Uint32Array(MAX_IRQ_ROUTES);
/** Bit `i` set: route `i` is storm-masked until the next major frame. */
let irqStormRoutes: u32 = 0;
/** Storms detected since `hvInit`. */
let irqStorms: u32 = 0;

/** Forgets every count and storm (at `hvInit`). */
export function irqBudgetReset(): void {
  for (let i: u32 = 0; i < irqForwarded.length; i++) {
    irqForwarded[i] = 0;
  }
  irqStormRoutes = 0;
  irqStorms = 0;
}

/** Counts one occurrence of the interrupt of route `route` (which the caller has masked) against the
 *  route's `budget` per major frame (0: no limit) and says whether to forward it. */
export function irqBudgetCharge(route: u32, budget: u32): IrqBudgetVerdict {
  const bit = u32(1 << (route & 31));
  if (u32(irqStormRoutes & bit) !== 0) {
    return IrqBudgetVerdict.StormMasked;
  }
  const count = u32(irqForwarded[checkIndex(route, irqForwarded.length)] + 1);
  irqForwarded[checkIndex(route, irqForwarded.length)] = count;
  if (budget !== 0 && count > budget) {
    irqStormRoutes = u32(irqStormRoutes | bit);
    irqStorms = u32(irqStorms + 1);
    return IrqBudgetVerdict.StormStart;
  }
  return IrqBudgetVerdict.Forward;
}

/** Start of a major frame: every storm-masked route is unmasked again and every count restarts. */
export function irqBudgetNewFrame(): void {
  const tables = systemTables();
  for (let i: u32 = 0; i < tables.irqRoutes.length; i++) {
    if (u32(irqStormRoutes & u32(1 << (i & 31))) !== 0) {
      portIrqUnmask(tables.irqRoutes[i].irq);
    }
    irqForwarded[checkIndex(i, irqForwarded.length)] = 0;
  }
  irqStormRoutes = 0;
}

/** Bit `i` set: route `i` is storm-masked now. */
export function irqStormMaskedRoutes(): u32 {
  return irqStormRoutes;
}

/** Interrupt storms detected since `hvInit`. */
export function irqStormCount(): u32 {
  return irqStorms;
}

/** Interrupts route `route` forwarded in the current major frame. */
export function irqForwardedThisFrame(route: u32): u32 {
  return irqForwarded[checkIndex(route, irqForwarded.length)];
}
