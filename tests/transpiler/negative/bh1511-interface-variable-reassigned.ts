// Negative case: a module variable of interface type is a const object in C; it cannot be re-pointed
// at other const data (BH1511).
import { u32 } from '../../../transpiler/runtime/index.ts';

interface Config {
  readonly size: u32;
}

let active: Config = { size: 1 } as const;

export function install(config: Config): void {
  /*^*/active = config; // expect: BH1511
}

export function size(): u32 {
  return active.size;
}
