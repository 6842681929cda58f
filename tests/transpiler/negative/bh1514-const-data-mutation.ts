// Negative case: writing into const data, even through an interface field TypeScript lets change (BH1514).
import { u32 } from '../../../transpiler/runtime/index.ts';

interface Limits {
  max: u32;
}

const limits: Limits = { max: 10 } as const;

export function raise(): void {
  /*^*/limits.max = 20; // expect: BH1514
}
