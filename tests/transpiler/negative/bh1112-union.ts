// Negative case: a union other than 'C | null' (BH1112).
import { bool, u32 } from '../../../transpiler/runtime/index.ts';

export function pick(value: /*^*/u32 | bool): void { // expect: BH1112
}
