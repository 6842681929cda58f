// Negative case: indirect recursion through two functions (BH1401).
import { u32 } from '../../../transpiler/runtime/index.ts';

function ping(n: u32): u32 {
  if (n === 0) {
    return 0;
  }
  return pong(u32(n - 1));
}

function pong(n: u32): u32 {
  return /*^*/ping(n); // expect: BH1401
}

export function start(): u32 {
  return ping(4);
}
