// Job: where `bulkhead run` and `bulkhead start` record a system's trace stream: the runner option
// that captures the trace UART to `out/<system>/trace.txt` from the first byte (a QEMU file backend,
// which loses nothing sent before anyone reads), and the line that says where it goes.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import type { SystemDescription } from '../../firmware/config/types.ts';
import { defaultOutRoot } from '../build/paths.ts';

export const TRACE_FILE_NAME = 'trace.txt';

/** The file a run of system `name` records its trace to. */
export function traceFileOf(name: string, outRoot: string = defaultOutRoot): string {
  return join(outRoot, name, TRACE_FILE_NAME);
}

export interface TraceRecording {
  /** The runner's `uartFiles` option (empty when the system has no trace UART). */
  uartFiles: Partial<Record<'uart1' | 'uart2' | 'uart3', string>>;
  /** The trace file, or null. */
  file: string | null;
  /** What to print about it (null without a trace UART). */
  note: string | null;
}

/** Prepares recording the trace of `desc` (a fresh, empty file; the previous run's is replaced). */
export function traceRecording(
  desc: Pick<SystemDescription, 'name' | 'traceUart'>,
  outRoot: string = defaultOutRoot,
): TraceRecording {
  const uart = desc.traceUart;
  if (uart !== 1 && uart !== 2 && uart !== 3) return { uartFiles: {}, file: null, note: null };
  const file = traceFileOf(desc.name, outRoot);
  mkdirSync(dirname(file), { recursive: true });
  rmSync(file, { force: true });
  const shown = relative(process.cwd(), file) || file;
  return {
    uartFiles: { [`uart${uart}`]: file },
    file,
    note: `  trace (UART${uart}) recorded from the first byte to ${shown}; afterwards: bulkhead trace summary ${shown}`,
  };
}
