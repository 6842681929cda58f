// Port layer, stack canaries: whether the BSP found the canary word below a privileged-mode stack or the
// idle thread's stack overwritten (the CPU layer's stack_canary.c: bsp/armv7r/, bsp/armv8r/). Each function is an extern implemented in C
// (firmware/port/c/self-check.c); the Node bodies read the installed port simulation
// (`firmware/sim/port-simulation.ts`).
import { u32 } from '../../transpiler/runtime/index.ts';
import { portSimulation } from '../sim/port-simulation.ts';

/** Bit `i` set: the BSP found the canary of privileged-mode stack `i` overwritten (`bsp/armv7r/
 *  stack_canary.c`: 0 SVC, 1 IRQ, 2 FIQ, 3 ABT, 4 UND, 5 SYS; `bsp/armv8r/stack_canary.c`: 0 Hyp).
 *  @extern bh_port_stack_canaries_broken */
export function portStackCanariesBroken(): u32 {
  return portSimulation('portStackCanariesBroken').canariesBroken;
}

/** The bit after the mode stacks' bits set (bit 6 on Armv7-R, 1 on Armv8-R): the BSP found the canary of the idle thread's stack
 *  overwritten; 0 otherwise.
 *  @extern bh_port_idle_stack_canary_broken */
export function portIdleStackCanaryBroken(): u32 {
  return portSimulation('portIdleStackCanaryBroken').idleCanaryBroken;
}
