// Negative case: reflective operators: 'instanceof' (BH1011).
import { bool, u32 } from '../../../transpiler/runtime/index.ts';

class Frame {
  id: u32 = 0;
}

export function isFrame(candidate: Frame): bool {
  return candidate /*^*/instanceof Frame; // expect: BH1011
}
