// Port layer for the transpiler corpus and differential tests: labelled print functions with an exactly
// specified text format. In Node each extern body appends its line to the capture buffer installed by
// `print-capture.ts`; in C the same symbols are implemented by `print.c` with host stdio, producing the
// same bytes. Line formats (one line per call, `\n` terminated):
//   printU32  "<label>=<unsigned decimal>"
//   printI32  "<label>=<signed decimal>"
//   printHex  "<label>=0x<8 lower-case hex digits>"
//   printBool "<label>=true" | "<label>=false"
//   printF64  "<label>=f64:<16 hex digits of the IEEE-754 bits>" then " (<decimal>)" when the value is an
//             integer of magnitude <= 2^53 (exact in both languages)
//   printF32  "<label>=f32:<8 hex digits of the IEEE-754 bits>" with the same integer suffix rule
//   (any NaN prints as "<label>=nan": NaN sign and payload bits differ between hosts and are not part of
//   the subset's semantics)
//   printStr  "<text>"
//   printElement "<label>=<unsigned decimal>" (an element a test read; in Node a value that is no u32 —
//             `undefined` from a typed array read past its end — prints "<label>=no element (<value>)",
//             which C never prints: an index proven in range was not)
// `runGuardedCase(vector, index)` runs case `index` of a guarded differential batch (batch.ts) with input
// vector `vector`, through the dispatcher the harness installs; a bounds failure inside the case prints
// "c<index>.bounds" and returns (C: print.c, setjmp/longjmp), so the batch goes on with the next case.
import type { bool, cstr, f32, f64, i32, u32 } from '../../../transpiler/runtime/index.ts';

/** @extern bh_print_str */
export function printStr(text: cstr): void {
  (globalThis as unknown as { bhTestPrintBuffer: string[] }).bhTestPrintBuffer.push(`${text}\n`);
}

/** @extern bh_print_u32 */
export function printU32(label: cstr, value: u32): void {
  (globalThis as unknown as { bhTestPrintBuffer: string[] }).bhTestPrintBuffer.push(
    `${label}=${value >>> 0}\n`,
  );
}

/** @extern bh_print_i32 */
export function printI32(label: cstr, value: i32): void {
  (globalThis as unknown as { bhTestPrintBuffer: string[] }).bhTestPrintBuffer.push(
    `${label}=${value | 0}\n`,
  );
}

/** @extern bh_print_hex */
export function printHex(label: cstr, value: u32): void {
  const digits = (value >>> 0).toString(16).padStart(8, '0');
  (globalThis as unknown as { bhTestPrintBuffer: string[] }).bhTestPrintBuffer.push(`${label}=0x${digits}\n`);
}

/** @extern bh_print_bool */
export function printBool(label: cstr, value: bool): void {
  (globalThis as unknown as { bhTestPrintBuffer: string[] }).bhTestPrintBuffer.push(
    `${label}=${value ? 'true' : 'false'}\n`,
  );
}

/** @extern bh_print_f64 */
export function printF64(label: cstr, value: f64): void {
  if (Number.isNaN(value)) {
    (globalThis as unknown as { bhTestPrintBuffer: string[] }).bhTestPrintBuffer.push(`${label}=nan\n`);
    return;
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0).toString(16).padStart(16, '0');
  const exact = Number.isInteger(value) && Math.abs(value) <= 2 ** 53 ? ` (${value === 0 ? 0 : value})` : '';
  (globalThis as unknown as { bhTestPrintBuffer: string[] }).bhTestPrintBuffer.push(
    `${label}=f64:${bits}${exact}\n`,
  );
}

/** @extern bh_print_f32 */
export function printF32(label: cstr, value: f32): void {
  if (Number.isNaN(value)) {
    (globalThis as unknown as { bhTestPrintBuffer: string[] }).bhTestPrintBuffer.push(`${label}=nan\n`);
    return;
  }
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  const bits = view.getUint32(0).toString(16).padStart(8, '0');
  const exact = Number.isInteger(value) && Math.abs(value) <= 2 ** 53 ? ` (${value === 0 ? 0 : value})` : '';
  (globalThis as unknown as { bhTestPrintBuffer: string[] }).bhTestPrintBuffer.push(
    `${label}=f32:${bits}${exact}\n`,
  );
}

/** @extern bh_print_element */
export function printElement(label: cstr, value: u32): void {
  const canonical = typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
  (globalThis as unknown as { bhTestPrintBuffer: string[] }).bhTestPrintBuffer.push(
    canonical ? `${label}=${value}\n` : `${label}=no element (${String(value)})\n`,
  );
}

/** @extern bh_run_guarded_case */
export function runGuardedCase(vector: u32, index: u32): void {
  // The dispatcher (the batch module's `runCase`) is installed by the harness before `main` runs.
  const global = globalThis as unknown as {
    bhTestPrintBuffer: string[];
    bhGuardedCase?: (vector: number, index: number) => void;
  };
  const dispatch = global.bhGuardedCase;
  if (dispatch === undefined) throw new Error('runGuardedCase: no guarded case dispatcher installed');
  try {
    dispatch(vector, index);
  } catch (error) {
    // The runtime's BoundsError, matched by name (the runtime module can be loaded twice).
    if (!(error instanceof Error && error.constructor.name === 'BoundsError')) throw error;
    global.bhTestPrintBuffer.push(`c${index}.bounds\n`);
  }
}
