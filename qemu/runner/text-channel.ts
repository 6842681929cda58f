// Job: the receiving side of one serial channel: keeps every byte received, splits it into lines
// for listeners, and lets callers wait for a pattern with a timeout (expect). `\r\n` is normalised
// to `\n` in the text view; the raw bytes are kept unchanged.
//
// expect() consumes: each call searches from the end of the previous match, so a sequence of
// expects asserts order. Errors say what was awaited, on which channel, for how long, and show the
// tail of what was received.
import { StringDecoder } from 'node:string_decoder';

export type Pattern = RegExp | string;

export interface ExpectOptions {
  /** How long to wait; default 10 000 ms. */
  timeoutMs?: number;
}

export const defaultExpectTimeoutMs = 10_000;
const tailCharacters = 1500;

interface Waiter {
  pattern: Pattern;
  tryMatch: () => boolean;
  fail: (error: Error) => void;
}

export function describePattern(pattern: Pattern): string {
  return typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern);
}

export class TextChannel {
  private readonly chunks: Buffer[] = [];
  private readonly decoder = new StringDecoder('utf8');
  private text = '';
  private heldCarriageReturn = false;
  private searchFrom = 0;
  private partialLine = '';
  private readonly lineListeners: Array<(line: string) => void> = [];
  private readonly waiters = new Set<Waiter>();
  private closedWith: string | null = null;

  constructor(readonly name: string) {}

  /** Feeds received bytes into the channel. */
  push(bytes: Buffer): void {
    this.chunks.push(bytes);
    let fresh = (this.heldCarriageReturn ? '\r' : '') + this.decoder.write(bytes);
    this.heldCarriageReturn = fresh.endsWith('\r');
    if (this.heldCarriageReturn) fresh = fresh.slice(0, -1);
    this.appendText(fresh.replace(/\r\n/g, '\n'));
  }

  private appendText(fresh: string): void {
    if (fresh.length === 0) return;
    this.text += fresh;
    const lines = (this.partialLine + fresh).split('\n');
    this.partialLine = lines.pop()!;
    for (const line of lines) for (const listener of this.lineListeners) listener(line);
    for (const waiter of [...this.waiters]) waiter.tryMatch();
  }

  /** Calls `listener` with every complete line (without its `\n`) received from now on. */
  onLine(listener: (line: string) => void): void {
    this.lineListeners.push(listener);
  }

  /** Everything received so far, as text. */
  output(): string {
    return this.text;
  }

  /** Everything received so far, byte for byte. */
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** The last part of the output, for error messages. */
  tail(characters: number = tailCharacters): string {
    const text = this.text;
    if (text.length === 0) return '(nothing received)';
    return text.length <= characters ? text : `...${text.slice(-characters)}`;
  }

  /**
   * Marks the channel as finished (the process exited or the socket closed). Waiters still pending
   * fail with `reason`; later expects can only match what was already received.
   */
  close(reason: string): void {
    if (this.closedWith !== null) return;
    if (this.heldCarriageReturn) {
      this.heldCarriageReturn = false;
      this.appendText('\r');
    }
    this.appendText(this.decoder.end());
    if (this.partialLine.length > 0) {
      for (const listener of this.lineListeners) listener(this.partialLine);
      this.partialLine = '';
    }
    this.closedWith = reason;
    for (const waiter of [...this.waiters]) waiter.fail(this.closedError(waiter.pattern));
  }

  private closedError(pattern: Pattern): Error {
    return new Error(
      `expect ${describePattern(pattern)} on ${this.name}: ${this.closedWith} before it appeared; last output:\n${this.tail()}`,
    );
  }

  private matchFromCursor(pattern: Pattern): RegExpMatchArray | null {
    const rest = this.text.slice(this.searchFrom);
    let match: RegExpMatchArray | null;
    if (typeof pattern === 'string') {
      const at = rest.indexOf(pattern);
      if (at < 0) return null;
      match = Object.assign([pattern], { index: at, input: rest }) as RegExpMatchArray;
    } else {
      const oneShot = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
      match = oneShot.exec(rest);
      if (match === null) return null;
    }
    const start = this.searchFrom + (match.index ?? 0);
    this.searchFrom = start + match[0].length;
    match.index = start;
    match.input = this.text;
    return match;
  }

  /** Waits until `pattern` appears after the previous match; resolves with the match. */
  expect(pattern: Pattern, options: ExpectOptions = {}): Promise<RegExpMatchArray> {
    const timeoutMs = options.timeoutMs ?? defaultExpectTimeoutMs;
    const immediate = this.matchFromCursor(pattern);
    if (immediate !== null) return Promise.resolve(immediate);
    if (this.closedWith !== null) return Promise.reject(this.closedError(pattern));
    return new Promise((resolvePromise, reject) => {
      const waiter: Waiter = {
        pattern,
        tryMatch: () => {
          const match = this.matchFromCursor(pattern);
          if (match === null) return false;
          finish();
          resolvePromise(match);
          return true;
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        waiter.fail(
          new Error(
            `expect ${describePattern(pattern)} on ${this.name}: not seen within ${timeoutMs} ms; last output:\n${this.tail()}`,
          ),
        );
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
    });
  }
}
