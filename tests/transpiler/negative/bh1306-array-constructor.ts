// Negative case: arrays created with 'new Array' (BH1306).
import { u32 } from '../../../transpiler/runtime/index.ts';

export const slots: u32[] = /*^*/new Array<u32>(4); // expect: BH1306
