// Port layer, UARTs: blocking byte and string output on a board UART (PL011 on realview-eb: DR at offset
// 0x000, FR.TXFF at offset 0x018 bit 5, ARM DDI 0183). Externs implemented by the BSP; the Node bodies
// append to the simulation's per-UART output.
import { cstr, u32, u8 } from '../../transpiler/runtime/index.ts';

/** Writes one byte to UART `uart`, waiting while its transmit FIFO is full.
 *  @extern bh_port_uart_put_byte */
export function portUartPutByte(uart: u32, value: u8): void {
  const sim = (
    globalThis as unknown as { bulkheadPortSimulation?: import('../sim/port-simulation.ts').PortSimulation }
  ).bulkheadPortSimulation;
  if (sim === undefined) throw new Error('port layer: no simulation installed (portUartPutByte)');
  sim.uartPut(uart, value);
}

/** Writes a NUL-terminated string constant to UART `uart`.
 *  @extern bh_port_uart_put_string */
export function portUartPutString(uart: u32, text: cstr): void {
  const sim = (
    globalThis as unknown as { bulkheadPortSimulation?: import('../sim/port-simulation.ts').PortSimulation }
  ).bulkheadPortSimulation;
  if (sim === undefined) throw new Error('port layer: no simulation installed (portUartPutString)');
  for (const byte of Buffer.from(text, 'latin1')) sim.uartPut(uart, byte);
}
