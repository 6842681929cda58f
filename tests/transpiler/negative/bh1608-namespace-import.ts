// Negative case: namespace imports (BH1608).

/*^*/import * as runtime from '../../../transpiler/runtime/index.ts'; // expect: BH1608

export function wrap(x: runtime.u32): runtime.u32 {
  return runtime.u32(x);
}
