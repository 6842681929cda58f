// Negative case: Set collections (BH1507).
import { u32 } from '../../../transpiler/runtime/index.ts';

export const seen: /*^*/Set<u32> = new Set<u32>(); // expect: BH1507
