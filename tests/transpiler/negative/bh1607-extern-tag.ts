// Negative case: '@extern' without a C symbol (BH1607). The diagnostic points at the tag inside the doc
// comment, where no marker can go, so the column is written out.
import { u32 } from '../../../transpiler/runtime/index.ts';

/** @extern */ // expect: BH1607 (column 5)
export function readTemperature(): u32 {
  return 20;
}
