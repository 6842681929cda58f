// Negative case: a value-returning function that can end without returning (BH1407). TypeScript accepts
// it (the switch covers every enum member), but C has no such guarantee: an out-of-range enum value
// would fall off the end.
import { u32 } from '../../../transpiler/runtime/index.ts';

enum Light {
  Red,
  Green,
}

export function /*^*/code(light: Light): u32 { // expect: BH1407
  switch (light) {
    case Light.Red:
      return 1;
    case Light.Green:
      return 2;
  }
}
