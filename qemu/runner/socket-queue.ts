// Job: how many bytes wait unread in the receive queue of one TCP connection on this host (Linux
// /proc/net/tcp, column `tx_queue:rx_queue`). The lock-step HIL host uses it to tell that QEMU has
// read (and so put into the UART) every byte sent to a UART's server socket.
import { existsSync, readFileSync } from 'node:fs';

const TCP_TABLE = '/proc/net/tcp';
const TCP_ESTABLISHED = '01';

/** True when this host can report socket queues. */
export function socketQueuesReadable(): boolean {
  return existsSync(TCP_TABLE);
}

/**
 * Unread bytes in the receive queue of the IPv4 TCP socket whose local port is `localPort` and remote
 * port `remotePort` (both on this host), or null when there is no such established connection.
 */
export function receiveQueueBytes(localPort: number, remotePort: number): number | null {
  const local = `:${localPort.toString(16).toUpperCase().padStart(4, '0')}`;
  const remote = `:${remotePort.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const row of readFileSync(TCP_TABLE, 'latin1').split('\n')) {
    // sl local_address rem_address st tx_queue:rx_queue ...
    const columns = row.trim().split(/\s+/);
    if (columns.length < 5 || columns[3] !== TCP_ESTABLISHED) continue;
    if (!columns[1].endsWith(local) || !columns[2].endsWith(remote)) continue;
    return parseInt(columns[4].split(':')[1], 16);
  }
  return null;
}
