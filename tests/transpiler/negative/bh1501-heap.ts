// Negative case: heap allocation: 'new' inside a function (BH1501).
import { u32 } from '../../../transpiler/runtime/index.ts';

class Packet {
  length: u32 = 0;
}

export function make(): u32 {
  const packet = /*^*/new Packet(); // expect: BH1501
  return packet.length;
}
