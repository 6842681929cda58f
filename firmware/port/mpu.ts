// Port layer, MPU: loads a VM's precomputed PMSAv7 region values as one block (ARM DDI 0406C B4.1.121
// RGNR, B4.1.50 DRBAR, B4.1.52 DRSR, B4.1.51 DRACR) and disables the regions above them. Extern
// implemented by the BSP; the Node body records the block in the simulation, whose MPU model then
// decides which guest accesses fault.
import { u32 } from '../../transpiler/runtime/index.ts';
import { portSimulation } from '../sim/port-simulation.ts';

/** Loads `count` regions from `triples` (DRBAR, DRSR, DRACR per region, region 0 first) into MPU
 *  regions 0..count-1 and disables the remaining regions.
 *  @extern bh_port_mpu_load_regions */
export function portMpuLoadRegions(triples: Uint32Array, count: u32): void {
  const sim = portSimulation('portMpuLoadRegions');
  sim.mpuLoad(triples, count);
}
