// The two executions of a firmware differential test, each giving the same text: a subset scenario run
// in Node against the simulated port layer, printed as the native program prints it (`init <result>`,
// then every UART that received output), and the same scenario run natively through
// tests/firmware/core/native-scenario.ts, with a failed build or run reported by its stderr.
import type { SystemTables } from '../../../firmware/core/tables.ts';
import { GuestMemory } from '../../../firmware/sim/guest-memory.ts';
import { PortSimulation, installPortSimulation } from '../../../firmware/sim/port-simulation.ts';
import { runScenarioNatively, type NativeScenario } from '../core/native-scenario.ts';
import { codeBase } from '../core/support.ts';

/** Bytes of simulated guest memory from VM 0's code base, spanning the differential systems' VMs. */
const SIMULATED_MEMORY_BYTES = 0x0030_0000;
/** UARTs of the board whose output the runs print. */
const UART_COUNT = 4;

export interface NodeScenarioOptions {
  /** Record every VM's areas as its pristine image before the scenario runs (needed for restarts). */
  snapshotPristine?: boolean;
}

/** Runs `scenario` in Node on the simulated port layer for `tables` and prints the result and UARTs. */
export function runScenarioInNode(
  tables: SystemTables,
  scenario: () => number,
  options: NodeScenarioOptions = {},
): string {
  const sim = new PortSimulation(new GuestMemory(codeBase(0), SIMULATED_MEMORY_BYTES), tables);
  if (options.snapshotPristine === true) {
    tables.vms.forEach((entry, index) => sim.snapshotPristine(index, entry.areas));
    sim.recordImageDigests();
  }
  installPortSimulation(sim);
  let out = `init ${scenario()}\n`;
  for (let uart = 0; uart < UART_COUNT; uart++) {
    const text = sim.uartText(uart);
    if (text.length > 0) out += `== uart ${uart}\n${text}`;
  }
  return out;
}

/** The native run's output; a failed transpile, gcc or program run throws with its stderr. */
export function runScenarioNativelyOrExplain(tables: SystemTables, scenario: NativeScenario): string {
  try {
    return runScenarioNatively(tables, scenario);
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    const stderr = err.stderr?.toString() ?? '';
    throw new Error(`native build or run failed: ${stderr.length > 0 ? stderr : err.message}`);
  }
}
