// Negative case: 'implements' (BH1516).
import { u32 } from '../../../transpiler/runtime/index.ts';

interface Sized {
  readonly size: u32;
}

export class Block /*^*/implements Sized { // expect: BH1516
  size: u32 = 0;
}
