// Negative case: importing a Node module from transpiled code (BH1601).
import { u32 } from '../../../transpiler/runtime/index.ts';

import { cpus } from /*^*/'node:os'; // expect: BH1601

export function cores(): u32 {
  return u32(cpus().length);
}
