// Negative case: reflective operators: 'in' (BH1011).
import { bool, u32 } from '../../../transpiler/runtime/index.ts';

class Frame {
  id: u32 = 0;
}

const frame = new Frame();

export function hasId(): bool {
  return 'id' /*^*/in frame; // expect: BH1011
}
