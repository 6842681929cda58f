// Job: `bulkhead can dump|send`: join the virtual CAN bus over SLCAN on TCP (the hypervisor's bus UART
// as QEMU serves it) and print received frames as candump log lines, or send one frame given in the
// cansend syntax; with `--dbc FILE`, each dumped frame the file defines is followed by its decoded
// signals.
import { formatCandumpLine, parseCanSendArgument } from '../../qemu/slcan/can-frame.ts';
import { SlcanClient, bitrateCode } from '../../qemu/slcan/client.ts';
import { DbcDecoder, DbcFileError } from '../../qemu/slcan/dbc-decoder.ts';

export const summary = 'virtual CAN bus over SLCAN: dump frames (candump-like) or send one (cansend syntax)';

const usage = `usage: bulkhead can dump --port P [--host H] [--bitrate B] [--count N] [--duration S] [--bus-timestamps] [--dbc FILE]
       bulkhead can send --port P [--host H] [--bitrate B] <id>#<data>

dump   opens the bus and prints every frame as a candump log line:
       (seconds.microseconds) vcan <id>#<data>     e.g. (1700000000.123456) vcan 100#0064
       ends after N frames (--count), S seconds (--duration) or when the connection closes.
       --bus-timestamps also asks the bus to stamp frames (Z1) and appends " ; bus=<ms>".
       --dbc FILE decodes the frames FILE defines and appends their signals, e.g.
       " ; VehicleSpeed: Speed=100.00 km/h SetPoint=100.00 km/h Mode=cruise ..." (systems/demo.dbc
       describes the demo's bus).
send   opens the bus, sends one frame and waits for its acknowledgement. <id> is 3 hex digits
       (11-bit) or 8 (29-bit); <data> is up to 8 hex byte pairs, optionally dot-separated;
       <id>#R[len] sends a remote frame. Examples: 7E0#023E00   18DAF110#0210   123#R4
Defaults: --host 127.0.0.1, --bitrate 500000.
Exit: 0 done, 1 refused by the bus or I/O error, 2 bad arguments.`;

interface CanOptions {
  host: string;
  port: number;
  bitrate: number;
  count: number | null;
  durationS: number | null;
  busTimestamps: boolean;
  dbc: DbcDecoder | null;
  positional: string[];
}

class UsageError extends Error {}

function parseOptions(args: string[]): CanOptions {
  const options: CanOptions = {
    host: '127.0.0.1',
    port: NaN,
    bitrate: 500_000,
    count: null,
    durationS: null,
    busTimestamps: false,
    dbc: null,
    positional: [],
  };
  const value = (i: number, flag: string): string => {
    const v = args[i + 1];
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  const integer = (text: string, flag: string, min: number, max: number): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new UsageError(`${flag} '${text}' must be an integer in ${min}..${max}`);
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    switch (arg) {
      case '--host':
        options.host = value(i++, arg);
        break;
      case '--port':
        options.port = integer(value(i++, arg), arg, 1, 65535);
        break;
      case '--bitrate':
        options.bitrate = integer(value(i++, arg), arg, 1, 10_000_000);
        try {
          bitrateCode(options.bitrate);
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
        break;
      case '--count':
        options.count = integer(value(i++, arg), arg, 1, 1e9);
        break;
      case '--duration': {
        const text = value(i++, arg);
        const s = Number(text);
        if (!Number.isFinite(s) || s <= 0)
          throw new UsageError(`--duration '${text}' must be a positive number of seconds`);
        options.durationS = s;
        break;
      }
      case '--dbc':
        try {
          options.dbc = DbcDecoder.load(value(i++, arg));
        } catch (err) {
          if (err instanceof DbcFileError) throw new UsageError(err.message);
          throw err;
        }
        break;
      case '--bus-timestamps':
        options.busTimestamps = true;
        break;
      default:
        if (arg.startsWith('--')) throw new UsageError(`unknown option '${arg}'`);
        options.positional.push(arg);
    }
  }
  if (Number.isNaN(options.port)) throw new UsageError('--port is required (the TCP port of the bus UART)');
  return options;
}

async function dump(options: CanOptions): Promise<number> {
  if (options.positional.length > 0) throw new UsageError(`unexpected argument '${options.positional[0]}'`);
  const client = await SlcanClient.connect(options.host, options.port);
  await client.open({ bitrate: options.bitrate, timestamps: options.busTimestamps, listenOnly: true });
  let stopTimer: NodeJS.Timeout | undefined;
  if (options.durationS !== null) stopTimer = setTimeout(() => void client.end(), options.durationS * 1000);
  let seen = 0;
  try {
    for await (const frame of client.frames()) {
      const stamp = frame.busTimestampMs !== undefined ? ` ; bus=${frame.busTimestampMs}` : '';
      const decoded = options.dbc?.describe(frame) ?? null;
      const signals = decoded === null ? '' : ` ; ${decoded}`;
      process.stdout.write(`${formatCandumpLine(frame, 'vcan')}${stamp}${signals}\n`);
      seen++;
      if (options.count !== null && seen >= options.count) break;
    }
  } finally {
    if (stopTimer !== undefined) clearTimeout(stopTimer);
    await client.end();
  }
  return 0;
}

async function send(options: CanOptions): Promise<number> {
  if (options.positional.length !== 1) throw new UsageError('send takes exactly one <id>#<data> argument');
  let frame;
  try {
    frame = parseCanSendArgument(options.positional[0]);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const client = await SlcanClient.connect(options.host, options.port);
  try {
    await client.open({ bitrate: options.bitrate });
    await client.send(frame);
  } finally {
    await client.end();
  }
  return 0;
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === 'dump') return await dump(parseOptions(rest));
    if (sub === 'send') return await send(parseOptions(rest));
    if (sub === undefined || sub === '--help' || sub === '-h') {
      process.stdout.write(`${usage}\n`);
      return sub === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown subcommand '${sub}' (dump or send)`);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`bulkhead can: ${err.message}\n${usage}\n`);
      return 2;
    }
    process.stderr.write(`bulkhead can: ${(err as Error).message}\n`);
    return 1;
  }
}
