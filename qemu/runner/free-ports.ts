// Job: pick TCP ports on 127.0.0.1 that are free right now, by letting the kernel assign them
// (bind to port 0). All sockets stay open until every port is known, so the ports are distinct.
// Another process can still take a port before QEMU binds it; launch.ts detects that and retries.
import { createServer, type Server } from 'node:net';
import { loopbackHost } from './command-line.ts';

function listenOnAnyPort(): Promise<Server> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: loopbackHost, port: 0, exclusive: true }, () => resolvePromise(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolvePromise) => server.close(() => resolvePromise()));
}

export async function pickFreePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listenOnAnyPort());
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('kernel gave no TCP port');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map(close));
  }
}
