// Negative case: importing a module that does not exist (BH1611; TypeScript's own error is BH1612).

import { helper } from /*^*/'./does-not-exist.ts'; // expect: BH1611, BH1612

export function run(): void {
  helper();
}
