// Negative case: an optional field in an interface for const data (BH1511).
import { u32 } from '../../../transpiler/runtime/index.ts';

interface Settings {
  readonly level: u32;
  /*^*/readonly note?: u32; // expect: BH1511
}

export const settings: Settings = { level: 1 } as const;
