// Negative case: arrays of arrays (BH1307).
import { u32 } from '../../../transpiler/runtime/index.ts';

export const grid: /*^*/u32[][] = [[1, 2], [3, 4]]; // expect: BH1307
