// Port layer, CPU: the cycle counter, the idle thread's entry and stack, VFP register save/restore and the
// context the BSP's exception entry and exit use.
// Each function is an extern implemented by the BSP in C/asm (bsp/armv7r); the Node bodies delegate to
// the simulation installed by `firmware/sim/port-simulation.ts`.
import { u32 } from '../../transpiler/runtime/index.ts';
import { VmIndex } from '../core/domain.ts';
import { VcpuContext } from '../core/vcpu-context.ts';
import { portSimulation } from '../sim/port-simulation.ts';

/** PMU cycle counter (PMCCNTR, ARM DDI 0406C C12.8.2), wrapping at 2^32.
 *  @extern bh_port_read_cycles */
export function portReadCycles(): u32 {
  const sim = portSimulation('portReadCycles');
  return sim.readCycles();
}

/** Address of the idle loop the BSP runs (in SYS mode) when no VM may run.
 *  @extern bh_port_idle_entry */
export function portIdleEntry(): u32 {
  const sim = portSimulation('portIdleEntry');
  return sim.idleEntry;
}

/** Top of the idle thread's stack.
 *  @extern bh_port_idle_stack_top */
export function portIdleStackTop(): u32 {
  const sim = portSimulation('portIdleStackTop');
  return sim.idleStackTop;
}

/** Saves d0-d15 and FPSCR into `ctx` (VSTM/VMRS).
 *  @extern bh_port_vfp_save */
export function portVfpSave(ctx: VcpuContext): void {
  const sim = portSimulation('portVfpSave');
  sim.vfpSave(ctx);
}

/** Loads d0-d15 and FPSCR from `ctx` (VLDM/VMSR) and enables the VFP (FPEXC.EN).
 *  @extern bh_port_vfp_restore */
export function portVfpRestore(ctx: VcpuContext): void {
  const sim = portSimulation('portVfpRestore');
  sim.vfpRestore(ctx);
}

/** Enables or disables the VFP (FPEXC.EN): a VM that does not declare FPU use traps with an undefined
 *  instruction when it touches the VFP.
 *  @extern bh_port_vfp_enable */
export function portVfpEnable(enabled: boolean): void {
  const sim = portSimulation('portVfpEnable');
  sim.vfpEnabled = enabled;
}

/** Saves the CPU state VM `vm` can write that is neither in the exception frame nor in the VFP, when it
 *  is switched out: TPIDRURW into `ctx` (MRC p15, 0, Rt, c13, c0, 2; ARM DDI 0406C B4.1.150), and on a
 *  CPU whose guests run at EL1 the EL1 system registers besides, into the port's own store for `vm`
 *  (`firmware/port/c/<cpu>/`; docs/ISOLATION.md lists them).
 *  @extern bh_port_guest_state_save */
export function portGuestStateSave(vm: VmIndex, ctx: VcpuContext): void {
  const sim = portSimulation('portGuestStateSave');
  sim.guestStateSave(vm, ctx);
}

/** Loads the state `portGuestStateSave` saved for VM `vm` when it is switched in, and clears the local
 *  exclusive monitor (CLREX, ARM DDI 0406C A3.4.4): an LDREX of the VM switched out cannot make a STREX
 *  of the VM switched in succeed.
 *  @extern bh_port_guest_state_restore */
export function portGuestStateRestore(vm: VmIndex, ctx: VcpuContext): void {
  const sim = portSimulation('portGuestStateRestore');
  sim.guestStateRestore(vm, ctx);
}

/** Gives VM `vm` the state of a CPU out of reset for everything `portGuestStateSave` keeps, at each
 *  (re)start: in the port's store, and in the CPU itself when `vm` is the VM whose state is loaded (a VM
 *  restarted inside its own slot runs on without a switch).
 *  @extern bh_port_guest_state_reset */
export function portGuestStateReset(vm: VmIndex): void {
  const sim = portSimulation('portGuestStateReset');
  sim.guestStateReset(vm);
}

/** Makes `ctx` the context the BSP's exception entry saves into and its exit restores (`ctx` starts
 *  with the BSP's context block, bsp/armv7r/context.h).
 *  @extern bh_port_context_set_current */
export function portContextSetCurrent(ctx: VcpuContext): void {
  const sim = portSimulation('portContextSetCurrent');
  sim.currentContext = ctx;
}
