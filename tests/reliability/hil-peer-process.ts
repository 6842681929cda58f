// The host vehicle model (qemu/vehicle/host-peer.ts) serving a QEMU UART2 port from its own process,
// so its lock-step replies do not wait behind whatever the test process is busy with (the bus flood).
// Usage: tsx tests/reliability/hil-peer-process.ts <port>; prints `ready` once connected and, when
// stdin closes, `steps <n>` (actuator frames served) before it exits.
import { connectHilPeer } from '../../qemu/vehicle/host-peer.ts';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`hil-peer-process: '${process.argv[2] ?? ''}' is not a TCP port`);
  process.exit(2);
}
const hil = await connectHilPeer(port);
console.log('ready');
process.stdin.resume();
process.stdin.on('end', () => {
  console.log(`steps ${hil.peer.trace.length}`);
  hil.close();
  process.exit(0);
});
