// Negative case: '#' private names (BH1505).
import { u32 } from '../../../transpiler/runtime/index.ts';

export class Vault {
  /*^*/#secret: u32 = 0; // expect: BH1505
  read(): u32 {
    return this./*^*/#secret; // expect: BH1505
  }
}
