// Shared runner for rule tables: each case is a small module with one MARK where exactly one
// diagnostic of the expected code must be reported (and nothing else).
import { strict as assert } from 'node:assert';
import { formatDiagnostic } from '../../../transpiler/index.ts';
import { diagnosticsOf, markPosition } from './helpers.ts';

export const PRELUDE =
  "import { u8, u16, u32, i8, i16, i32, f32, f64, bool, cstr, mul, div, rem, checkIndex, checkRange, loadU16BE, loadU16LE, loadU32BE, loadU32LE, arrayOf, mmioRead32, mmioWrite32, setMmioBus } from 'RUNTIME';\n";

export interface RuleCase {
  name: string;
  code: string;
  source: string;
}

/** Registers one mocha test per case. */
export function ruleCases(cases: readonly RuleCase[]): void {
  for (const c of cases) {
    it(`${c.code}: ${c.name}`, () => {
      const source = PRELUDE + c.source;
      const where = markPosition(source);
      const diagnostics = diagnosticsOf(source);
      const shown = diagnostics.map(formatDiagnostic).join('\n');
      assert.equal(diagnostics.length, 1, `expected exactly one diagnostic, got:\n${shown}`);
      assert.equal(diagnostics[0].code, c.code, shown);
      assert.deepEqual({ line: diagnostics[0].line, column: diagnostics[0].column }, where, shown);
    });
  }
}
