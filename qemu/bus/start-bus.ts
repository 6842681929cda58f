// Job: the CAN bus part of `bulkhead start`: bind the bus hub's port before the build (so a port
// another program holds is reported at once, naming it and how to choose another), join the guest's
// bus UART once QEMU serves it, and write the lines that tell how to join the bus (hub port, `bulkhead
// can` / `bulkhead uds` commands, a python-can line with an interpreter that has python-can).
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { SystemDescription } from '../../firmware/config/types.ts';
import type { QemuInstance } from '../runner/index.ts';
import { BusHub, BusPortInUseError } from './bus-hub.ts';
import { CAN_PORT_ENV, type CanPortSetting } from './can-port.ts';
import { GuestLink } from './guest-link.ts';
import { PYTHON_CAN_ADVICE, type PythonCanSearch } from './python-can.ts';

/** Binds the hub for a system with a bus UART (null for one without). Throws an error whose message
 *  names the port and the way to change it when the port is taken. */
export async function openCanBusHub(
  desc: SystemDescription,
  setting: CanPortSetting,
  log: (message: string) => void,
): Promise<BusHub | null> {
  if (desc.vcanUart < 0) return null;
  try {
    return await BusHub.listen({ port: setting.port, log });
  } catch (err) {
    if (!(err instanceof BusPortInUseError)) throw err;
    const from = setting.source === 'free' ? '' : ` (from ${setting.source})`;
    throw new Error(
      `the CAN bus port ${err.port}${from} is already in use by another program; ` +
        `choose another with --can-port N or ${CAN_PORT_ENV}=N, or give neither for a free port`,
      { cause: err },
    );
  }
}

/** Connects the hub to the guest's bus UART of the running QEMU; a failure is logged and makes the hub
 *  refuse frames (BEL), so clients see an error instead of waiting. */
export async function joinGuestBus(
  hub: BusHub,
  desc: SystemDescription,
  vm: QemuInstance,
  log: (message: string) => void,
): Promise<GuestLink | null> {
  const port = vm.ports[`uart${desc.vcanUart}`];
  if (port === undefined) {
    hub.fail(new Error(`QEMU serves no TCP port for the bus UART (UART${desc.vcanUart})`));
    return null;
  }
  try {
    const link = await GuestLink.open('127.0.0.1', port);
    link.on('close', () => log('bulkhead start: the guest side of the CAN bus closed'));
    hub.attach(link);
    return link;
  } catch (err) {
    hub.fail(err as Error);
    return null;
  }
}

/** `systems/x.dbc` beside `systems/x.ts`, as a path relative to the working directory, if it exists. */
export function dbcFileFor(systemFile: string): string | null {
  const dbc = resolve(systemFile).replace(/\.ts$/, '.dbc');
  return existsSync(dbc) ? relative(process.cwd(), dbc) : null;
}

function quoted(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/** The lines that tell how to join the bus through the hub. */
export function canBusNotes(
  desc: SystemDescription,
  hub: BusHub,
  setting: CanPortSetting,
  python: PythonCanSearch,
  dbc: string | null,
): string[] {
  const port = hub.port;
  const from = setting.source === 'free' ? 'a free port; --can-port N fixes it' : `from ${setting.source}`;
  const lines = [
    `  virtual CAN (SLCAN) on UART${desc.vcanUart}: tcp 127.0.0.1:${port} (bus hub, up to ${hub.maxClients} clients at once; ${from})`,
    `    npx tsx cli/main.ts can dump --port ${port}${dbc === null ? '' : ` --dbc ${dbc}`}`,
    `    npx tsx cli/main.ts can send --port ${port} 7E0#023E00`,
  ];
  const script = `import can; bus = can.Bus(interface='slcan', channel='socket://127.0.0.1:${port}', bitrate=500000, sleep_after_open=0); print(bus.recv(2.0)); bus.shutdown()`;
  if (python.interpreter !== null) lines.push(`    ${quoted(python.interpreter)} -c "${script}"`);
  else
    lines.push(
      `    python-can: no interpreter here has it (tried ${python.tried.join(', ')}); ${PYTHON_CAN_ADVICE}, then:`,
      `    python3 -c "${script}"`,
    );
  lines.push(
    `  UDS tester (diagnostic guest on 0x7E0/0x7E8, see docs/UDS-TOOLS.md):`,
    `    npx tsx cli/main.ts uds read vin speed --port ${port}`,
    `    npx tsx cli/main.ts uds dtc --port ${port}`,
  );
  return lines;
}
