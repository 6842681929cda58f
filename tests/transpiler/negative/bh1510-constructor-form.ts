// Negative case: a constructor that does more than assign fields (BH1510).
import { u32 } from '../../../transpiler/runtime/index.ts';

let created: u32 = 0;

export class Device {
  id: u32;
  constructor(id: u32) {
    this.id = id;
    /*^*/created = 1; // expect: BH1510
  }
}
