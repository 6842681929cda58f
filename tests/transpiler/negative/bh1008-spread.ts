// Negative case: spread elements (BH1008).
import { u32 } from '../../../transpiler/runtime/index.ts';

const base: u32[] = [1, 2];

export const extended: u32[] = [/*^*/...base, 3]; // expect: BH1008
