// Negative case: Map collections (BH1507).
import { u32 } from '../../../transpiler/runtime/index.ts';

export const table: /*^*/Map<u32, u32> = new Map<u32, u32>(); // expect: BH1507
