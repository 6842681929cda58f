// Node side of the test print port: installs and drains the buffer that the extern bodies of `print.ts`
// append to, and renders a bounds failure exactly as the C hook in `print.c` does. For guarded batches it
// also installs the case dispatcher that print.ts `runGuardedCase` calls.
import { BoundsError } from '../../../transpiler/runtime/index.ts';

/** The line `bh_bounds_fail()` prints in C before exiting with BOUNDS_FAIL_EXIT_CODE. */
export const BOUNDS_FAIL_LINE = 'BOUNDS FAIL\n';
/** The process exit code of the C bounds-failure hook (distinct from crashes and compiler errors). */
export const BOUNDS_FAIL_EXIT_CODE = 86;

interface CaptureGlobal {
  bhTestPrintBuffer: string[];
}

/** True for the runtime's BoundsError. The runtime module can be loaded twice (once through the test
 *  files' loader, once through a dynamic import of a program), so the class is also matched by name. */
export function isBoundsError(error: unknown): boolean {
  return error instanceof BoundsError || (error instanceof Error && error.constructor.name === 'BoundsError');
}

/** The result of running a program's `main` in Node. */
export interface NodeRun {
  output: string;
  boundsFailed: boolean;
}

/** Runs `entry` with a fresh print buffer; a BoundsError ends the run like the C hook does. Any other
 *  exception propagates (a program bug, not an expected outcome). */
export function runCaptured(entry: () => void): NodeRun {
  const global = globalThis as unknown as CaptureGlobal;
  const previous = global.bhTestPrintBuffer;
  const buffer: string[] = [];
  global.bhTestPrintBuffer = buffer;
  let boundsFailed = false;
  try {
    entry();
  } catch (error) {
    if (!isBoundsError(error)) throw error;
    buffer.push(BOUNDS_FAIL_LINE);
    boundsFailed = true;
  } finally {
    global.bhTestPrintBuffer = previous;
  }
  return { output: buffer.join(''), boundsFailed };
}

interface GuardedGlobal {
  bhGuardedCase?: (vector: number, index: number) => void;
}

/** Runs the `main` of a guarded batch (it calls print.ts `runGuardedCase` per case and input vector)
 *  with `dispatch` (the batch module's `runCase`) installed as the case dispatcher: a BoundsError inside
 *  a case prints `c<index>.bounds` and the run goes on, as print.c does with setjmp/longjmp in C. */
export function runCapturedGuarded(
  entry: () => void,
  dispatch: (vector: number, index: number) => void,
): NodeRun {
  const global = globalThis as unknown as GuardedGlobal;
  const previous = global.bhGuardedCase;
  global.bhGuardedCase = dispatch;
  try {
    return runCaptured(entry);
  } finally {
    global.bhGuardedCase = previous;
  }
}
