// Negative case: converting an integer to an enum (BH1117).
import { u32 } from '../../../transpiler/runtime/index.ts';

enum Mode {
  Idle,
  Run,
}

export function fromRaw(raw: u32): Mode {
  const mode: Mode = /*^*/raw; // expect: BH1117
  return mode;
}
