// Job: decode CAN frames into named signals with a DBC file (Vector's CAN database format), for
// `bulkhead can dump --dbc FILE`. Parsing and bit extraction are the `candied` library's (see
// docs/VCAN.md for why that one); this file loads the file with errors naming it, and writes one
// decoded frame as text: `VehicleSpeed: Speed=100.00 km/h SetPoint=100.00 km/h Mode=cruise ...`.
import { readFileSync } from 'node:fs';
import { Can, Dbc } from 'candied';
import type { CanMessage } from './can-frame.ts';

/** A DBC file that cannot be read or parsed, or that defines no message. */
export class DbcFileError extends Error {}

/** Decimal places that show a signal's resolution: 0.01 → 2, 0.5 → 1, 1 → 0. */
function decimalsOf(factor: number): number {
  for (let d = 0; d <= 6; d++) {
    const scaled = factor * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9) return d;
  }
  return 6;
}

export class DbcDecoder {
  private readonly can = new Can();

  private constructor(
    readonly file: string,
    /** Names of the messages the file defines, by identifier. */
    readonly messages: ReadonlyMap<number, string>,
    database: ReturnType<Dbc['load']>,
  ) {
    this.can.database = database;
  }

  /** Loads and parses `file`; throws `DbcFileError` naming it (and the line of a syntax error). */
  static load(file: string): DbcDecoder {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new DbcFileError(
        `DBC file '${file}' cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
    let database: ReturnType<Dbc['load']>;
    try {
      database = new Dbc().load(text.replace(/\r\n/g, '\n'), true);
    } catch (err) {
      // The parser lists every token it expected; the line and column say enough.
      const reason = (err as Error).message.replace(/\s*Expected one of[\s\S]*$/, '');
      throw new DbcFileError(`DBC file '${file}': ${reason}`);
    }
    const messages = new Map<number, string>();
    for (const message of database.messages.values()) messages.set(message.id, message.name);
    if (messages.size === 0) throw new DbcFileError(`DBC file '${file}' defines no message (BO_)`);
    return new DbcDecoder(file, messages, database);
  }

  /** The frame's message name and its signals' physical values, or null when the file does not define
   *  its ID. */
  decode(frame: CanMessage): { name: string; signals: Record<string, number> } | null {
    if (frame.remote) return null;
    const bound = this.can.decode(this.can.createFrame(frame.id, Array.from(frame.data), frame.extended));
    if (bound === undefined) return null;
    const signals: Record<string, number> = {};
    for (const [name, signal] of bound.boundSignals) signals[name] = signal.value;
    return { name: bound.name, signals };
  }

  /** The frame's message name and signals as text, or null when the file does not define its ID. */
  describe(frame: CanMessage): string | null {
    if (frame.remote) return null;
    const bound = this.can.decode(this.can.createFrame(frame.id, Array.from(frame.data), frame.extended));
    if (bound === undefined) return null;
    const parts: string[] = [];
    for (const [name, signal] of bound.boundSignals) {
      const definition = signal.boundData.signal;
      const label = definition.valueTable?.get(signal.rawValue);
      const text =
        label !== undefined
          ? label
          : `${signal.value.toFixed(decimalsOf(definition.factor))}${definition.unit === '' ? '' : ` ${definition.unit}`}`;
      parts.push(`${name}=${text}`);
    }
    return `${bound.name}:${parts.length === 0 ? '' : ` ${parts.join(' ')}`}`;
  }
}
