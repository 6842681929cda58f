// Port layer, image: the run-time tables of the system this image was built for. They are generated
// from the system description (`firmware/config/derive.ts`) and linked into the image as const data;
// the core reads them through this extern whenever it needs them, so it never holds a mutable pointer.
// In Node the simulation holds the tables it was created with.
import { SystemTables } from '../core/tables.ts';

/** The system tables linked into the image.
 *  @extern bh_port_system_tables */
export function portSystemTables(): SystemTables {
  const sim = (
    globalThis as unknown as { bulkheadPortSimulation?: import('../sim/port-simulation.ts').PortSimulation }
  ).bulkheadPortSimulation;
  if (sim === undefined) throw new Error('port layer: no simulation installed (portSystemTables)');
  return sim.tables;
}
