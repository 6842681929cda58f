// Job: tell which TCP ports a given process is listening on, from Linux's /proc: the socket inodes
// behind /proc/<pid>/fd matched against the LISTEN entries of /proc/net/tcp. This proves that QEMU
// itself (not some other process) owns a port before the runner reports it.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const tcpStateListen = '0A';

function socketInodesOf(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes; // process gone (or not ours): it listens on nothing
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match !== null) inodes.add(match[1]);
    } catch {
      // the descriptor closed while we looked
    }
  }
  return inodes;
}

/** Ports (IPv4) on which process `pid` has a listening TCP socket. */
export function listeningPortsOf(pid: number): Set<number> {
  const inodes = socketInodesOf(pid);
  const ports = new Set<number>();
  if (inodes.size === 0) return ports;
  const table = readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1);
  for (const row of table) {
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
    const columns = row.trim().split(/\s+/);
    if (columns.length < 10 || columns[3] !== tcpStateListen) continue;
    if (!inodes.has(columns[9])) continue;
    const portHex = columns[1].split(':')[1];
    ports.add(parseInt(portHex, 16));
  }
  return ports;
}

/** True when the process exists (and is not a reaped zombie's leftover). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
