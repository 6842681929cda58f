// Negative case: a top-level statement that is not a declaration (BH1020).
import { u32 } from '../../../transpiler/runtime/index.ts';

let ready: u32 = 0;

function init(): void {
  ready = 1;
}

/*^*/init(); // expect: BH1020
