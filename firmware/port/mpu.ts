// Port layer, MPU: loads a VM's precomputed region values as one block, in the CPU's register layout
// (PMSAv7: RGNR-selected DRBAR, DRSR, DRACR, ARM DDI 0406C B4.1.121, B4.1.50-52; PMSAv8-32 EL2 MPU:
// HPRSELR-selected HPRBAR, HPRLAR, ARM DDI 0568), and disables the regions above them. Extern
// implemented by the port layer of the CPU; the Node body records the block in the simulation, whose
// MPU model then decides which guest accesses fault.
import { u32 } from '../../transpiler/runtime/index.ts';
import { portSimulation } from '../sim/port-simulation.ts';

/** Loads `count` regions from `words` (`wordsPerRegion` register words per region, region 0 first)
 *  into MPU regions 0..count-1 and disables the remaining regions.
 *  @extern bh_port_mpu_load_regions */
export function portMpuLoadRegions(words: Uint32Array, wordsPerRegion: u32, count: u32): void {
  const sim = portSimulation('portMpuLoadRegions');
  sim.mpuLoad(words, wordsPerRegion, count);
}
