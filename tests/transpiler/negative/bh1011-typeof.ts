// Negative case: reflective operators: 'typeof' in an expression (BH1011).
import { bool, u32 } from '../../../transpiler/runtime/index.ts';

export function isNumber(value: u32): bool {
  return /*^*/typeof value === 'number'; // expect: BH1011
}
