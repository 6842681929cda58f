// Negative case: the comma operator (BH1018).
import { u32 } from '../../../transpiler/runtime/index.ts';

let ticks: u32 = 0;

function tick(): void {
  ticks = u32(ticks + 1);
}

export function twice(): void {
  tick()/*^*/, tick(); // expect: BH1018
}
