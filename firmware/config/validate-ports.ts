// The validator's checks of the inter-VM ports: kind, source and destinations, message size, depth and
// refresh period, and the pool bytes all ports need against the hypervisor's port pool.
import { portPoolBytes } from '../core/port-layout.ts';
import { PortKind as RuntimePortKind } from '../core/tables.ts';
import { formatSize } from './errors.ts';
import {
  MAX_PORT_MESSAGE_SIZE,
  MAX_PORTS,
  MAX_QUEUING_DEPTH,
  MIN_PORT_MESSAGE_SIZE,
  MIN_QUEUING_DEPTH,
  PORT_BUFFER_BUDGET_BYTES,
  SAMPLING_DEPTH,
} from './limits.ts';
import type { PortDescription, PortKind, SystemDescription } from './types.ts';
import { arrayAt, checkInteger, checkName, checkUnique, type ErrorSink, show } from './validate-sink.ts';

export const PORT_KINDS: readonly PortKind[] = ['sampling', 'queuing'];

/** Bytes of the hypervisor port pool a (valid) port occupies, per `firmware/core/port-layout.ts`. */
export function portBufferBytes(port: PortDescription): number {
  const runtimeKind = port.kind === 'sampling' ? RuntimePortKind.Sampling : RuntimePortKind.Queuing;
  return portPoolBytes(runtimeKind, port.maxMessageSize, port.depth, Math.max(1, port.destinations.length));
}

export function checkPorts(sink: ErrorSink, desc: SystemDescription, vmNames: readonly string[]): void {
  const ports = arrayAt(sink, 'ports', desc.ports);
  if (ports.length > MAX_PORTS) sink.add('ports', `${ports.length} ports; at most ${MAX_PORTS} are allowed`);
  let poolBytes = 0;
  const usage: string[] = [];
  ports.forEach((port, index) => {
    const path = `ports[${index}]`;
    checkName(sink, `${path}.name`, port.name, 'port');
    const kindOk = PORT_KINDS.includes(port.kind);
    if (!kindOk)
      sink.add(`${path}.kind`, `unknown port kind ${show(port.kind)} (use ${PORT_KINDS.join(' or ')})`);
    if (!vmNames.includes(port.source))
      sink.add(`${path}.source`, `unknown source VM ${show(port.source)} (VMs: ${vmNames.join(', ')})`);
    const destinations = arrayAt(sink, `${path}.destinations`, port.destinations);
    if (destinations.length === 0)
      sink.add(`${path}.destinations`, `port '${port.name}' has no destination VM`);
    destinations.forEach((destination, d) => {
      const destinationPath = `${path}.destinations[${d}]`;
      if (!vmNames.includes(destination)) {
        sink.add(destinationPath, `unknown destination VM ${show(destination)} (VMs: ${vmNames.join(', ')})`);
      } else if (destination === port.source) {
        sink.add(
          destinationPath,
          `VM '${destination}' is the port's source and cannot also be a destination`,
        );
      } else if (destinations.indexOf(destination) !== d) {
        sink.add(destinationPath, `destination VM '${destination}' is listed twice`);
      }
    });
    const sizeOk = checkInteger(
      sink,
      `${path}.maxMessageSize`,
      port.maxMessageSize,
      MIN_PORT_MESSAGE_SIZE,
      MAX_PORT_MESSAGE_SIZE,
      'message size (bytes)',
    );
    let depthOk = false;
    if (port.kind === 'sampling') {
      depthOk = port.depth === SAMPLING_DEPTH;
      if (!depthOk)
        sink.add(`${path}.depth`, `sampling port depth must be ${SAMPLING_DEPTH} (got ${show(port.depth)})`);
      checkInteger(sink, `${path}.refreshTicks`, port.refreshTicks, 0, 0xffff_ffff, 'refresh period (ticks)');
    } else if (port.kind === 'queuing') {
      depthOk = checkInteger(
        sink,
        `${path}.depth`,
        port.depth,
        MIN_QUEUING_DEPTH,
        MAX_QUEUING_DEPTH,
        'queuing port depth (messages)',
      );
      if (port.refreshTicks !== 0)
        sink.add(
          `${path}.refreshTicks`,
          `refresh period applies to sampling ports only; use 0 (got ${show(port.refreshTicks)})`,
        );
    }
    if (kindOk && sizeOk && depthOk) {
      const bytes = portBufferBytes(port);
      poolBytes += bytes;
      usage.push(`${String(port.name)}: ${bytes}`);
    }
  });
  if (poolBytes > PORT_BUFFER_BUDGET_BYTES) {
    sink.add(
      'ports',
      `port buffers need ${poolBytes} bytes but the hypervisor port pool has ${PORT_BUFFER_BUDGET_BYTES} (${formatSize(PORT_BUFFER_BUDGET_BYTES)}) (${usage.join(', ')})`,
    );
  }
  checkUnique(
    sink,
    ports.map((p) => p.name),
    (i) => `ports[${i}].name`,
    'port',
  );
}
