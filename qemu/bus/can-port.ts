// Job: the TCP port the CAN bus hub of `bulkhead start` listens on: `--can-port N`, else the
// BULKHEAD_CAN_PORT environment variable, else a free port the kernel picks. A value that is not a
// port is refused with an error naming it and where it came from.
export const CAN_PORT_ENV = 'BULKHEAD_CAN_PORT';

export type CanPortSource = '--can-port' | typeof CAN_PORT_ENV | 'free';

export interface CanPortSetting {
  /** The port, or 0 for a free one. */
  port: number;
  source: CanPortSource;
}

export class CanPortError extends Error {}

/** Parses a port number given by `source`; throws `CanPortError` naming the text and its source. */
export function parseCanPort(text: string, source: CanPortSource): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new CanPortError(`${source} '${text}' is not a TCP port (1..65535)`);
  }
  return port;
}

/** The setting from the option's value (null when not given) and the environment. */
export function resolveCanPort(option: string | null, env: NodeJS.ProcessEnv = process.env): CanPortSetting {
  if (option !== null) return { port: parseCanPort(option, '--can-port'), source: '--can-port' };
  const fromEnv = env[CAN_PORT_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    return { port: parseCanPort(fromEnv, CAN_PORT_ENV), source: CAN_PORT_ENV };
  }
  return { port: 0, source: 'free' };
}
