// Port layer, image: the run-time tables of the system this image was built for. They are generated
// from the system description (`firmware/config/derive.ts`) and linked into the image as const data;
// the core reads them through this extern whenever it needs them, so it never holds a mutable pointer.
// In Node the simulation holds the tables it was created with.
import { SystemTables } from '../core/tables.ts';
import { portSimulation } from '../sim/port-simulation.ts';

/** The system tables linked into the image.
 *  @extern bh_port_system_tables */
export function portSystemTables(): SystemTables {
  const sim = portSimulation('portSystemTables');
  return sim.tables;
}
