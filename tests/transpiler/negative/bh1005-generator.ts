// Negative case: generator functions and 'yield' (BH1005); the Generator return type is not a subset
// type either (BH1105).
import { u32 } from '../../../transpiler/runtime/index.ts';

/*^*/export function* counter(): // expect: BH1005
  /*^*/Generator<u32> { // expect: BH1105
  /*^*/yield 1; // expect: BH1005
}
