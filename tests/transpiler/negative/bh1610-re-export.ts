// Negative case: re-exports (BH1610).
import { u32 } from '../../../transpiler/runtime/index.ts';

function value(): u32 {
  return 1;
}

/*^*/export { value as publicValue }; // expect: BH1610
