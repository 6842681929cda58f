// Job: `bulkhead uds session|read|write|dtc|clear|unlock|reset|routine|tester-present`: a UDS tester
// for the diagnostic guest over the virtual CAN bus (SLCAN on the bus UART's TCP port, as `bulkhead
// start` prints it). Parses arguments with errors naming the offending input, runs one service through
// the host ISO-TP/UDS library (qemu/uds/) and prints the decoded answer (or JSON with --json).
import { connectUds, type UdsConnection } from '../../qemu/uds/connect.ts';
import {
  ResetType,
  RoutineControlType,
  Session,
  type DtcList,
  type UdsClient,
} from '../../qemu/uds/client.ts';
import {
  DIDS,
  decodeDid,
  didDefinition,
  encodeSetpoint,
  formatDidValue,
  parseDid,
} from '../../qemu/uds/dids.ts';
import { formatDtcRecord } from '../../qemu/uds/dtc.ts';
import { UdsNegativeResponseError } from '../../qemu/uds/errors.ts';
import { describeNrc } from '../../qemu/uds/nrc.ts';
import { ROUTINE_NAMES, describeRoutineStatus } from '../../qemu/uds/routines.ts';
import { DEFAULT_SECURITY_SECRET } from '../../qemu/uds/security.ts';

export const summary = 'UDS tester for the diagnostic guest over the virtual CAN bus (SLCAN over TCP)';

export const udsUsage = `usage: bulkhead uds <command> [arguments] --port P [options]

commands:
  session default|programming|extended|<hex>   DiagnosticSessionControl (0x10): prints P2 and P2*
  read <did> [<did> ...]                       ReadDataByIdentifier (0x22), several DIDs in one request
  write <did> <hex bytes> | write setpoint <km/h (decimal)>
                                               extended session + unlock, then WriteDataByIdentifier (0x2E)
  dtc [list|count|supported] [--mask HEX]      ReadDTCInformation (0x19 02 / 01 / 0A), default list, mask FF
  clear [<group hex>]                          ClearDiagnosticInformation (0x14), default FFFFFF (all)
  unlock                                       extended session, then SecurityAccess seed/key (0x27 01/02)
  reset hard|soft|<hex>                        ECUReset (0x11): hard 01 restarts control then diag, soft 03 diag
  routine start|stop|results <id> [<hex bytes>]
                                               RoutineControl (0x31); <id> hex, restart-control (0200) or
                                               self-test (F000)
  tester-present                               TesterPresent (0x3E 00)

DIDs: hex (F190, 0x0100) or a name: ${DIDS.map((d) => `${d.name} (${d.did.toString(16).toUpperCase().padStart(4, '0')})`).join(', ')}.

options:
  --port P            TCP port of the bus UART (SLCAN); \`bulkhead start\` prints it (required)
  --host H            default 127.0.0.1
  --functional        send the request on 0x7DF (single frame; a missing answer is not an error)
  --suppress          set the suppress-positive-response bit (session, reset, routine, tester-present)
  --secret HEX        security secret for the key (default ${DEFAULT_SECURITY_SECRET.toString(16).toUpperCase()})
  --no-unlock         write: skip the extended session and unlock (to see the server refuse)
  --p2 MS, --p2star MS   client timeouts (default 1000 and 6000)
  --json              print the decoded answer as JSON
Exit: 0 positive answer (or none expected), 1 negative answer (NRC printed), 2 bad arguments,
      3 no answer, connection or protocol error.`;

class UsageError extends Error {}

interface UdsArguments {
  command: string;
  positional: string[];
  host: string;
  port: number;
  functional: boolean;
  suppress: boolean;
  secret: number;
  unlock: boolean;
  mask: number;
  p2Ms: number;
  p2StarMs: number;
  json: boolean;
}

const COMMANDS = ['session', 'read', 'write', 'dtc', 'clear', 'unlock', 'reset', 'routine', 'tester-present'];
const SESSIONS: Record<string, number> = {
  default: Session.Default,
  programming: Session.Programming,
  extended: Session.Extended,
};
const RESETS: Record<string, number> = { hard: ResetType.Hard, soft: ResetType.Soft };
const ROUTINE_TYPES: Record<string, number> = {
  start: RoutineControlType.Start,
  stop: RoutineControlType.Stop,
  results: RoutineControlType.Results,
};

function hexNumber(text: string, what: string, max: number): number {
  const m = /^(?:0x)?([0-9a-fA-F]+)$/.exec(text);
  const value = m === null ? NaN : parseInt(m[1], 16);
  if (!Number.isInteger(value) || value > max)
    throw new UsageError(`${what} '${text}' is not a hex number up to ${max.toString(16).toUpperCase()}`);
  return value;
}

