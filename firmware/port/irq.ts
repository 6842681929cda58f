// Port layer, interrupt controller: masks and unmasks one interrupt at the GIC distributor
// (GICD_ICENABLERn / GICD_ISENABLERn, ARM IHI 0048B 4.3.5-4.3.6). A passed-through device interrupt is
// masked when it is forwarded to its VM and unmasked when the VM acknowledges the virtual interrupt,
// so a level-triggered device cannot storm the hypervisor. The CPU's own IRQ mask brackets the steps of
// work the idle thread does for the hypervisor (`portIrqSave` / `portIrqRestore`: CPSR.I, ARM DDI 0406C
// B1.3.3), so each step is atomic with respect to the entry points and bounded. Externs implemented by
// the BSP.
import { u32 } from '../../transpiler/runtime/index.ts';
import { portSimulation } from '../sim/port-simulation.ts';

/** Disables interrupt `irq` at the distributor.
 *  @extern bh_port_irq_mask */
export function portIrqMask(irq: u32): void {
  const sim = portSimulation('portIrqMask');
  sim.irqMasked.add(irq);
}

/** Enables interrupt `irq` at the distributor.
 *  @extern bh_port_irq_unmask */
export function portIrqUnmask(irq: u32): void {
  const sim = portSimulation('portIrqUnmask');
  sim.irqMasked.delete(irq);
}

/** Masks IRQs at the CPU and returns the previous mask state for `portIrqRestore`.
 *  @extern bh_port_irq_save */
export function portIrqSave(): u32 {
  const sim = portSimulation('portIrqSave');
  return sim.irqSave();
}

/** Puts back the IRQ mask state `portIrqSave` returned.
 *  @extern bh_port_irq_restore */
export function portIrqRestore(saved: u32): void {
  const sim = portSimulation('portIrqRestore');
  sim.irqRestore(saved);
}
