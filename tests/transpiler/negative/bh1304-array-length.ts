// Negative case: a typed array whose length is not constant (BH1304).
import { u32 } from '../../../transpiler/runtime/index.ts';

let size: u32 = 8;

export const buffer = new Uint8Array(/*^*/size); // expect: BH1304
