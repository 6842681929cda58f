// Port layer, CPU: the cycle counter, the idle thread's entry and stack, VFP register save/restore and the
// context the BSP's exception entry and exit use.
// Each function is an extern implemented by the BSP in C/asm (bsp/armv7r); the Node bodies delegate to
// the simulation installed by `firmware/sim/port-simulation.ts`.
import { u32 } from '../../transpiler/runtime/index.ts';
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

/** Saves the PL0-writable CPU state that is neither in the exception frame nor in the VFP into `ctx`:
 *  TPIDRURW (MRC p15, 0, Rt, c13, c0, 2; ARM DDI 0406C B4.1.150).
 *  @extern bh_port_user_state_save */
export function portUserStateSave(ctx: VcpuContext): void {
  const sim = portSimulation('portUserStateSave');
  sim.userStateSave(ctx);
}

/** Loads the state `portUserStateSave` saves from `ctx` (MCR TPIDRURW) and clears the local exclusive
 *  monitor (CLREX, ARM DDI 0406C A3.4.4): an LDREX of the VM switched out cannot make a STREX of the VM
 *  switched in succeed.
 *  @extern bh_port_user_state_restore */
export function portUserStateRestore(ctx: VcpuContext): void {
  const sim = portSimulation('portUserStateRestore');
  sim.userStateRestore(ctx);
}

/** Makes `ctx` the context the BSP's exception entry saves into and its exit restores (`ctx` starts
 *  with the BSP's context block, bsp/armv7r/context.h).
 *  @extern bh_port_context_set_current */
export function portContextSetCurrent(ctx: VcpuContext): void {
  const sim = portSimulation('portContextSetCurrent');
  sim.currentContext = ctx;
}