function hexBytesArgument(text: string, what: string): Uint8Array {
  const clean = text.replace(/[\s.:]/g, '').replace(/^0x/i, '');
  if (!/^([0-9a-fA-F]{2})+$/.test(clean))
    throw new UsageError(`${what} '${text}' is not hex byte pairs (e.g. 1F40)`);
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

function integer(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new UsageError(`${flag} '${text}' must be an integer in ${min}..${max}`);
  return n;
}

/** Parses the command line; throws `UsageError` naming the offending argument. */
export function parseUdsArguments(args: readonly string[]): UdsArguments | 'help' {
  const [command, ...rest] = args;
  if (command === undefined) throw new UsageError('a command is required');
  if (command === '--help' || command === '-h' || command === 'help') return 'help';
  if (!COMMANDS.includes(command))
    throw new UsageError(`unknown command '${command}' (${COMMANDS.join(', ')})`);
  const parsed: UdsArguments = {
    command,
    positional: [],
    host: '127.0.0.1',
    port: NaN,
    functional: false,
    suppress: false,
    secret: DEFAULT_SECURITY_SECRET,
    unlock: true,
    mask: 0xff,
    p2Ms: 1000,
    p2StarMs: 6000,
    json: false,
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = (): string => {
      const v = rest[i + 1];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      i++;
      return v;
    };
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--host') parsed.host = value();
    else if (arg === '--port') parsed.port = integer(value(), arg, 1, 65535);
    else if (arg === '--functional') parsed.functional = true;
    else if (arg === '--suppress') parsed.suppress = true;
    else if (arg === '--secret') parsed.secret = hexNumber(value(), arg, 0xffffffff);
    else if (arg === '--no-unlock') parsed.unlock = false;
    else if (arg === '--mask') parsed.mask = hexNumber(value(), arg, 0xff);
    else if (arg === '--p2') parsed.p2Ms = integer(value(), arg, 1, 600_000);
    else if (arg === '--p2star') parsed.p2StarMs = integer(value(), arg, 1, 600_000);
    else if (arg === '--json') parsed.json = true;
    else if (arg.startsWith('--')) throw new UsageError(`unknown option '${arg}'`);
    else parsed.positional.push(arg);
  }
  if (Number.isNaN(parsed.port)) throw new UsageError('--port is required (the TCP port of the bus UART)');
  return parsed;
}

function one(args: UdsArguments, names: string): string {
  if (args.positional.length !== 1) throw new UsageError(`${args.command} takes one argument: ${names}`);
  return args.positional[0];
}

function didLabel(did: number): string {
  const hex = did.toString(16).toUpperCase().padStart(4, '0');
  const definition = didDefinition(did);
  return definition === undefined ? hex : `${hex} ${definition.title}`;
}

function printDtcs(list: DtcList, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(list));
    return;
  }
  console.log(
    `status availability mask 0x${list.availabilityMask.toString(16).toUpperCase().padStart(2, '0')}, ${list.records.length} DTC(s)`,
  );
  for (const record of list.records) console.log(`  ${formatDtcRecord(record)}`);
}

