// Port layer, UARTs: output queued to the BSP's transmit ring (drained by the UART's transmit
// interrupt) and input from its receive ring (filled by the receive interrupt). Nothing here waits for
// the line: a byte that finds the transmit ring full is dropped and counted by the BSP, so callers that
// must not lose output ask `portUartTxRoom` first. Externs implemented by the BSP; the Node bodies
// append to the simulation's per-UART output and take from its per-UART input.
import { cstr, u32, u8 } from '../../transpiler/runtime/index.ts';
import { portSimulation } from '../sim/port-simulation.ts';

/** Queues one byte on UART `uart`; never waits (a full ring drops the byte, counted by the BSP).
 *  @extern bh_port_uart_put_byte */
export function portUartPutByte(uart: u32, value: u8): void {
  const sim = portSimulation('portUartPutByte');
  sim.uartPut(uart, value);
}

/** Queues a NUL-terminated string constant on UART `uart` (as `portUartPutByte`, byte by byte).
 *  @extern bh_port_uart_put_string */
export function portUartPutString(uart: u32, text: cstr): void {
  const sim = portSimulation('portUartPutString');
  for (const byte of Buffer.from(text, 'latin1')) sim.uartPut(uart, byte);
}

/** Bytes UART `uart`'s transmit ring accepts now without dropping any.
 *  @extern bh_port_uart_tx_room */
export function portUartTxRoom(uart: u32): u32 {
  const sim = portSimulation('portUartTxRoom');
  return sim.uartTxRoom(uart);
}

/** `portUartGetByte` result when no received byte is waiting. */
export const PORT_UART_NO_BYTE = 0xffffffff;

/** Takes the oldest received byte of UART `uart` (0..255), or `PORT_UART_NO_BYTE` when none is waiting.
 *  Never blocks.
 *  @extern bh_port_uart_get_byte */
export function portUartGetByte(uart: u32): u32 {
  const sim = portSimulation('portUartGetByte');
  return sim.uartGet(uart);
}

/** Received bytes UART `uart` lost or damaged since reset: bytes that found the receive ring full, and
 *  words the PL011 flagged with an overrun, break, parity or framing error (ARM DDI 0183, UARTDR bits
 *  8..11). A free-running count: callers compare it with the value they saw last.
 *  @extern bh_port_uart_rx_lost */
export function portUartRxLost(uart: u32): u32 {
  const sim = portSimulation('portUartRxLost');
  return sim.uartRxLost(uart);
}
