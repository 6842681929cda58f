// Test support for the virtual-CAN suites: a three-VM system with CAN filters on the bus UART, its
// tables derived by the real `deriveTables`, installed behind the port layer's simulation, and helpers
// that type SLCAN text at the bus and read what it wrote back on the UART.
import type { CanFilter } from '../../../../firmware/config/types.ts';
import { vcanOnHostByte, vcanReset } from '../../../../firmware/core/vcan/bus.ts';
import { GuestMemory } from '../../../../firmware/sim/guest-memory.ts';
import { PortSimulation, installPortSimulation } from '../../../../firmware/sim/port-simulation.ts';
import { codeBase, system, tablesOf, vm } from '../support.ts';
import { backToBackPlan } from '../../support/plans.ts';

export const BUS_UART = 1;

export const std = (match: number, mask: number): CanFilter => ({ match, mask, extended: false });
export const ext = (match: number, mask: number): CanFilter => ({ match, mask, extended: true });

/** VM 0 "ctrl": sends 0x100 only, receives nothing. VM 1 "diag": sends 0x7E8, receives 0x7E0 and 0x7DF
 *  and 0x100..0x10F (depth 4). VM 2 "gw": sends any extended ID, receives extended 0x18DAxxxx and
 *  standard 0x100 exactly (depth 2). */
export function busSystem() {
  return system({
    vcanUart: BUS_UART,
    vms: [
      vm(0, 'ctrl', { canTx: [std(0x100, 0x7ff)], canRx: [], canRxDepth: 0 }),
      vm(1, 'diag', {
        canTx: [std(0x7e8, 0x7ff)],
        canRx: [std(0x7e0, 0x7ff), std(0x7df, 0x7ff), std(0x100, 0x7f0)],
        canRxDepth: 4,
      }),
      vm(2, 'gw', {
        canTx: [ext(0, 0)],
        canRx: [ext(0x18da0000, 0x1fff0000), std(0x100, 0x7ff)],
        canRxDepth: 2,
      }),
    ],
    plans: [
      backToBackPlan('main', 6, [
        ['ctrl', 2],
        ['diag', 2],
        ['gw', 2],
      ]),
    ],
  });
}

export class BusHarness {
  readonly sim: PortSimulation;
  private consumed = 0;
  constructor() {
    const tables = tablesOf(busSystem());
    const memory = new GuestMemory(codeBase(0), 0x0040_0000);
    this.sim = new PortSimulation(memory, tables);
    installPortSimulation(this.sim);
    vcanReset();
  }
  /** Types `text` (Latin-1) at the bus, byte by byte. */
  type(text: string | Uint8Array): void {
    installPortSimulation(this.sim);
    const bytes = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
    for (const b of bytes) vcanOnHostByte(b);
  }
  /** What the bus wrote on its UART since the last call. */
  output(): string {
    const all = this.sim.uartText(BUS_UART);
    const fresh = all.slice(this.consumed);
    this.consumed = all.length;
    return fresh;
  }
  /** Types `text` and returns the reply. */
  exchange(text: string): string {
    this.type(text);
    return this.output();
  }
}
