// Parser of the trace stream's text lines (`@tttttttt.cccccc K vv aaaaaaaa bbbbbbbb`, docs/ARCHITECTURE.md
// "Trace format"): used by the simulation's tests, the host-side trace tools (trace/) and anything that
// reads the trace UART.

export type TraceLetter = 'S' | 'H' | 'I' | 'F' | 'A' | 'P' | 'L' | 'U' | 'V' | 'X';

export interface TraceRecord {
  tick: number;
  /** PMU cycles from the start of the tick to the event (saturated at 0xffffff). */
  cycles: number;
  kind: TraceLetter;
  /** VM index, or 0xff for none. */
  vm: number;
  a: number;
  b: number;
}

const LINE = /^@([0-9a-f]{8})\.([0-9a-f]{6}) ([SHIFAPLUVX]) ([0-9a-f]{2}) ([0-9a-f]{8}) ([0-9a-f]{8})$/;

/** Parses one line; throws naming the line when it does not match the format. */
export function parseTraceLine(line: string): TraceRecord {
  const m = LINE.exec(line);
  if (m === null) throw new Error(`not a trace line: ${JSON.stringify(line)}`);
  return {
    tick: parseInt(m[1], 16),
    cycles: parseInt(m[2], 16),
    kind: m[3] as TraceLetter,
    vm: parseInt(m[4], 16),
    a: parseInt(m[5], 16),
    b: parseInt(m[6], 16),
  };
}

/** Parses every complete line of a trace stream (`\n` or `\r\n` separated). */
export function parseTrace(text: string): TraceRecord[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map(parseTraceLine);
}