/** Checks the arguments of `args.command` before anything is sent. Returns the action to run. */
function plan(args: UdsArguments): (client: UdsClient) => Promise<void> {
  const { json } = args;
  const opts = { functional: args.functional, suppressPositive: args.suppress };
  switch (args.command) {
    case 'session': {
      const text = one(args, 'default|programming|extended|<hex>');
      const session = SESSIONS[text] ?? hexNumber(text, 'session', 0x7f);
      return async (client) => {
        const timing = await client.diagnosticSessionControl(session, opts);
        if (timing === null) console.log('session request sent (no answer expected)');
        else if (json) console.log(JSON.stringify(timing));
        else
          console.log(
            `session 0x${timing.session.toString(16).padStart(2, '0')}: P2 ${timing.p2ServerMs} ms, P2* ${timing.p2StarServerMs} ms`,
          );
      };
    }
    case 'read': {
      if (args.positional.length === 0) throw new UsageError('read needs at least one DID');
      let dids: number[];
      try {
        dids = args.positional.map(parseDid);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      return async (client) => {
        const records = await client.readDataByIdentifier(dids, { functional: args.functional });
        const decoded = records.map((r) => ({ did: r.did, value: decodeDid(r.did, r.bytes) }));
        if (json)
          console.log(
            JSON.stringify(decoded, (_k, v: unknown) =>
              v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
            ),
          );
        else for (const d of decoded) console.log(`${didLabel(d.did)}: ${formatDidValue(d.value)}`);
      };
    }
    case 'write': {
      if (args.positional.length !== 2)
        throw new UsageError('write takes <did> <hex bytes> (or setpoint <km/h>)');
      let did: number;
      try {
        did = parseDid(args.positional[0]);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const valueText = args.positional[1];
      let data: Uint8Array;
      if (args.positional[0].toLowerCase() === 'setpoint') {
        const kmh = Number(valueText);
        if (!/^\d+(\.\d+)?$/.test(valueText))
          throw new UsageError(`set-point '${valueText}' is not a speed in km/h`);
        try {
          data = encodeSetpoint(kmh);
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
      } else data = hexBytesArgument(valueText, 'data');
      return async (client) => {
        if (args.unlock) {
          await client.diagnosticSessionControl(Session.Extended);
          await client.unlock(args.secret);
        }
        await client.writeDataByIdentifier(did, data);
        console.log(`${didLabel(did)}: written ${Buffer.from(data).toString('hex').toUpperCase()}`);
      };
    }
    case 'dtc': {
      if (args.positional.length > 1)
        throw new UsageError('dtc takes at most one argument: list|count|supported');
      const kind = args.positional[0] ?? 'list';
      if (kind === 'count')
        return async (client) => {
          const count = await client.readDtcCount(args.mask);
          if (json) console.log(JSON.stringify(count));
          else
            console.log(
              `${count.count} DTC(s) match mask 0x${args.mask.toString(16).toUpperCase().padStart(2, '0')} (availability mask 0x${count.availabilityMask.toString(16).toUpperCase().padStart(2, '0')})`,
            );
        };
      if (kind === 'list')
        return async (client) => printDtcs(await client.readDtcsByStatusMask(args.mask), json);
      if (kind === 'supported') return async (client) => printDtcs(await client.readSupportedDtcs(), json);
      throw new UsageError(`dtc report '${kind}' is not list, count or supported`);
    }
    case 'clear': {
      if (args.positional.length > 1) throw new UsageError('clear takes at most one argument: <group hex>');
      const group =
        args.positional[0] === undefined ? 0xffffff : hexNumber(args.positional[0], 'DTC group', 0xffffff);
      return async (client) => {
        await client.clearDiagnosticInformation(group, { functional: args.functional });
        console.log(`DTCs of group ${group.toString(16).toUpperCase().padStart(6, '0')} cleared`);
      };
    }
    case 'unlock':
      if (args.positional.length > 0)
        throw new UsageError(`unlock takes no argument, got '${args.positional[0]}'`);
      return async (client) => {
        await client.diagnosticSessionControl(Session.Extended);
        const result = await client.unlock(args.secret);
        console.log(
          result.alreadyUnlocked
            ? 'already unlocked (seed 00000000)'
            : `unlocked (seed ${Buffer.from(result.seed).toString('hex').toUpperCase()})`,
        );
      };
    case 'reset': {
      const text = one(args, 'hard|soft|<hex>');
      const type = RESETS[text] ?? hexNumber(text, 'reset type', 0x7f);
      return async (client) => {
        const echoed = await client.ecuReset(type, opts);
        console.log(
          echoed === null
            ? 'reset request sent (no answer expected)'
            : `reset 0x${echoed.toString(16).padStart(2, '0')} accepted`,
        );
      };
    }
    case 'routine': {
      if (args.positional.length < 2 || args.positional.length > 3)
        throw new UsageError('routine takes start|stop|results <id> [<hex bytes>]');
      const typeText = args.positional[0];
      const type = ROUTINE_TYPES[typeText];
      if (type === undefined)
        throw new UsageError(`routine control '${typeText}' is not start, stop or results`);
      const idText = args.positional[1];
      const id = ROUTINE_NAMES[idText] ?? hexNumber(idText, 'routine identifier', 0xffff);
      const data =
        args.positional[2] === undefined ? undefined : hexBytesArgument(args.positional[2], 'routine data');
      return async (client) => {
        const result = await client.routineControl(type, id, {
          ...opts,
          ...(data === undefined ? {} : { data }),
        });
        if (result === null) console.log('routine request sent (no answer expected)');
        else if (json)
          console.log(JSON.stringify({ ...result, status: Buffer.from(result.status).toString('hex') }));
        else
          console.log(
            `routine ${id.toString(16).toUpperCase().padStart(4, '0')} ${typeText}: ${describeRoutineStatus(id, type, result.status)}`,
          );
      };
    }
    case 'tester-present':
      if (args.positional.length > 0)
        throw new UsageError(`tester-present takes no argument, got '${args.positional[0]}'`);
      return async (client) => {
        await client.testerPresent(opts);
        console.log(args.suppress || args.functional ? 'tester present sent' : 'tester present acknowledged');
      };
  }
  throw new UsageError(`unknown command '${args.command}'`);
}

export async function run(argv: string[]): Promise<number> {
  let action: (client: UdsClient) => Promise<void>;
  let args: UdsArguments;
  try {
    const parsed = parseUdsArguments(argv);
    if (parsed === 'help') {
      console.log(udsUsage);
      return 0;
    }
    args = parsed;
    action = plan(args);
  } catch (err) {
    if (!(err instanceof UsageError) && !(err instanceof RangeError)) throw err;
    console.error(`bulkhead uds: ${err.message}\n\n${udsUsage}`);
    return 2;
  }
  let connection: UdsConnection | undefined;
  try {
    connection = await connectUds({
      host: args.host,
      port: args.port,
      p2Ms: args.p2Ms,
      p2StarMs: args.p2StarMs,
    });
    await action(connection.client);
    return 0;
  } catch (err) {
    if (err instanceof UdsNegativeResponseError) {
      console.error(`bulkhead uds: ${err.message}`);
      if (args.json) console.log(JSON.stringify({ negative: describeNrc(err.nrc), nrc: err.nrc }));
      return 1;
    }
    console.error(`bulkhead uds: ${(err as Error).message}`);
    return 3;
  } finally {
    await connection?.close();
  }
}
